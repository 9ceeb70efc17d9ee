import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/types.js';
import type { Mitigation, SampleResult } from './sample.js';

/**
 * Rows per INSERT: PostgreSQL's protocol allows at most 65,535 parameters in one statement, so a
 * single insert of more than 8,191 samples (8 parameters each) failed and the whole result was
 * lost. 1,000 rows per statement, all in one transaction: a result is stored whole or not at all.
 */
export const RESULT_BATCH_ROWS = 1000;

/** Stores one analysis's per-sample rows under its organization and request. */
export async function storeResults(
  db: Database,
  organizationId: string,
  requestId: string,
  results: readonly SampleResult[],
  mitigation: Mitigation,
): Promise<void> {
  if (results.length === 0) return;
  await db.orm.transaction(async (tx) => {
    for (let start = 0; start < results.length; start += RESULT_BATCH_ROWS) {
      const rows = results
        .slice(start, start + RESULT_BATCH_ROWS)
        .map(
          (r) =>
            sql`(${organizationId}, ${requestId}, ${r.id}, ${r.is_poisoned}, ${r.confidence}, ${JSON.stringify(r.details.reasons)}::jsonb, ${JSON.stringify(r.plugin_results)}::jsonb, ${mitigation})`,
        );
      await tx.execute(
        sql`INSERT INTO poisonguard_analysis_results (organization_id, request_id, sample_id, is_poisoned, confidence, reasons, plugin_results, mitigation) VALUES ${sql.join(rows, sql`, `)}`,
      );
    }
  });
}
