import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { jsonForPostgres } from '../../../storage/db/text.js';
import type { Database } from '../../../storage/db/types.js';
import type { DatasetReport, DatasetRow } from '../dataset/types.js';
import type { WorkerPool } from './pool.js';

/**
 * Dataset-analysis jobs: created queued, run on the worker pool, progress written to the
 * database (throttled), the result stored as JSON so it can be fetched by id after a restart.
 * Jobs still queued or running when a process starts were interrupted and are marked failed.
 */

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job {
  id: string;
  organization_id: string;
  status: JobStatus;
  phase: string | null;
  progress_percent: number;
  rows_done: number;
  rows_total: number;
  source: string;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);

function toJob(r: Record<string, unknown>): Job {
  return {
    id: String(r.id),
    organization_id: String(r.organization_id),
    status: String(r.status) as JobStatus,
    phase: r.phase === null ? null : String(r.phase),
    progress_percent: Number(r.progress_percent),
    rows_done: Number(r.rows_done),
    rows_total: Number(r.rows_total),
    source: String(r.source),
    error: r.error === null ? null : String(r.error),
    created_at: iso(r.created_at) ?? '',
    started_at: iso(r.started_at),
    finished_at: iso(r.finished_at),
  };
}

export class JobStore {
  constructor(private readonly db: Database) {}

  async create(organizationId: string, source: string, rowsTotal: number): Promise<Job> {
    const rows = await this.db.query(
      `INSERT INTO healthguard_jobs (id, organization_id, status, source, rows_total) VALUES ($1, $2, 'queued', $3, $4) RETURNING *`,
      [randomUUID(), organizationId, source, rowsTotal],
    );
    const row = rows[0];
    if (!row) throw new Error('job insert returned no row');
    return toJob(row);
  }

  async get(id: string, organizationId?: string): Promise<Job | undefined> {
    const rows = await this.db.query(
      `SELECT id, organization_id, status, phase, progress_percent, rows_done, rows_total, source, error, created_at, started_at, finished_at
       FROM healthguard_jobs WHERE id = $1 ${organizationId ? 'AND organization_id = $2' : ''}`,
      organizationId ? [id, organizationId] : [id],
    );
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  async result(id: string, organizationId?: string): Promise<DatasetReport | undefined> {
    const rows = await this.db.query<{ result: unknown }>(
      `SELECT result FROM healthguard_jobs WHERE id = $1 AND status = 'succeeded' ${organizationId ? 'AND organization_id = $2' : ''}`,
      organizationId ? [id, organizationId] : [id],
    );
    const r = rows[0]?.result;
    if (r === undefined || r === null) return undefined;
    return (typeof r === 'string' ? JSON.parse(r) : r) as DatasetReport;
  }

  async progress(
    id: string,
    p: { phase: string; rowsDone: number; rowsTotal: number; percent: number },
  ): Promise<void> {
    await this.db.query(
      `UPDATE healthguard_jobs SET status = 'running', phase = $2, rows_done = $3, rows_total = $4, progress_percent = $5,
         started_at = COALESCE(started_at, now()), updated_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, p.phase, p.rowsDone, p.rowsTotal, p.percent],
    );
  }

  async succeed(id: string, report: DatasetReport): Promise<void> {
    await this.db.query(
      `UPDATE healthguard_jobs SET status = 'succeeded', phase = 'done', progress_percent = 100, rows_done = $2, rows_total = $2,
         result = $3::jsonb, finished_at = now(), updated_at = now() WHERE id = $1`,
      [id, report.total_rows, jsonForPostgres(report)],
    );
  }

  async fail(id: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE healthguard_jobs SET status = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE id = $1`,
      [id, message],
    );
  }

  /**
   * Marks jobs left queued or running by a process that is gone as failed; returns how many. A
   * job counts as abandoned when it has not written progress for `staleMs`, so replicas sharing
   * one database do not fail each other's live jobs.
   */
  async failInterrupted(staleMs = 10 * 60_000): Promise<number> {
    const rows = await this.db.query(
      `UPDATE healthguard_jobs SET status = 'failed', error = 'interrupted (no progress for a while); submit the dataset again',
         finished_at = now(), updated_at = now()
       WHERE status IN ('queued', 'running') AND updated_at < now() - ($1::double precision * interval '1 millisecond') RETURNING id`,
      [staleMs],
    );
    return rows.length;
  }
}

/** Submits jobs to the pool and keeps the store up to date. */
export class JobRunner {
  private readonly running = new Set<Promise<void>>();

  constructor(
    readonly store: JobStore,
    private readonly pool: WorkerPool,
    private readonly logger: Logger,
    private readonly threshold: number,
    /** Resolves once start-up bookkeeping (interrupted jobs) is done; submissions wait for it. */
    private readonly ready: Promise<void> = Promise.resolve(),
    /** Minimum milliseconds between two progress writes of one job. */
    private readonly progressEveryMs = 250,
  ) {}

  async submit(organizationId: string, input: { rows: DatasetRow[] } | { path: string }): Promise<Job> {
    await this.ready;
    const isRows = 'rows' in input;
    const job = await this.store.create(
      organizationId,
      isRows ? 'inline' : `file:${input.path}`,
      isRows ? input.rows.length : 0,
    );
    let lastWrite = 0;
    let lastPhase = '';
    let writing: Promise<void> = Promise.resolve();
    const onProgress = (p: { phase: string; rowsDone: number; rowsTotal: number; percent: number }) => {
      const now = Date.now();
      // Every phase change is written; within a phase, at most one write per interval.
      if (p.phase === lastPhase && now - lastWrite < this.progressEveryMs && p.percent < 100) return;
      lastWrite = now;
      lastPhase = p.phase;
      // Progress writes are chained so they land in order and never overtake the final status.
      writing = writing
        .then(() => this.store.progress(job.id, p))
        .catch((err) => this.logger.warn({ err, job: job.id }, 'healthguard job progress write failed'));
    };
    const task = isRows
      ? this.pool.run({ kind: 'rows', rows: input.rows, threshold: this.threshold }, onProgress)
      : this.pool.run({ kind: 'file', path: input.path, threshold: this.threshold }, onProgress);
    const done = task
      .then(async (report) => {
        await writing;
        await this.store.succeed(job.id, report);
      })
      .catch(async (err: Error) => {
        await writing;
        await this.store
          .fail(job.id, err.message)
          .catch((e) => this.logger.error({ err: e, job: job.id }, 'healthguard job status write failed'));
      })
      .finally(() => this.running.delete(done));
    this.running.add(done);
    return job;
  }

  /** Resolves when every submitted job has finished (tests and graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
