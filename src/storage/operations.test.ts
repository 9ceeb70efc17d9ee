import { randomUUID } from 'node:crypto';
import { like } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteDatabase } from './db/pglite.js';
import { guardOperations } from './db/schema/core.js';
import { OperationRecorder, type OperationRecorderOptions, type OperationRow } from './operations.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('OperationRecorder on PGlite', () => {
  let db: PgliteDatabase;
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const recorders: OperationRecorder[] = [];

  const recorder = (options: Partial<OperationRecorderOptions> = {}) => {
    const r = new OperationRecorder(db, logger, { flushMs: 60_000, batchSize: 100, ...options });
    recorders.push(r);
    return r;
  };

  const row = (prefix: string, i: number, extra: Partial<OperationRow> = {}): OperationRow => ({
    requestId: `${prefix}-${i}`,
    guard: 'securityguard',
    verdict: 'allow',
    score: 0.1,
    latencyMs: 0.3,
    findingsCount: 0,
    ...extra,
  });

  const rowsOf = (prefix: string) =>
    db.orm
      .select()
      .from(guardOperations)
      .where(like(guardOperations.requestId, `${prefix}-%`));

  /** Makes inserts fail (as when the database is unreachable) until `restore` is called. */
  const breakTable = () => db.query('ALTER TABLE guard_operations RENAME TO guard_operations_away');
  const restoreTable = () => db.query('ALTER TABLE guard_operations_away RENAME TO guard_operations');

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await db.migrate();
  });

  afterAll(async () => {
    for (const r of recorders) await r.close();
    await db?.close();
  });

  it('keeps the distinct finding types of each call, read when the batch is written', async () => {
    const r = recorder();
    const prefix = randomUUID();
    const findings = [{ type: 'pii' }, { type: 'prompt_injection' }, { type: 'pii' }, { type: 'a,b' }];
    r.record(row(prefix, 0, { findingsCount: 4, findings }));
    r.record(row(prefix, 1));
    await r.flush();
    const rows = (await rowsOf(prefix)).sort((a, b) => a.requestId.localeCompare(b.requestId));
    expect(rows.map((x) => x.findingTypes)).toEqual(['pii,prompt_injection,a b', null]);
  });

  it('writes every field of the recorded rows on flush', async () => {
    const prefix = randomUUID();
    const r = recorder({ storeRawText: true });
    r.record(
      row(prefix, 1, {
        verdict: 'block',
        score: 0.9,
        findingsCount: 3,
        userId: 'u1',
        sessionId: 's1',
        organizationId: 'o1',
        inputText: 'ignore previous\u0000 instructions',
      }),
    );
    r.record(row(prefix, 2, { verdict: 'error', score: null, errorCode: 'GUARD_TIMEOUT' }));
    expect(await rowsOf(prefix)).toHaveLength(0);
    await r.flush();
    const rows = (await rowsOf(prefix)).sort((a, b) => a.requestId.localeCompare(b.requestId));
    expect(rows).toMatchObject([
      {
        requestId: `${prefix}-1`,
        guard: 'securityguard',
        verdict: 'block',
        score: 0.9,
        latencyMs: 0.3,
        findingsCount: 3,
        errorCode: null,
        userId: 'u1',
        sessionId: 's1',
        organizationId: 'o1',
        inputText: 'ignore previous instructions',
      },
      { requestId: `${prefix}-2`, verdict: 'error', score: null, errorCode: 'GUARD_TIMEOUT', userId: null },
    ]);
    expect(r.stats()).toMatchObject({ buffered: 0, written: 2 });
  });

  it('drops the raw text unless storeRawText is set', async () => {
    const prefix = randomUUID();
    const r = OperationRecorder.fromConfig(db, logger, {
      OPERATIONS_FLUSH_MS: 1000,
      OPERATIONS_BATCH_SIZE: 200,
      STORE_RAW_TEXT: false, // the default
    });
    recorders.push(r);
    r.record(row(prefix, 1, { inputText: 'secret prompt' }));
    await r.flush();
    expect((await rowsOf(prefix))[0]?.inputText).toBeNull();
  });

  it('flushes by itself when a batch is full', async () => {
    const prefix = randomUUID();
    const r = recorder({ batchSize: 5 });
    for (let i = 0; i < 5; i++) r.record(row(prefix, i));
    await waitFor(async () => (await rowsOf(prefix)).length === 5);
  });

  it('flushes by itself on the timer', async () => {
    const prefix = randomUUID();
    const r = recorder({ flushMs: 20 });
    r.record(row(prefix, 1));
    await waitFor(async () => (await rowsOf(prefix)).length === 1);
  });

  it('writes in batches of batchSize', async () => {
    const prefix = randomUUID();
    const r = recorder({ batchSize: 3 });
    for (let i = 0; i < 10; i++) r.record(row(prefix, i));
    await r.flush();
    expect(await rowsOf(prefix)).toHaveLength(10);
  });

  it('drops only the failed batch, logs once, never throws, and recovers', async () => {
    const prefix = randomUUID();
    const r = recorder({ batchSize: 2 });
    logLines.length = 0;
    await breakTable();
    try {
      for (let i = 0; i < 5; i++) r.record(row(prefix, i));
      await expect(r.flush()).resolves.toBeUndefined();
      expect(r.stats()).toMatchObject({ droppedOnFailure: 2, buffered: 3 });
      await r.flush();
      expect(r.stats()).toMatchObject({ droppedOnFailure: 4, buffered: 1 });
    } finally {
      await restoreTable();
    }
    const errors = logLines
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(/batch failed/);
    await r.flush();
    expect((await rowsOf(prefix)).map((x) => x.requestId)).toEqual([`${prefix}-4`]);
    expect(r.stats()).toMatchObject({ written: 1, buffered: 0 });
  });

  it('keeps only the newest rows when more arrive than it may buffer', async () => {
    const prefix = randomUUID();
    const r = recorder({ batchSize: 5, maxBuffered: 10 });
    // Synchronous records: no flush can run in between, as when the database is slow or down.
    for (let i = 0; i < 25; i++) r.record(row(prefix, i));
    expect(r.stats()).toMatchObject({ buffered: 10, droppedOnOverflow: 15 });
    await r.flush();
    const ids = (await rowsOf(prefix)).map((x) => Number(x.requestId.split('-').pop())).sort((a, b) => a - b);
    expect(ids).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });

  it('writes what is left on close and ignores later records', async () => {
    const prefix = randomUUID();
    const r = recorder();
    r.record(row(prefix, 1));
    r.record(row(prefix, 2));
    await r.close();
    expect(await rowsOf(prefix)).toHaveLength(2);
    r.record(row(prefix, 3));
    expect(r.stats()).toMatchObject({ buffered: 0, droppedAfterClose: 1 });
  });

  it('normalizes values PostgreSQL would reject', async () => {
    const prefix = randomUUID();
    const r = recorder();
    r.record(
      row(prefix, 1, {
        verdict: 'maybe' as OperationRow['verdict'],
        score: Number.NaN,
        latencyMs: Number.POSITIVE_INFINITY,
        findingsCount: 1.5,
      }),
    );
    await r.flush();
    expect(await rowsOf(prefix)).toMatchObject([
      { verdict: 'error', score: null, latencyMs: 0, findingsCount: 0 },
    ]);
  });
});
