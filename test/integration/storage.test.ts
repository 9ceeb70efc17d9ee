import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/storage/db/types.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { RedisKeyValueStore } from '../../src/storage/kv/redis.js';
import { ResilientKeyValueStore } from '../../src/storage/kv/resilient.js';
import { OperationRecorder } from '../../src/storage/operations.js';
import { dbContract } from '../contract/db.contract.js';
import { kvContract } from '../contract/kv.contract.js';
import { privateSchema } from '../helpers/postgres.js';
import { requirePostgresUrl, requireRedisUrl } from '../helpers/services.js';

const logger = pino({ level: 'silent' });

async function connectedRedis(): Promise<RedisKeyValueStore> {
  const store = RedisKeyValueStore.connect(await requireRedisUrl(), logger);
  if (!(await store.waitForConnection(5000)))
    throw new Error('Redis answered the ping but the store could not connect');
  return store;
}

kvContract('redis', connectedRedis);
kvContract('resilient over redis', async () => {
  const store = await connectedRedis();
  return new ResilientKeyValueStore(store, new MemoryKeyValueStore(), logger);
});

dbContract('postgresql (private schema)', async () => privateSchema(await requirePostgresUrl()));

describe('Redis across replicas', () => {
  const stores: RedisKeyValueStore[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
  });

  it('never lets two replicas together exceed a sliding-window limit', async () => {
    const a = await connectedRedis();
    const b = await connectedRedis();
    stores.push(a, b);
    const key = `cg-contract:${randomUUID()}:replicas`;
    const calls = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).slidingWindow(key, 25, 60_000));
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.allowed)).toHaveLength(25);
    await a.del(key);
  });
});

describe('OperationRecorder on PostgreSQL', () => {
  let schema: Awaited<ReturnType<typeof privateSchema>>;
  let db: Database;

  beforeAll(async () => {
    schema = await privateSchema(await requirePostgresUrl());
    db = await schema.open();
    await db.migrate();
  });

  afterAll(async () => {
    await schema?.dispose();
  });

  it('writes batches and survives a database that went away', async () => {
    const recorder = new OperationRecorder(db, logger, { flushMs: 60_000, batchSize: 2 });
    for (let i = 0; i < 3; i++) {
      recorder.record({
        requestId: `pg-${i}`,
        guard: 'g',
        verdict: 'flag',
        score: 0.5,
        latencyMs: 1,
        findingsCount: 1,
      });
    }
    await recorder.flush();
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>('SELECT count(*) AS n FROM guard_operations');
    expect(n).toBe(3);

    // A closed pool fails every query, as an unreachable server would.
    const gone = await schema.open();
    await gone.close();
    const orphan = new OperationRecorder(gone, logger, { flushMs: 60_000, batchSize: 2 });
    for (let i = 0; i < 3; i++) {
      orphan.record({ requestId: `lost-${i}`, guard: 'g', verdict: 'allow', latencyMs: 1, findingsCount: 0 });
    }
    await expect(orphan.flush()).resolves.toBeUndefined();
    expect(orphan.stats()).toMatchObject({ droppedOnFailure: 2, buffered: 1, written: 0 });
    await expect(orphan.close()).resolves.toBeUndefined();
    await recorder.close();
  });
});

describe('ResilientKeyValueStore on a healthy Redis', () => {
  it('passes caller errors through without declaring an outage', async () => {
    const lines: string[] = [];
    const capture = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const kv = new ResilientKeyValueStore(await connectedRedis(), new MemoryKeyValueStore(), capture);
    const key = `cg-contract:${randomUUID()}:caller-errors`;
    try {
      await kv.set(key, 'text', 60);
      await expect(kv.listPush(key, 'x', 3)).rejects.toThrow(/WRONGTYPE/);
      await expect(kv.incrBy(key, 1)).rejects.toThrow(/integer/);
      await expect(kv.slidingWindow(key, -1, 1000)).rejects.toThrow(RangeError);
      expect(kv.status()).toEqual({ kind: 'redis', mode: 'real' });
      expect(lines).toEqual([]);
      // The value is still the one on Redis, not a fallback's.
      expect(await kv.get(key)).toBe('text');
    } finally {
      await kv.del(key);
      await kv.close();
    }
  });
});
