import { useEffect, useState } from 'preact/hooks';
import { api, isAdmin, type Me } from '../api';
import { ConfirmAction } from '../ConfirmAction';

const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;

interface Member {
  user_id: string;
  email: string;
  name: string | null;
  role: string;
  joined_at: string;
}

export function Members({ me }: { me: Me }) {
  const org = me.organization_id;
  const [members, setMembers] = useState<Member[]>([]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('member');
  const [roles, setRoles] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const canAdmin = isAdmin(me);

  const load = () =>
    org
      ? api<{ members: Member[] }>('GET', `/api/v1/organizations/${org}/members`)
          .then((r) => {
            setMembers(r.members);
            setRoles(Object.fromEntries(r.members.map((m) => [m.user_id, m.role])));
          })
          .catch((err: Error) => setError(err.message))
      : Promise.resolve();
  useEffect(() => {
    void load();
  }, [org]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setError(null);
    setStatus('');
    try {
      await work();
      setStatus(done);
      await load();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const setMember = (memberEmail: string, memberRole: string) =>
    api('PUT', `/api/v1/organizations/${org}/members`, { email: memberEmail, role: memberRole });

  if (!org) return <p>You belong to no organization.</p>;
  return (
    <section aria-labelledby="members-title">
      <h1 id="members-title" tabIndex={-1}>
        Members
      </h1>
      {canAdmin && (
        <form
          class="card"
          aria-label="Add a member"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => setMember(email, role), `${email} is now ${role}`).then(() => setEmail(''));
          }}
        >
          <p class="hint">The person must have registered an account first.</p>
          <label for="member-email">Email</label>
          <input
            id="member-email"
            type="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          <label for="member-role">Role</label>
          <select id="member-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>{' '}
          <button type="submit" disabled={!email}>
            Add or change
          </button>
        </form>
      )}
      <p role="status" class="hint">
        {status}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="table-wrap">
        <table>
          <caption>Members of your organization</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {canAdmin && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.user_id} data-member={m.email}>
                <th scope="row">{m.email}</th>
                <td>{m.name ?? '—'}</td>
                <td>
                  {canAdmin ? (
                    <span class="row">
                      <select
                        aria-label={`Role of ${m.email}`}
                        value={roles[m.user_id] ?? m.role}
                        onChange={(e) => setRoles({ ...roles, [m.user_id]: e.currentTarget.value })}
                      >
                        {ROLES.map((r) => (
                          <option key={r}>{r}</option>
                        ))}
                      </select>
                      {roles[m.user_id] !== m.role && (
                        <button
                          type="button"
                          onClick={() =>
                            void act(
                              () => setMember(m.email, roles[m.user_id]!),
                              `${m.email} is now ${roles[m.user_id]}`,
                            )
                          }
                        >
                          Save role of {m.email}
                        </button>
                      )}
                    </span>
                  ) : (
                    <span class="role">{m.role}</span>
                  )}
                </td>
                <td>{new Date(m.joined_at).toLocaleDateString()}</td>
                {canAdmin && (
                  <td>
                    {m.user_id === me.user.id ? (
                      '—'
                    ) : (
                      <ConfirmAction
                        action="Remove"
                        confirm="Confirm removing"
                        target={m.email}
                        asking={confirming === m.user_id}
                        onAsk={() => setConfirming(m.user_id)}
                        onCancel={() => setConfirming(null)}
                        onConfirm={() => {
                          setConfirming(null);
                          void act(
                            () => api('DELETE', `/api/v1/organizations/${org}/members/${m.user_id}`),
                            `${m.email} was removed`,
                          );
                        }}
                      />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
