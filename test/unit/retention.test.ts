import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFor } from '../../src/app/migrations.js';
import { GUARD_MODULES } from '../../src/guards/registry.js';
import { PgliteDatabase } from '../../src/storage/db/pglite.js';
import { RecordRetention } from '../../src/storage/retention.js';

describe('RecordRetention over every declared table', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await db.migrate(await migrationsFor());
  });
  afterAll(async () => db.close());

  it("prunes each guard module's declared tables (names and time columns exist)", async () => {
    const tables = [
      { table: 'guard_operations', timeColumn: 'created_at' },
      ...GUARD_MODULES.flatMap((m) => m.retained ?? []),
    ];
    expect(tables.map((t) => t.table)).toContain('poisonguard_analysis_results');
    const now = new Date('2026-06-01T00:00:00Z');
    await db.query(
      `INSERT INTO poisonguard_analysis_results (organization_id, request_id, sample_id, is_poisoned, confidence, mitigation, created_at)
       VALUES ('org-a', 'r1', 's1', false, 0.1, 'flag', $1), ('org-a', 'r2', 's1', false, 0.1, 'flag', $2)`,
      [new Date('2026-01-01T00:00:00Z'), new Date('2026-05-30T00:00:00Z')],
    );
    const retention = new RecordRetention(db, pino({ level: 'silent' }), { days: 90, tables });
    const deleted = await retention.prune(now);
    expect(Object.keys(deleted).sort()).toEqual(tables.map((t) => t.table).sort());
    expect(deleted.poisonguard_analysis_results).toBe(1);
    const left = await db.query<{ request_id: string }>(
      'SELECT request_id FROM poisonguard_analysis_results',
    );
    expect(left).toEqual([{ request_id: 'r2' }]);
  });
});
