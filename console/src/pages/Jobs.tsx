import { useEffect, useRef, useState } from 'preact/hooks';
import { api, canRun, type FileJob, type Me, messageOf, type PresignedLink } from '../api';

/** How often the list is asked again while a job is queued or running. */
const POLL_MS = 1000;

const active = (j: FileJob) => j.status === 'queued' || j.status === 'running';
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
const name = (key: string) => key.split('/').pop() ?? key;

/**
 * HealthGuard dataset jobs over stored files: upload a JSONL or CSV file and analyse it, follow
 * the progress (the list is polled only while a job is unfinished), read the report's counts, and
 * get presigned links to the cleaned rows and the full report.
 */
export function Jobs({ me }: { me: Me }) {
  const [jobs, setJobs] = useState<FileJob[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [links, setLinks] = useState<Record<string, { cleaned: PresignedLink; report: PresignedLink }>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const load = () =>
    api<{ jobs: FileJob[] }>('GET', '/api/v1/healthguard/file-jobs?limit=50')
      .then((r) => {
        setJobs(r.jobs);
        setLoaded(true);
      })
      .catch((err) => setError(messageOf(err)));

  useEffect(() => {
    void load();
  }, []);
  // Polls while something is unfinished; stops by itself, and on leaving the page.
  const unfinished = jobs.some(active);
  useEffect(() => {
    if (!unfinished) return;
    const timer = setTimeout(() => void load(), POLL_MS);
    return () => clearTimeout(timer);
  }, [jobs, unfinished]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    setStatus('');
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const key = `datasets/${file.name}`;
      await api('POST', `/api/v1/files?key=${encodeURIComponent(key)}`, form);
      await api('POST', '/api/v1/healthguard/file-jobs', { file_key: key });
      setStatus(`${file.name} uploaded; its analysis is queued`);
      setFile(null);
      if (input.current) input.current.value = '';
      await load();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const getLinks = async (job: FileJob) => {
    setError(null);
    try {
      const got = await api<{ cleaned: PresignedLink; report: PresignedLink }>(
        'GET',
        `/api/v1/healthguard/file-jobs/${job.id}/downloads`,
      );
      setLinks({ ...links, [job.id]: got });
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title" tabIndex={-1}>
        Dataset jobs
      </h1>
      <p class="hint">
        HealthGuard looks for poisoned rows (injected instructions, trigger phrases, label noise, duplicates)
        in a JSONL or CSV dataset with a <code>text</code> column, and writes the kept rows and a report.
      </p>
      {canRun(me) && (
        <form class="card" onSubmit={submit} aria-label="Analyse a dataset">
          <label for="job-file">Dataset file (.jsonl or .csv)</label>
          <input
            id="job-file"
            ref={input}
            type="file"
            accept=".jsonl,.ndjson,.csv"
            required
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
          <div class="row">
            <button type="submit" disabled={busy || !file}>
              {busy ? 'Uploading…' : 'Upload and analyse'}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" class="hint">
        {status}
      </p>
      <div class="table-wrap">
        <table class="jobs" data-testid="jobs">
          <caption>Jobs of your organization, newest first</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Submitted</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Results</th>
              <th scope="col">Downloads</th>
            </tr>
          </thead>
          <tbody>
            {loaded && jobs.length === 0 && (
              <tr>
                <td colSpan={6}>No jobs yet.</td>
              </tr>
            )}
            {jobs.map((j) => {
              const s = j.summary;
              const got = links[j.id];
              return (
                <tr key={j.id} data-job={name(j.file_key)}>
                  <th scope="row">{name(j.file_key)}</th>
                  <td>{when(j.created_at)}</td>
                  <td>
                    <span class={`badge j-${j.status}`} data-testid="job-status">
                      {j.status}
                    </span>
                    {j.error && (
                      <>
                        <br />
                        <small>{j.error}</small>
                      </>
                    )}
                  </td>
                  <td>
                    <progress
                      max={100}
                      value={j.progress_percent}
                      aria-label={`Progress of ${name(j.file_key)}`}
                    />{' '}
                    {j.progress_percent.toFixed(0)}% · {j.rows_done} rows
                  </td>
                  <td data-testid="job-summary">
                    {s ? (
                      <>
                        {s.kept_rows} of {s.total_rows} rows kept
                        <br />
                        {s.poisoned_count} poisoned · {s.cross_chunk_duplicates} repeats
                        {Object.keys(s.counts_by_reason).length > 0 && (
                          <>
                            <br />
                            <small>
                              {Object.entries(s.counts_by_reason)
                                .map(([reason, n]) => `${reason.replaceAll('_', ' ')}: ${n}`)
                                .join(', ')}
                            </small>
                          </>
                        )}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {j.status === 'succeeded' &&
                      (got ? (
                        <span class="links">
                          <a href={got.cleaned.url} download>
                            Cleaned rows <span class="sr-only">of {name(j.file_key)}</span>
                          </a>
                          <a href={got.report.url} download>
                            Report <span class="sr-only">of {name(j.file_key)}</span>
                          </a>
                          <small>until {new Date(got.report.expires_at).toLocaleTimeString()}</small>
                        </span>
                      ) : (
                        <button type="button" class="secondary" onClick={() => void getLinks(j)}>
                          Get links <span class="sr-only">for {name(j.file_key)}</span>
                        </button>
                      ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
