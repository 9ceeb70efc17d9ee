import type { Logger } from 'pino';
import { CALL_VERDICTS, type CallVerdict } from '../util/verdict.js';
import { BatchedWriter, type BatchedWriterStats } from './batched-writer.js';
import type { guardOperations } from './db/schema/core.js';
import { withoutNul } from './db/text.js';
import type { Database } from './db/types.js';

export type OperationVerdict = CallVerdict;

/**
 * One guard call, as the gateway saw it. The orchestrator's call event (GuardCall) has exactly
 * these fields, so the recorder takes the event as it is: no re-shaping on the way to the table.
 */
export interface OperationRow {
  requestId: string;
  guard: string;
  verdict: OperationVerdict;
  /** 0..1 risk; absent when the guard did not run. */
  score?: number | null;
  latencyMs: number;
  findingsCount: number;
  /** The findings; only their types are kept, worked out when the batch is written. */
  findings?: readonly { type: string }[];
  errorCode?: string;
  userId?: string;
  sessionId?: string;
  organizationId?: string;
  /** Kept only when the recorder was built with `storeRawText` (STORE_RAW_TEXT=true). */
  inputText?: string;
}

export interface OperationRecorderOptions {
  /** Flush at least this often (OPERATIONS_FLUSH_MS). */
  flushMs: number;
  /** Rows per INSERT, and the buffer size that triggers an early flush (OPERATIONS_BATCH_SIZE). */
  batchSize: number;
  /** Rows kept while the database cannot take them; the oldest go first beyond it. */
  maxBuffered?: number;
  storeRawText?: boolean;
}

/** Counts in rows. */
export type OperationRecorderStats = BatchedWriterStats;

const VERDICTS: ReadonlySet<string> = new Set(CALL_VERDICTS);

/** PostgreSQL rejects NUL in text; one such row must not sink its whole batch. */
const clean = (text: string | undefined): string | null => (text === undefined ? null : withoutNul(text));

const finiteOr = (value: number | null | undefined, fallback: number | null): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** A buffered row: the findings are held by reference until the flush reads their types. */
type Insertable = typeof guardOperations.$inferInsert & { findings?: readonly { type: string }[] };

/** `a,b`: the distinct finding types, for the dashboard's top finding types; null when none. */
const typesOf = (findings: readonly { type: string }[] | undefined): string | null => {
  if (!findings || findings.length === 0) return null;
  return clean([...new Set(findings.map((f) => f.type.replaceAll(',', ' ')))].join(','));
};

/**
 * One statement per batch whatever its size: the rows travel as one array per column and
 * `unnest` turns them back into rows. The SQL text never changes, so there is no per-row query
 * building, and the database parses it once; in the embedded mode (PGlite, on its own thread
 * unless PGLITE_THREAD=false) this keeps the recorder's share of the machine's cores small.
 */
const INSERT_BATCH = `INSERT INTO guard_operations
  (request_id, guard, verdict, score, latency_ms, findings_count, error_code, user_id, session_id, organization_id, input_text, finding_types)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])`;

function columnsOf(batch: Insertable[]): unknown[][] {
  const cols: unknown[][] = Array.from({ length: 12 }, () => new Array<unknown>(batch.length));
  batch.forEach((r, i) => {
    cols[0]![i] = r.requestId;
    cols[1]![i] = r.guard;
    cols[2]![i] = r.verdict;
    cols[3]![i] = r.score ?? null;
    cols[4]![i] = r.latencyMs;
    cols[5]![i] = r.findingsCount ?? 0;
    cols[6]![i] = r.errorCode ?? null;
    cols[7]![i] = r.userId ?? null;
    cols[8]![i] = r.sessionId ?? null;
    cols[9]![i] = r.organizationId ?? null;
    cols[10]![i] = r.inputText ?? null;
    cols[11]![i] = r.findingTypes ?? typesOf(r.findings);
  });
  return cols;
}

/** guard_operations rows, written in batches off the request path (BatchedWriter). */
export class OperationRecorder {
  private readonly writer: BatchedWriter<Insertable>;

  constructor(
    db: Database,
    logger: Logger,
    private readonly options: OperationRecorderOptions,
  ) {
    this.writer = new BatchedWriter(
      (batch) => db.query(INSERT_BATCH, columnsOf(batch)).then(() => undefined),
      logger,
      {
        flushMs: options.flushMs,
        batchSize: options.batchSize,
        ...(options.maxBuffered !== undefined ? { maxBuffered: options.maxBuffered } : {}),
        what: 'guard_operations rows',
      },
    );
  }

  static fromConfig(
    db: Database,
    logger: Logger,
    config: { OPERATIONS_FLUSH_MS: number; OPERATIONS_BATCH_SIZE: number; STORE_RAW_TEXT: boolean },
  ): OperationRecorder {
    return new OperationRecorder(db, logger, {
      flushMs: config.OPERATIONS_FLUSH_MS,
      batchSize: config.OPERATIONS_BATCH_SIZE,
      storeRawText: config.STORE_RAW_TEXT,
    });
  }

  /** Buffers one row. Synchronous and cheap: no I/O, never throws. */
  record(row: OperationRow): void {
    this.writer.record({
      requestId: clean(row.requestId) ?? '',
      guard: clean(row.guard) ?? '',
      verdict: VERDICTS.has(row.verdict) ? row.verdict : 'error',
      score: finiteOr(row.score, null),
      latencyMs: finiteOr(row.latencyMs, 0) ?? 0,
      findingsCount: Number.isInteger(row.findingsCount) ? row.findingsCount : 0,
      errorCode: clean(row.errorCode),
      userId: clean(row.userId),
      sessionId: clean(row.sessionId),
      organizationId: clean(row.organizationId),
      inputText: this.options.storeRawText ? clean(row.inputText) : null,
      ...(row.findings ? { findings: row.findings } : {}),
    });
  }

  /** Writes everything buffered so far. Resolves when done; never rejects. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Stops the timer and writes what is left. Later `record()` calls are counted and ignored. */
  close(): Promise<void> {
    return this.writer.close();
  }

  stats(): OperationRecorderStats {
    return this.writer.stats();
  }
}
