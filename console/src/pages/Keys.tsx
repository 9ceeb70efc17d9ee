import { useEffect, useState } from 'preact/hooks';
import { type ApiKey, api, isAdmin, type Me } from '../api';
import { ConfirmAction } from '../ConfirmAction';

const SCOPES = ['guards:run', 'read', 'admin'] as const;
const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

export function Keys({ me }: { me: Me }) {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<string>>(new Set(['guards:run']));
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canAdmin = isAdmin(me);

  const load = () =>
    api<{ api_keys: ApiKey[] }>('GET', '/api/v1/api-keys')
      .then((r) => setKeys(r.api_keys))
      .catch((err: Error) => setError(err.message));
  useEffect(() => {
    void load();
  }, []);

  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const r = await api<ApiKey & { key: string }>('POST', '/api/v1/api-keys', {
        name,
        scopes: [...scopes],
      });
      setCreated({ name: r.name, key: r.key });
      setName('');
      await load();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const revoke = async (id: string) => {
    setError(null);
    setConfirming(null);
    try {
      await api('DELETE', `/api/v1/api-keys/${id}`);
      await load();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title" tabIndex={-1}>
        API keys
      </h1>
      {canAdmin && (
        <form class="card" onSubmit={create} aria-label="Create an API key">
          <label for="key-name">Name</label>
          <input
            id="key-name"
            required
            maxLength={100}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <fieldset>
            <legend>Scopes</legend>
            <div class="checks">
              {SCOPES.map((s) => (
                <label class="check" key={s}>
                  <input
                    type="checkbox"
                    checked={scopes.has(s)}
                    onChange={() => {
                      const next = new Set(scopes);
                      if (next.has(s)) next.delete(s);
                      else next.add(s);
                      setScopes(next);
                    }}
                  />{' '}
                  {s}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" disabled={!name || scopes.size === 0}>
            Create key
          </button>
        </form>
      )}
      {created && (
        <div class="card notice" role="status">
          <p>
            The key <strong>{created.name}</strong> is shown only now; copy it and keep it safe:
          </p>
          <code class="secret" data-testid="new-key">
            {created.key}
          </code>
          <div class="row">
            <button
              type="button"
              class="secondary"
              onClick={() => void navigator.clipboard?.writeText(created.key)}
            >
              Copy
            </button>
            <button type="button" class="secondary" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="table-wrap">
        <table>
          <caption>Keys of your organization</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              {canAdmin && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-key-name={k.name}>
                <th scope="row">{k.name}</th>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.scopes.join(', ')}</td>
                <td>{date(k.created_at)}</td>
                <td>{date(k.last_used_at)}</td>
                <td class="status">{k.revoked_at ? 'revoked' : 'active'}</td>
                {canAdmin && (
                  <td>
                    {!k.revoked_at && (
                      <ConfirmAction
                        action="Revoke"
                        confirm="Confirm revoke"
                        target={k.name}
                        asking={confirming === k.id}
                        onAsk={() => setConfirming(k.id)}
                        onCancel={() => setConfirming(null)}
                        onConfirm={() => void revoke(k.id)}
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
