import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { AppError } from '../../../errors.js';
import { jsonForPostgres } from '../../../storage/db/text.js';
import type { Database } from '../../../storage/db/types.js';
import { mediaType } from '../../../storage/files/keys.js';
import type { FileStore } from '../../../storage/files/types.js';
import type { DatasetRow } from '../dataset/types.js';
import { emptyFileReport, type FileReport, mergeChunk } from './file-report.js';
import type { WorkerPool } from './pool.js';
import { RowHashSet } from './row-hashes.js';
import { readRows } from './row-stream.js';

/**
 * HealthGuard dataset jobs over stored files. The file is streamed, cut into chunks of rows, each
 * chunk analysed on the worker pool; the kept rows of each chunk go to the store as a part, and
 * after every chunk the job records a checkpoint (rows done, report so far). A job whose process
 * died is picked up by any process once its lease lapses, and resumes after the last checkpoint.
 * At the end the parts are joined into `healthguard/jobs/<id>/cleaned.jsonl` and the report written
 * to `healthguard/jobs/<id>/report.json`, both in the job's organization, downloadable by presigned URL.
 */

export type FileJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface FileJob {
  id: string;
  organization_id: string;
  file_key: string;
  format: 'jsonl' | 'csv';
  status: FileJobStatus;
  progress_percent: number;
  rows_done: number;
  bytes_done: number;
  bytes_total: number;
  chunks_done: number;
  resumed_count: number;
  cleaned_key: string | null;
  report_key: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

interface JobRow extends FileJob {
  threshold: number;
  source_sha256: string | null;
  checkpoint: FileReport | null;
}

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);

function toJob(r: Record<string, unknown>): JobRow {
  const checkpoint = r.checkpoint;
  return {
    id: String(r.id),
    organization_id: String(r.organization_id),
    file_key: String(r.file_key),
    format: r.format === 'csv' ? 'csv' : 'jsonl',
    status: String(r.status) as FileJobStatus,
    progress_percent: Number(r.progress_percent),
    rows_done: Number(r.rows_done),
    bytes_done: Number(r.bytes_done),
    bytes_total: Number(r.bytes_total),
    chunks_done: Number(r.chunks_done),
    resumed_count: Number(r.resumed_count),
    cleaned_key: r.cleaned_key === null ? null : String(r.cleaned_key),
    report_key: r.report_key === null ? null : String(r.report_key),
    error: r.error === null ? null : String(r.error),
    created_at: iso(r.created_at) ?? '',
    started_at: iso(r.started_at),
    finished_at: iso(r.finished_at),
    threshold: Number(r.threshold),
    source_sha256: r.source_sha256 === null ? null : String(r.source_sha256),
    checkpoint: (typeof checkpoint === 'string'
      ? JSON.parse(checkpoint)
      : (checkpoint ?? null)) as FileReport | null,
  };
}

const publicJob = ({ threshold: _t, source_sha256: _s, checkpoint: _c, ...job }: JobRow): FileJob => job;

/** The counts of a file job's report: what a list of jobs shows. */
export interface FileJobSummary {
  total_rows: number;
  kept_rows: number;
  poisoned_count: number;
  cross_chunk_duplicates: number;
  counts_by_reason: FileReport['counts_by_reason'];
  trigger_phrases: number;
}

const summaryOf = (r: FileReport): FileJobSummary => ({
  total_rows: r.total_rows,
  kept_rows: r.kept_rows,
  poisoned_count: r.poisoned_count,
  cross_chunk_duplicates: r.cross_chunk_duplicates,
  counts_by_reason: r.counts_by_reason,
  trigger_phrases: r.trigger_phrases.length,
});

/** 52 bits of a SHA-1 of the normalized text: exact-duplicate detection across chunks in 8 bytes a row. */
function textHash(text: string): number {
  const normalized = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return Number.parseInt(createHash('sha1').update(normalized).digest('hex').slice(0, 13), 16);
}

export function formatOf(key: string, contentType: string): 'jsonl' | 'csv' | undefined {
  const type = mediaType(contentType);
  if (/\.csv$/i.test(key) || type === 'text/csv') return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(key) || type === 'application/jsonl' || type === 'application/x-ndjson')
    return 'jsonl';
  return undefined;
}

class Interrupted extends Error {}

export interface FileJobRunnerOptions {
  db: Database;
  files: FileStore;
  pool: WorkerPool;
  logger: Logger;
  threshold: number;
  /** Rows per analysed chunk (the unit of checkpointing). */
  chunkRows?: number;
  /** A chunk also ends when its text reaches this many characters, so huge rows keep chunks small. */
  chunkChars?: number;
  /** How long a claim on a job lasts without renewal; a dead process's jobs resume after this. */
  leaseMs?: number;
  /** How often to look for queued or abandoned jobs. */
  pollMs?: number;
  maxRowBytes?: number;
}

export class FileJobRunner {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly chunkRows: number;
  private readonly chunkChars: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private closing = false;

  constructor(private readonly o: FileJobRunnerOptions) {
    this.chunkRows = o.chunkRows ?? 2000;
    this.chunkChars = o.chunkChars ?? 1_500_000;
    this.leaseMs = o.leaseMs ?? 15_000;
    this.pollMs = o.pollMs ?? 2000;
  }

  /** Starts looking for work: new jobs, and jobs another process left unfinished. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.pump(), this.pollMs);
    this.timer.unref();
    this.pump();
  }

  async submit(organizationId: string, fileKey: string, format?: 'jsonl' | 'csv'): Promise<FileJob> {
    const meta = await this.o.files.head(organizationId, fileKey);
    if (!meta) throw new AppError('NOT_FOUND', `no file ${fileKey}`);
    const fmt = format ?? formatOf(fileKey, meta.content_type);
    if (!fmt) {
      throw new AppError(
        'INVALID_FILE',
        'name the format (jsonl or csv): neither the key nor the content type tells',
        {
          reason: 'unknown_format',
        },
      );
    }
    const rows = await this.o.db.query(
      `INSERT INTO healthguard_file_jobs (id, organization_id, file_key, source_sha256, format, status, threshold, bytes_total)
       VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7) RETURNING *`,
      [randomUUID(), organizationId, fileKey, meta.sha256, fmt, this.o.threshold, meta.size],
    );
    this.pump();
    return publicJob(toJob(rows[0] ?? {}));
  }

  async get(organizationId: string, id: string): Promise<FileJob | undefined> {
    const rows = await this.o.db.query(
      'SELECT * FROM healthguard_file_jobs WHERE id = $1 AND organization_id = $2',
      [id, organizationId],
    );
    return rows[0] ? publicJob(toJob(rows[0])) : undefined;
  }

  /**
   * The organization's newest jobs, each with a summary of its report so far (the checkpoint's
   * counts, not its row lists, so the answer stays small whatever the datasets).
   */
  async list(
    organizationId: string,
    limit: number,
  ): Promise<(FileJob & { summary: FileJobSummary | null })[]> {
    const rows = await this.o.db.query(
      'SELECT * FROM healthguard_file_jobs WHERE organization_id = $1 ORDER BY created_at DESC, id LIMIT $2',
      [organizationId, limit],
    );
    return rows.map((r) => {
      const job = toJob(r);
      return { ...publicJob(job), summary: job.checkpoint ? summaryOf(job.checkpoint) : null };
    });
  }

  /** Runs one job at a time per process; the pool's workers do the CPU work. */
  private pump(): void {
    if (this.current || this.closing) return;
    this.current = this.claimAndRun()
      .catch((err) => this.o.logger.error({ err }, 'healthguard file job loop failed'))
      .finally(() => {
        this.current = undefined;
      });
  }

  private async claimAndRun(): Promise<void> {
    while (!this.closing) {
      const rows = await this.o.db.query(
        `UPDATE healthguard_file_jobs SET status = 'running', lease_owner = $1,
           lease_until = now() + ($2::double precision * interval '1 millisecond'),
           started_at = COALESCE(started_at, now()), updated_at = now(),
           resumed_count = resumed_count + CASE WHEN status = 'running' THEN 1 ELSE 0 END
         WHERE id = (SELECT id FROM healthguard_file_jobs
                     WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < now())
                     ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [this.owner, this.leaseMs],
      );
      const row = rows[0];
      if (!row) return;
      const job = toJob(row);
      try {
        await this.run(job);
      } catch (err) {
        if (err instanceof Interrupted) return;
        const message = err instanceof AppError ? err.detail : 'internal error while analysing the file';
        if (!(err instanceof AppError))
          this.o.logger.error({ err, job: job.id }, 'healthguard file job failed');
        await this.o.db.query(
          `UPDATE healthguard_file_jobs SET status = 'failed', error = $2, lease_owner = NULL, lease_until = NULL,
             finished_at = now(), updated_at = now() WHERE id = $1 AND lease_owner = $3`,
          [job.id, message, this.owner],
        );
      }
    }
  }

  private partKey(job: JobRow, chunk: number): string {
    return `healthguard/jobs/${job.id}/parts/${String(chunk).padStart(6, '0')}.jsonl`;
  }

  private async run(job: JobRow): Promise<void> {
    const { files, pool } = this.o;
    const org = job.organization_id;
    const meta = await files.head(org, job.file_key);
    if (!meta) throw new AppError('NOT_FOUND', `the source file ${job.file_key} is gone`);
    if (job.source_sha256 && meta.sha256 && meta.sha256 !== job.source_sha256) {
      throw new AppError('CONFLICT', `the source file ${job.file_key} changed after the job was submitted`);
    }
    if (job.rows_done > 0) {
      this.o.logger.info(
        { job: job.id, rows_done: job.rows_done },
        'healthguard file job resumes after its checkpoint',
      );
    }
    const report = job.checkpoint ?? emptyFileReport(job.threshold, this.chunkRows);
    const seen = new RowHashSet();
    let bytes = 0;
    let rowIndex = 0;
    let chunksDone = job.chunks_done;
    let chunk: DatasetRow[] = [];
    let chunkChars = 0;

    const flush = async () => {
      if (this.closing) throw new Interrupted();
      const offset = rowIndex - chunk.length;
      const result = await pool.run({ kind: 'rows', rows: chunk, threshold: job.threshold });
      const keepIds = new Set(result.cleaned_ids);
      const lines: string[] = [];
      let cross = 0;
      // Repeats inside the chunk are the detectors' business; here only repeats of earlier chunks.
      const hashes = chunk.map((row) => textHash(row.text));
      chunk.forEach((row, i) => {
        if (seen.has(hashes[i] ?? 0)) cross++;
        else if (keepIds.has(row.id)) lines.push(`${JSON.stringify(row)}\n`);
      });
      for (const h of hashes) seen.add(h);
      chunksDone++;
      await files.put(org, this.partKey(job, chunksDone), Readable.from(lines), {
        contentType: 'application/jsonl',
      });
      mergeChunk(report, result, offset, lines.length, cross);
      const percent = Math.min(99, Math.round((bytes / Math.max(1, meta.size)) * 1000) / 10);
      const updated = await this.o.db.query(
        `UPDATE healthguard_file_jobs SET rows_done = $2, bytes_done = $3, progress_percent = $4, chunks_done = $5,
           checkpoint = $6::jsonb, lease_until = now() + ($7::double precision * interval '1 millisecond'), updated_at = now()
         WHERE id = $1 AND lease_owner = $8 RETURNING id`,
        [job.id, rowIndex, bytes, percent, chunksDone, jsonForPostgres(report), this.leaseMs, this.owner],
      );
      // Another process took the job over (this one stalled past its lease): stop quietly.
      if (updated.length === 0) throw new Interrupted();
      chunk = [];
      chunkChars = 0;
    };

    const { body } = await files.get(org, job.file_key);
    try {
      for await (const row of readRows(body, {
        format: job.format,
        ...(this.o.maxRowBytes ? { maxRowBytes: this.o.maxRowBytes } : {}),
        onBytes: (n) => {
          bytes += n;
        },
      })) {
        rowIndex++;
        if (rowIndex <= job.rows_done) {
          // Before the checkpoint: only rebuild the duplicate index.
          seen.add(textHash(row.text));
          continue;
        }
        chunk.push(row);
        chunkChars += row.text.length;
        if (chunk.length >= this.chunkRows || chunkChars >= this.chunkChars) await flush();
      }
      if (chunk.length > 0) await flush();
    } finally {
      body.destroy();
    }
    await this.finish(job, report, chunksDone);
  }

  private async finish(job: JobRow, report: FileReport, chunks: number): Promise<void> {
    const { files } = this.o;
    const org = job.organization_id;
    const cleanedKey = `healthguard/jobs/${job.id}/cleaned.jsonl`;
    const reportKey = `healthguard/jobs/${job.id}/report.json`;
    const parts = Array.from({ length: chunks }, (_, i) => this.partKey(job, i + 1));
    const joined = Readable.from(
      (async function* () {
        for (const key of parts) {
          const { body } = await files.get(org, key);
          for await (const piece of body) yield piece as Buffer;
        }
      })(),
    );
    await files.put(org, cleanedKey, joined, { contentType: 'application/jsonl' });
    await files.put(org, reportKey, Readable.from([JSON.stringify(report)]), {
      contentType: 'application/json',
    });
    await this.o.db.query(
      `UPDATE healthguard_file_jobs SET status = 'succeeded', progress_percent = 100, bytes_done = bytes_total,
         cleaned_key = $2, report_key = $3, lease_owner = NULL, lease_until = NULL, finished_at = now(), updated_at = now()
       WHERE id = $1 AND lease_owner = $4`,
      [job.id, cleanedKey, reportKey, this.owner],
    );
    for (const key of parts) await files.delete(org, key).catch(() => false);
  }

  /**
   * Stops after the chunk in progress and hands the job back (its lease lapses at once), so
   * another process or the next start resumes it from the checkpoint.
   */
  async close(): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    await this.current;
    await this.o.db
      .query(
        `UPDATE healthguard_file_jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1 AND status = 'running'`,
        [this.owner],
      )
      .catch(() => undefined);
  }
}
