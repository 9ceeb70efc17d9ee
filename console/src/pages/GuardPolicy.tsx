import { useEffect, useState } from 'preact/hooks';
import {
  ApiError,
  api,
  canRun,
  type DryRun,
  type FieldError,
  type GuardPolicyVersion,
  isAdmin,
  type Me,
  messageOf,
} from '../api';

const pretty = (policy: unknown) => JSON.stringify(policy, null, 2);
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * The organization's guard policy (issue 16): the version in force as JSON to edit, the API's
 * validation errors listed by field, a dry run of the draft on a text, and the version history.
 */
export function GuardPolicy({ me }: { me: Me }) {
  const admin = isAdmin(me);
  const [current, setCurrent] = useState<GuardPolicyVersion | null>(null);
  const [versions, setVersions] = useState<GuardPolicyVersion[]>([]);
  const [draft, setDraft] = useState('');
  const [comment, setComment] = useState('');
  const [fields, setFields] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const [stage, setStage] = useState<'input' | 'output'>('input');
  const [dry, setDry] = useState<DryRun | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      const [now, history] = await Promise.all([
        api<GuardPolicyVersion>('GET', '/api/v1/guard-policy'),
        api<{ versions: GuardPolicyVersion[] }>('GET', '/api/v1/guard-policy/versions'),
      ]);
      setCurrent(now);
      setVersions(history.versions);
      setDraft(pretty(now.policy));
    } catch (err) {
      setError(messageOf(err));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  /** The draft as an object, or the JSON syntax error shown at the editor. */
  const parsed = (): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(draft);
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return value as Record<string, unknown>;
      setFields([{ field: 'policy', message: 'must be a JSON object' }]);
    } catch (err) {
      setFields([{ field: 'policy', message: `not valid JSON: ${(err as Error).message}` }]);
    }
    return undefined;
  };

  const failed = (err: unknown) => {
    if (err instanceof ApiError && err.fields.length > 0) setFields(err.fields);
    else setError(messageOf(err));
  };

  const begin = () => {
    setError(null);
    setStatus('');
    setFields([]);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    begin();
    const policy = parsed();
    if (!policy || !current) return;
    setBusy(true);
    try {
      const saved = await api<GuardPolicyVersion>('PUT', '/api/v1/guard-policy', {
        policy,
        expected_version: current.version,
        ...(comment ? { comment } : {}),
      });
      setComment('');
      await load();
      setStatus(`Saved as version ${saved.version}`);
    } catch (err) {
      failed(err);
    } finally {
      setBusy(false);
    }
  };

  const dryRun = async () => {
    begin();
    const policy = parsed();
    if (!policy) return;
    setBusy(true);
    try {
      setDry(await api<DryRun>('POST', '/api/v1/guard-policy/dry-run', { text, stage, policy }));
    } catch (err) {
      failed(err);
    } finally {
      setBusy(false);
    }
  };

  const invalid = fields.length > 0;
  return (
    <section aria-labelledby="gp-title">
      <h1 id="gp-title" tabIndex={-1}>
        Guard policy
      </h1>
      <p class="hint">
        Which guards run on prompts (input) and answers (output), their settings, and the action per finding
        type. Calls that name no guards follow it.
        {!admin &&
          ` Your role (${me.role ?? 'none'}) can read it and dry-run drafts; saving needs an owner or admin.`}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" class="hint" data-testid="gp-status">
        {status}
      </p>
      {current && (
        <form class="card" onSubmit={save} aria-label="Edit the guard policy">
          <p>
            In force: <strong data-testid="gp-version">version {current.version}</strong>
            {current.version === 0 ? ' (the default: none saved yet)' : ` since ${when(current.created_at)}`}
          </p>
          <label for="gp-draft">Policy (JSON)</label>
          <textarea
            id="gp-draft"
            class="code"
            rows={16}
            spellcheck={false}
            value={draft}
            aria-invalid={invalid}
            aria-describedby={invalid ? 'gp-errors' : undefined}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          {invalid && (
            <div id="gp-errors" class="error" role="alert" data-testid="gp-errors">
              <p>The draft has {fields.length === 1 ? 'a problem' : `${fields.length} problems`}:</p>
              <ul class="field-list">
                {fields.map((f) => (
                  <li key={f.field + f.message}>
                    <code>{f.field}</code>: {f.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div class="row">
            <button
              type="button"
              class="secondary"
              onClick={() => current && setDraft(pretty(current.policy))}
            >
              Reset to the version in force
            </button>
          </div>
          {admin && (
            <>
              <label for="gp-comment">Comment for this version (optional)</label>
              <input
                id="gp-comment"
                maxLength={500}
                value={comment}
                onInput={(e) => setComment(e.currentTarget.value)}
              />
              <div class="row">
                <button type="submit" disabled={busy}>
                  Save as version {current.version + 1}
                </button>
              </div>
            </>
          )}
        </form>
      )}
      {canRun(me) && (
        <div class="card">
          <h2>Dry run of the draft</h2>
          <p class="hint">Runs the draft above on a text; nothing is saved or enforced.</p>
          <label for="gp-text">Text</label>
          <textarea id="gp-text" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          <div class="row">
            <label for="gp-stage">Stage</label>
            <select
              id="gp-stage"
              value={stage}
              onChange={(e) => setStage(e.currentTarget.value as 'input' | 'output')}
            >
              <option value="input">input (a prompt)</option>
              <option value="output">output (a model's answer)</option>
            </select>
            <button type="button" disabled={busy || !text} onClick={() => void dryRun()}>
              Dry-run the draft
            </button>
          </div>
          {dry && (
            <div aria-live="polite" data-testid="dry-run">
              <h3>
                Decision: <span class={`badge d-${dry.decision}`}>{dry.decision}</span>
                {dry.shadow && ` (shadow mode; would ${dry.would})`}
              </h3>
              <p>Guards run: {dry.guards.join(', ') || 'none'}</p>
              {dry.findings.length > 0 && (
                <div class="table-wrap">
                  <table>
                    <caption>Findings and the action the draft takes</caption>
                    <thead>
                      <tr>
                        <th scope="col">Guard</th>
                        <th scope="col">Type</th>
                        <th scope="col">Severity</th>
                        <th scope="col">Action</th>
                        <th scope="col">Message</th>
                      </tr>
                    </thead>
                    <tbody>
                      {dry.findings.map((f, i) => (
                        <tr key={`${f.guard}-${f.type}-${i}`}>
                          <th scope="row">{f.guard}</th>
                          <td>{f.category ? `${f.type}:${f.category}` : f.type}</td>
                          <td>{f.severity}</td>
                          <td class="action">{f.action}</td>
                          <td>{f.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {dry.errors.map((e) => (
                <p class="error" key={e.guard}>
                  {e.guard}: {e.message}
                </p>
              ))}
              {dry.text !== undefined && (
                <>
                  <h3>Rewritten text</h3>
                  <pre class="redacted">{dry.text}</pre>
                </>
              )}
            </div>
          )}
        </div>
      )}
      <div class="table-wrap">
        <table data-testid="gp-versions">
          <caption>Version history, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">Comment</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {versions.length === 0 && (
              <tr>
                <td colSpan={4}>No saved versions: the default policy applies.</td>
              </tr>
            )}
            {versions.map((v) => (
              <tr key={v.version} data-version={v.version}>
                <th scope="row">{v.version}</th>
                <td>{when(v.created_at)}</td>
                <td>{v.comment ?? '—'}</td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => {
                      setDraft(pretty(v.policy));
                      setFields([]);
                      setStatus(`Version ${v.version} loaded into the editor`);
                    }}
                  >
                    Load <span class="sr-only">version {v.version}</span> into the editor
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
