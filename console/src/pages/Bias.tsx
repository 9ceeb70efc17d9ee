import { useEffect, useState } from 'preact/hooks';
import {
  api,
  type BiasPolicy,
  type BiasViolation,
  type Enforcement,
  isAdmin,
  type Me,
  messageOf,
} from '../api';
import { ConfirmAction } from '../ConfirmAction';

/** BiasGuard's categories (src/guards/biasguard/lexicon.ts); the API refuses any other with a 400. */
const CATEGORIES = [
  'gender',
  'race_ethnicity',
  'age',
  'disability',
  'religion',
  'nationality',
  'sexual_orientation',
  'socioeconomic',
  'physical_appearance',
] as const;
const ENFORCEMENTS: Enforcement[] = ['flag', 'review', 'block'];
const FILTERS = [
  ['false', 'Open'],
  ['true', 'Resolved'],
  ['', 'All'],
] as const;

interface Draft {
  name: string;
  description: string;
  categories: Set<string>;
  threshold: string;
  enforcement: Enforcement;
  priority: string;
  enabled: boolean;
}

const EMPTY: Draft = {
  name: '',
  description: '',
  categories: new Set(),
  threshold: '0.5',
  enforcement: 'flag',
  priority: '0',
  enabled: true,
};

const draftOf = (p: BiasPolicy): Draft => ({
  name: p.name,
  description: p.description ?? '',
  categories: new Set(p.categories),
  threshold: String(p.threshold),
  enforcement: p.enforcement,
  priority: String(p.priority),
  enabled: p.enabled,
});

const when = (iso: string) => new Date(iso).toLocaleString();

function PolicyForm(props: {
  editing: BiasPolicy | null;
  onSaved: (name: string) => void;
  onCancel: () => void;
  onError: (message: string | null) => void;
}) {
  // The page mounts a new form for each policy edited (its key), so the draft starts from that
  // policy on the first render: an effect would show the previous draft under the new title first.
  const [d, setD] = useState<Draft>(props.editing ? draftOf(props.editing) : EMPTY);
  // From the latest state: several inputs can change before the next render (a fast typist, a test).
  const set = (patch: Partial<Draft>) => setD((prev) => ({ ...prev, ...patch }));

  const save = async (event: Event) => {
    event.preventDefault();
    props.onError(null);
    const body = {
      name: d.name,
      description: d.description || undefined,
      categories: [...d.categories],
      threshold: Number(d.threshold),
      enforcement: d.enforcement,
      priority: Number(d.priority),
      enabled: d.enabled,
    };
    try {
      if (props.editing) await api('PATCH', `/api/v1/biasguard/policies/${props.editing.id}`, body);
      else await api('POST', '/api/v1/biasguard/policies', body);
      props.onSaved(d.name);
      setD(EMPTY);
    } catch (err) {
      props.onError(messageOf(err));
    }
  };

  const title = props.editing ? `Edit policy ${props.editing.name}` : 'Create a policy';
  return (
    <form class="card" onSubmit={save} aria-label={title}>
      <h2>{title}</h2>
      <label for="bp-name">Name</label>
      <input
        id="bp-name"
        required
        maxLength={200}
        value={d.name}
        onInput={(e) => set({ name: e.currentTarget.value })}
      />
      <label for="bp-description">Description (optional)</label>
      <input
        id="bp-description"
        maxLength={2000}
        value={d.description}
        onInput={(e) => set({ description: e.currentTarget.value })}
      />
      <fieldset>
        <legend>Categories (none ticked: all)</legend>
        <div class="checks">
          {CATEGORIES.map((c) => (
            <label class="check" key={c}>
              <input
                type="checkbox"
                checked={d.categories.has(c)}
                onChange={() => {
                  const next = new Set(d.categories);
                  if (next.has(c)) next.delete(c);
                  else next.add(c);
                  set({ categories: next });
                }}
              />{' '}
              {c.replaceAll('_', ' ')}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="fields">
        <div>
          <label for="bp-threshold">Threshold (0 to 1)</label>
          <input
            id="bp-threshold"
            type="number"
            min={0}
            max={1}
            step={0.05}
            required
            value={d.threshold}
            onInput={(e) => set({ threshold: e.currentTarget.value })}
          />
        </div>
        <div>
          <label for="bp-enforcement">Enforcement</label>
          <select
            id="bp-enforcement"
            value={d.enforcement}
            onChange={(e) => set({ enforcement: e.currentTarget.value as Enforcement })}
          >
            {ENFORCEMENTS.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="bp-priority">Priority</label>
          <input
            id="bp-priority"
            type="number"
            min={-1000}
            max={1000}
            step={1}
            required
            value={d.priority}
            onInput={(e) => set({ priority: e.currentTarget.value })}
          />
        </div>
      </div>
      <label class="check">
        <input type="checkbox" checked={d.enabled} onChange={() => set({ enabled: !d.enabled })} /> Enabled
      </label>
      <div class="row">
        <button type="submit" disabled={!d.name}>
          {props.editing ? 'Save policy' : 'Create policy'}
        </button>
        {props.editing && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            Cancel editing
          </button>
        )}
      </div>
    </form>
  );
}

/** BiasGuard's organization policies (create, edit, delete) and the violations they recorded (resolve). */
export function Bias({ me }: { me: Me }) {
  const admin = isAdmin(me);
  const [policies, setPolicies] = useState<BiasPolicy[]>([]);
  const [violations, setViolations] = useState<BiasViolation[]>([]);
  const [filter, setFilter] = useState<string>('false');
  const [editing, setEditing] = useState<BiasPolicy | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [resolving, setResolving] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const loadPolicies = () =>
    api<{ policies: BiasPolicy[] }>('GET', '/api/v1/biasguard/policies')
      .then((r) => setPolicies(r.policies))
      .catch((err) => setError(messageOf(err)));
  const loadViolations = (f: string) =>
    api<{ violations: BiasViolation[] }>(
      'GET',
      `/api/v1/biasguard/violations?limit=100${f ? `&resolved=${f}` : ''}`,
    )
      .then((r) => setViolations(r.violations))
      .catch((err) => setError(messageOf(err)));
  useEffect(() => {
    void loadPolicies();
  }, []);
  useEffect(() => {
    void loadViolations(filter);
  }, [filter]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setError(null);
    setStatus('');
    try {
      await work();
      setStatus(done);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const remove = (p: BiasPolicy) => {
    setConfirming(null);
    void act(async () => {
      await api('DELETE', `/api/v1/biasguard/policies/${p.id}`);
      if (editing?.id === p.id) setEditing(null);
      await loadPolicies();
    }, `Policy ${p.name} deleted`);
  };

  const resolve = (v: BiasViolation) =>
    void act(async () => {
      await api('POST', `/api/v1/biasguard/violations/${v.id}/resolve`, {
        resolved_by: me.user.email,
        ...(note ? { notes: note } : {}),
      });
      setResolving(null);
      setNote('');
      await loadViolations(filter);
    }, `Violation ${v.id} resolved`);

  const policyName = (v: BiasViolation) =>
    v.details.policy_name ?? policies.find((p) => p.id === v.policy_id)?.name ?? v.policy_id;

  return (
    <section aria-labelledby="bias-title">
      <h1 id="bias-title" tabIndex={-1}>
        Bias policies
      </h1>
      <p class="hint">
        BiasGuard checks of your organization are evaluated against its enabled policies; each breach is
        recorded as a violation to review.
        {!admin && ` Your role (${me.role ?? 'none'}) can read them; changes need an owner or admin.`}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" class="hint">
        {status}
      </p>
      {admin && (
        <PolicyForm
          key={editing?.id ?? 'new'}
          editing={editing}
          onSaved={(name) => {
            setStatus(editing ? `Policy ${name} saved` : `Policy ${name} created`);
            setEditing(null);
            void loadPolicies();
          }}
          onCancel={() => setEditing(null)}
          onError={setError}
        />
      )}
      <div class="table-wrap">
        <table data-testid="bias-policies">
          <caption>Policies, highest priority first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Categories</th>
              <th scope="col">Threshold</th>
              <th scope="col">Enforcement</th>
              <th scope="col">Priority</th>
              <th scope="col">Enabled</th>
              {admin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {policies.length === 0 && (
              <tr>
                <td colSpan={admin ? 7 : 6}>No policies yet.</td>
              </tr>
            )}
            {policies.map((p) => (
              <tr key={p.id} data-policy={p.name}>
                <th scope="row">{p.name}</th>
                <td>{p.categories.length ? p.categories.join(', ') : 'all'}</td>
                <td>{p.threshold}</td>
                <td class="enforcement">{p.enforcement}</td>
                <td>{p.priority}</td>
                <td>{p.enabled ? 'yes' : 'no'}</td>
                {admin && (
                  <td>
                    <span class="row">
                      <button type="button" class="secondary" onClick={() => setEditing(p)}>
                        Edit <span class="sr-only">{p.name}</span>
                      </button>
                      <ConfirmAction
                        action="Delete"
                        confirm="Confirm deleting"
                        target={p.name}
                        asking={confirming === p.id}
                        onAsk={() => setConfirming(p.id)}
                        onCancel={() => setConfirming(null)}
                        onConfirm={() => remove(p)}
                      />
                    </span>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="violations-title">Violations</h2>
      <div class="row">
        <label for="v-filter">Show</label>
        <select id="v-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value)}>
          {FILTERS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button type="button" class="secondary" onClick={() => void loadViolations(filter)}>
          Refresh violations
        </button>
      </div>
      <div class="table-wrap">
        <table data-testid="bias-violations" aria-labelledby="violations-title">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Policy</th>
              <th scope="col">Category</th>
              <th scope="col">Severity</th>
              <th scope="col">Impact</th>
              <th scope="col">Status</th>
              {admin && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {violations.length === 0 && (
              <tr>
                <td colSpan={admin ? 7 : 6}>No violations to show.</td>
              </tr>
            )}
            {violations.map((v) => (
              <tr key={v.id} data-violation={v.id}>
                <th scope="row">{when(v.created_at)}</th>
                <td>{policyName(v)}</td>
                <td>
                  {v.category.replaceAll('_', ' ')}
                  <br />
                  <small>{v.violation_type}</small>
                </td>
                <td>{v.severity}</td>
                <td>{v.impact_score.toFixed(2)}</td>
                <td class="status">
                  {v.resolved ? 'resolved' : 'open'}
                  {v.resolved && v.resolution_notes && (
                    <>
                      <br />
                      <small>{v.resolution_notes}</small>
                    </>
                  )}
                </td>
                {admin && (
                  <td>
                    {!v.resolved &&
                      (resolving === v.id ? (
                        <form
                          class="resolve"
                          onSubmit={(e) => {
                            e.preventDefault();
                            resolve(v);
                          }}
                        >
                          <label for={`note-${v.id}`}>Resolution note</label>
                          <input
                            id={`note-${v.id}`}
                            maxLength={4000}
                            value={note}
                            onInput={(e) => setNote(e.currentTarget.value)}
                          />
                          <span class="row">
                            <button type="submit">Resolve violation {v.id}</button>
                            <button type="button" class="secondary" onClick={() => setResolving(null)}>
                              Cancel
                            </button>
                          </span>
                        </form>
                      ) : (
                        <button
                          type="button"
                          class="secondary"
                          onClick={() => {
                            setNote('');
                            setResolving(v.id);
                          }}
                        >
                          Resolve… <span class="sr-only">violation {v.id}</span>
                        </button>
                      ))}
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
