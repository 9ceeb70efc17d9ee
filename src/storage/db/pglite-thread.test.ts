import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteDatabase } from './pglite.js';

describe('PGlite on its own thread', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await PgliteDatabase.open(undefined, { thread: true });
    await db.query('CREATE TABLE t (id int PRIMARY KEY, note text)');
  });
  afterAll(() => db.close());

  it('keeps the event loop free while a long statement runs', async () => {
    let ticks = 0;
    let running = true;
    const tick = (): void => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    await db.query('SELECT count(*) FROM generate_series(1, 3000000)');
    running = false;
    // Inline, the WebAssembly holds the thread until the statement ends: a handful of ticks at most.
    expect(ticks).toBeGreaterThan(50);
  });

  it("brings PostgreSQL's error fields across (a unique violation keeps its SQLSTATE)", async () => {
    await db.query('INSERT INTO t VALUES (1, $1)', ['a']);
    const err = await db.query('INSERT INTO t VALUES (1, $1)', ['b']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code).toBe('23505');
    expect((err as Error).message).toMatch(/duplicate key/);
  });

  it('rolls a failed transaction back, and statements from outside wait for it instead of joining it', async () => {
    let outside: Promise<unknown> | undefined;
    const failed = await db.orm
      .transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO t VALUES (2, 'in tx')`);
        // Sent while the transaction holds the connection: it must not run inside it.
        outside = db.query('INSERT INTO t VALUES (3, $1)', ['outside']);
        await tx.execute(sql`INSERT INTO t VALUES (2, 'again')`);
      })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    await outside;
    const rows = await db.query<{ id: number }>('SELECT id FROM t WHERE id IN (2, 3) ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([3]);
  });

  it('commits a transaction that succeeds, with Drizzle reading dates as their text', async () => {
    await db.orm.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO t VALUES (4, 'committed')`);
    });
    // Drizzle's driver asks for timestamps as PostgreSQL's text; the thread must keep them so.
    const read = (await db.orm.execute(
      sql`SELECT note, timestamptz '2026-12-02 10:00:00+00' AS at FROM t WHERE id = 4`,
    )) as unknown as { rows: { note: string; at: unknown }[] };
    expect(read.rows[0]).toEqual({ note: 'committed', at: '2026-12-02 10:00:00+00' });
  });

  it('refuses statements once closed, and a second close is harmless', async () => {
    const other = await PgliteDatabase.open(undefined, { thread: true });
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow(/closed/);
    await other.close();
  });
});
