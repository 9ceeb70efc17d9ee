import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/storage/db/migrate.js';
import { guardOperations } from '../../src/storage/db/schema/core.js';
import type { Database } from '../../src/storage/db/types.js';
import { RecordRetention } from '../../src/storage/retention.js';

/**
 * A private, empty database for one run of the suite (an in-memory PGlite, or a fresh schema on a
 * shared PostgreSQL server).
 */
export interface DbHarness {
  /**
   * A handle on the harness' database. Each call on PostgreSQL opens a separate pool (like a
   * second replica); PGlite, being in-process, hands back its one instance.
   */
  open(): Promise<Database>;
  /** Closes every handle and drops what the harness created. */
  dispose(): Promise<void>;
}

/** One behaviour for PGlite and PostgreSQL: same migrations, same Drizzle and SQL results. */
export function dbContract(name: string, factory: () => Promise<DbHarness>): void {
  describe(`Database contract: ${name}`, () => {
    let harness: DbHarness;
    let db: Database;
    let versions: string[];
    const requestId = `contract-${randomUUID()}`;

    beforeAll(async () => {
      harness = await factory();
      db = await harness.open();
      versions = (await loadMigrations()).map((m) => m.version);
    });

    afterAll(async () => {
      await harness?.dispose();
    });

    describe('migrations', () => {
      it('applies every migration once when two instances migrate at the same time', async () => {
        const other = await harness.open();
        const [a, b] = await Promise.all([db.migrate(), other.migrate()]);
        // Whichever took the lock first applied everything; the other found nothing left.
        expect([...a, ...b].sort()).toEqual(versions);
        const rows = await db.query<{ version: string }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(rows.map((r) => r.version)).toEqual(versions);
      });

      it('is idempotent: a second run applies nothing', async () => {
        expect(await db.migrate()).toEqual([]);
      });

      it('rolls back the whole run when a migration fails', async () => {
        const migrations = [
          ...(await loadMigrations()),
          { version: '9998_contract_ok', sql: 'CREATE TABLE contract_ok (id INTEGER);' },
          { version: '9999_contract_bad', sql: 'CREATE TABLE contract_bad (id INTEGER); SELECT 1/0;' },
        ];
        await expect(db.migrate(migrations)).rejects.toThrow(/division by zero/);
        const [tables] = await db.query<{ ok: string | null; bad: string | null }>(
          "SELECT to_regclass('contract_ok')::text AS ok, to_regclass('contract_bad')::text AS bad",
        );
        expect(tables).toEqual({ ok: null, bad: null });
        const recorded = await db.query('SELECT version FROM schema_migrations WHERE version LIKE $1', [
          '999%',
        ]);
        expect(recorded).toEqual([]);
        // The database still works and the real migrations are still recorded.
        expect(await db.migrate()).toEqual([]);
      });
    });

    describe('guard_operations', () => {
      it('reads through SQL what Drizzle wrote', async () => {
        const [inserted] = await db.orm
          .insert(guardOperations)
          .values({
            requestId,
            guard: 'securityguard',
            verdict: 'block',
            score: 0.97,
            latencyMs: 0.42,
            findingsCount: 2,
            userId: 'user-1',
          })
          .returning();
        expect(inserted?.id).toBeTypeOf('number');
        const rows = await db.query(
          'SELECT id, guard, verdict, score, latency_ms, findings_count, error_code, user_id, created_at FROM guard_operations WHERE request_id = $1',
          [requestId],
        );
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          id: inserted?.id,
          guard: 'securityguard',
          verdict: 'block',
          score: 0.97,
          latency_ms: 0.42,
          findings_count: 2,
          error_code: null,
          user_id: 'user-1',
        });
        expect(rows[0]?.created_at).toBeInstanceOf(Date);
      });

      it('reads through Drizzle what SQL wrote', async () => {
        await db.query(
          'INSERT INTO guard_operations (request_id, guard, verdict, latency_ms, error_code) VALUES ($1, $2, $3, $4, $5)',
          [`${requestId}-sql`, 'tokenguard', 'error', 1.5, 'GUARD_TIMEOUT'],
        );
        const rows = await db.orm
          .select()
          .from(guardOperations)
          .where(eq(guardOperations.requestId, `${requestId}-sql`));
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          guard: 'tokenguard',
          verdict: 'error',
          score: null,
          latencyMs: 1.5,
          findingsCount: 0,
          errorCode: 'GUARD_TIMEOUT',
          inputText: null,
        });
        expect(rows[0]?.createdAt).toBeInstanceOf(Date);
      });

      it('enforces the verdict check', async () => {
        await expect(
          db.query(
            'INSERT INTO guard_operations (request_id, guard, verdict, latency_ms) VALUES ($1, $2, $3, $4)',
            [`${requestId}-bad`, 'tokenguard', 'maybe', 1],
          ),
        ).rejects.toThrow();
      });
    });

    describe('query', () => {
      it('binds parameters as values, never as SQL', async () => {
        const hostile = "x'); DROP TABLE guard_operations; --";
        const [row] = await db.query<{ text: string; sum: number }>(
          'SELECT $1::text AS text, $2::int + $3::int AS sum',
          [hostile, 2, 3],
        );
        expect(row).toEqual({ text: hostile, sum: 5 });
        expect(await db.query('SELECT 1 FROM guard_operations LIMIT 1')).toHaveLength(1);
      });

      it('returns BIGINT and COUNT(*) as numbers on both backends', async () => {
        const [row] = await db.query<{ n: unknown; big: unknown }>(
          'SELECT count(*) AS n, 9007199254740993::bigint AS big FROM guard_operations WHERE request_id LIKE $1',
          [`${requestId}%`],
        );
        expect(row?.n).toBe(2);
        // Beyond 2^53 a number would be wrong; both give a bigint.
        expect(row?.big).toBe(9007199254740993n);
      });
    });

    describe('record retention', () => {
      it('deletes rows past retention in id order, in batches, for every organization, and keeps the rest', async () => {
        const tag = `retention-${randomUUID()}`;
        const now = new Date('2026-06-01T00:00:00Z');
        // Clear what earlier tests left, so the oldest rows are this test's.
        await db.query('DELETE FROM guard_operations');
        const insert = (org: string, daysAgo: number) =>
          db.query(
            `INSERT INTO guard_operations (request_id, guard, verdict, latency_ms, organization_id, created_at)
             VALUES ($1, 'tokenguard', 'allow', 1, $2, $3)`,
            [tag, org, new Date(now.getTime() - daysAgo * 86_400_000)],
          );
        // 25 rows 40 days old in two organizations, then 5 rows 10 days old.
        for (let i = 0; i < 25; i++) await insert(i % 2 === 0 ? 'org-a' : 'org-b', 40);
        for (let i = 0; i < 5; i++) await insert(i % 2 === 0 ? 'org-a' : 'org-b', 10);
        const retention = new RecordRetention(db, pino({ level: 'silent' }), {
          days: 30,
          tables: [{ table: 'guard_operations', timeColumn: 'created_at' }],
          batchRows: 7,
        });
        expect(await retention.prune(now)).toEqual({ guard_operations: 25 });
        const left = await db.query<{ org: string; n: number }>(
          `SELECT organization_id AS org, count(*)::int AS n FROM guard_operations WHERE request_id = $1
           GROUP BY organization_id ORDER BY organization_id`,
          [tag],
        );
        expect(left).toEqual([
          { org: 'org-a', n: 3 },
          { org: 'org-b', n: 2 },
        ]);
        // Nothing more is past retention; 0 days keeps everything.
        expect(await retention.prune(now)).toEqual({ guard_operations: 0 });
        const off = new RecordRetention(db, pino({ level: 'silent' }), {
          days: 0,
          tables: [{ table: 'guard_operations', timeColumn: 'created_at' }],
        });
        expect(await off.prune(new Date(now.getTime() + 365 * 86_400_000))).toEqual({});
      });

      it('refuses a table or column name that is not a plain identifier', () => {
        expect(
          () =>
            new RecordRetention(db, pino({ level: 'silent' }), {
              days: 1,
              tables: [{ table: 'guard_operations; DROP TABLE users', timeColumn: 'created_at' }],
            }),
        ).toThrow(/plain table or column name/);
      });
    });

    it('answers ping and reports its status', async () => {
      await expect(db.ping()).resolves.toBeUndefined();
      expect(['embedded', 'real']).toContain(db.status().mode);
    });
  });
}
