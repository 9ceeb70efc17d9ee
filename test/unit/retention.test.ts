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

  it('prunes on its own once started, and not after close', async () => {
    await db.query(
      `INSERT INTO guard_operations (request_id, guard, verdict, latency_ms, organization_id, created_at)
       VALUES ('timer-old', 'tokenguard', 'allow', 1, 'org-a', now() - interval '400 days'),
              ('timer-new', 'tokenguard', 'allow', 1, 'org-a', now())`,
    );
    const retention = new RecordRetention(db, pino({ level: 'silent' }), {
      days: 365,
      tables: [{ table: 'guard_operations', timeColumn: 'created_at' }],
      firstDelayMs: 1,
      intervalMs: 5,
    });
    retention.start();
    const left = async () =>
      (
        await db.query<{ request_id: string }>(
          "SELECT request_id FROM guard_operations WHERE request_id LIKE 'timer-%'",
        )
      ).map((r) => r.request_id);
    for (let i = 0; i < 200 && (await left()).includes('timer-old'); i++)
      await new Promise((r) => setTimeout(r, 10));
    await retention.close();
    expect(await left()).toEqual(['timer-new']);
    await db.query(
      "INSERT INTO guard_operations (request_id, guard, verdict, latency_ms, organization_id, created_at) VALUES ('timer-old2', 'tokenguard', 'allow', 1, 'org-a', now() - interval '400 days')",
    );
    await new Promise((r) => setTimeout(r, 50));
    expect((await left()).sort()).toEqual(['timer-new', 'timer-old2']);
  });
});
