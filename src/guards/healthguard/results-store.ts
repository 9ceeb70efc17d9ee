import type { Logger } from 'pino';
import { BatchedWriter } from '../../storage/batched-writer.js';
import { jsonForPostgres, withoutNul } from '../../storage/db/text.js';
import type { Database } from '../../storage/db/types.js';
import type { Mitigation, SampleResult } from './sample.js';

/**
 * Rows per INSERT of buffered analyses. Each analysis is whole in one statement, so a result is
 * stored whole or not at all; one of more samples than this is written at once, alone. The rows
 * travel as arrays, so a statement has 8 parameters however many rows it holds (PostgreSQL allows
 * 65,535 parameters per statement: a multi-row VALUES of 8,192 samples failed).
 */
export const RESULT_BATCH_ROWS = 1000;

/** One analysis's per-sample rows, under its organization and request. */
export interface StoredAnalysis {
  organizationId: string;
  requestId: string;
  results: readonly SampleResult[];
  mitigation: Mitigation;
}

/** The rows travel as one array per column; `unnest` turns them back into rows (no per-row SQL). */
const INSERT_ROWS = `INSERT INTO poisonguard_analysis_results
  (organization_id, request_id, sample_id, is_poisoned, confidence, reasons, plugin_results, mitigation)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::float8[], $6::jsonb[], $7::jsonb[], $8::text[])`;

function columnsOf(analyses: readonly StoredAnalysis[]): unknown[][] {
  const cols: unknown[][] = Array.from({ length: 8 }, () => []);
  for (const a of analyses) {
    for (const r of a.results) {
      cols[0]!.push(a.organizationId);
      cols[1]!.push(withoutNul(a.requestId));
      cols[2]!.push(withoutNul(r.id));
      cols[3]!.push(r.is_poisoned);
      cols[4]!.push(r.confidence);
      cols[5]!.push(jsonForPostgres(r.details.reasons));
      cols[6]!.push(jsonForPostgres(r.plugin_results));
      cols[7]!.push(a.mitigation);
    }
  }
  return cols;
}

/** Consecutive groups of whole analyses of at most RESULT_BATCH_ROWS rows (an analysis is never split). */
function chunks(analyses: readonly StoredAnalysis[]): StoredAnalysis[][] {
  const out: StoredAnalysis[][] = [];
  let current: StoredAnalysis[] = [];
  let rows = 0;
  for (const a of analyses) {
    if (rows > 0 && rows + a.results.length > RESULT_BATCH_ROWS) {
      out.push(current);
      current = [];
      rows = 0;
    }
    current.push(a);
    rows += a.results.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * HealthGuard's per-sample audit rows, off the verdict path. Each check used to write its rows in
 * a transaction of its own (three round trips and a commit, about a third of a six-guard /check's
 * CPU on PGlite); small analyses are now buffered and written together (BatchedWriter).
 */
export class AnalysisResultsWriter {
  private readonly writer: BatchedWriter<StoredAnalysis>;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    options: { flushMs: number; batchSize: number },
  ) {
    this.writer = new BatchedWriter(
      async (batch) => {
        for (const part of chunks(batch)) await db.query(INSERT_ROWS, columnsOf(part));
      },
      logger,
      { ...options, what: 'healthguard analysis results' },
    );
  }

  /** Never throws; a failed write is logged. */
  record(analysis: StoredAnalysis): void {
    if (analysis.results.length === 0) return;
    if (analysis.results.length <= RESULT_BATCH_ROWS) {
      this.writer.record(analysis);
      return;
    }
    void this.db
      .query(INSERT_ROWS, columnsOf([analysis]))
      .catch((err: unknown) =>
        this.logger.error(
          { err, requestId: analysis.requestId },
          'healthguard could not store analysis results',
        ),
      );
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}
