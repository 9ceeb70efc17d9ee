import { once } from 'node:events';
import { createServer } from 'node:net';
import { pino } from 'pino';
import type { Database } from '../../src/storage/db/types.js';
import { openKeyValueStore } from '../../src/storage/kv/index.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { RedisKeyValueStore } from '../../src/storage/kv/redis.js';
import type { KeyValueStore } from '../../src/storage/kv/types.js';
import { OperationRecorder } from '../../src/storage/operations.js';

/**
 * Costs of the storage calls on the hot path: key-value operations on memory, on Redis (when
 * reachable at REDIS_URL or the default), on a resilient store whose Redis is down, and the
 * synchronous OperationRecorder.record().
 */
export const name = 'storage';

const logger = pino({ level: 'silent' });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(label: string, n: number, op: (i: number) => Promise<unknown>): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await op(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e3);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  console.log(
    `${label.padEnd(44)} n=${n}  mean ${mean.toFixed(1)} us  p50 ${percentile(samples, 50).toFixed(1)} us  p99 ${percentile(samples, 99).toFixed(1)} us`,
  );
}

async function kvSuite(label: string, kv: KeyValueStore, n: number): Promise<void> {
  const prefix = `bench:${process.pid}:`;
  await measure(`${label} set+get`, n, async (i) => {
    await kv.set(`${prefix}s${i % 100}`, 'value', 60);
    await kv.get(`${prefix}s${i % 100}`);
  });
  await measure(`${label} incrBy`, n, (i) => kv.incrBy(`${prefix}c${i % 10}`, 1, 60));
  await measure(`${label} slidingWindow limit 100`, n, () => kv.slidingWindow(`${prefix}w`, 100, 60_000));
  await measure(`${label} listPush max 20`, n, (i) => kv.listPush(`${prefix}l`, `m${i}`, 20, 60));
  for (const key of await kv.keys(prefix)) await kv.del(key);
}

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 1;
}

export async function run(): Promise<void> {
  const memory = new MemoryKeyValueStore();
  await kvSuite('memory', memory, 20_000);
  await memory.close();

  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const redis = RedisKeyValueStore.connect(url, logger);
  const reachable = await redis.waitForConnection(2000);
  if (reachable) await kvSuite(`redis (${new URL(url).host})`, redis, 2000);
  else console.log(`redis at ${url} unreachable: skipped`);
  await redis.close();

  const degraded = await openKeyValueStore({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` }, logger);
  await kvSuite('resilient, redis down (memory fallback)', degraded, 5000);
  await degraded.close();

  // record() never touches the database; a stub that accepts inserts isolates its own cost.
  const stubDb = { orm: { insert: () => ({ values: async () => undefined }) } } as unknown as Database;
  const recorder = new OperationRecorder(stubDb, logger, { flushMs: 1000, batchSize: 200 });
  const row = (i: number) => ({
    requestId: `r${i}`,
    guard: 'securityguard',
    verdict: 'allow' as const,
    score: 0.1,
    latencyMs: 0.4,
    findingsCount: 0,
    userId: 'u',
  });
  // Bursts of 100 with the event loop turning in between, as requests arrive: flushes keep up.
  const bursts = 2000;
  let elapsed = 0n;
  for (let b = 0; b < bursts; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) recorder.record(row(i));
    elapsed += process.hrtime.bigint() - start;
    await new Promise((resolve) => setImmediate(resolve));
  }
  console.log(
    `${'OperationRecorder.record(), flushing'.padEnd(44)} n=${bursts * 100}  mean ${(Number(elapsed) / (bursts * 100)).toFixed(0)} ns`,
  );
  // One long synchronous loop: the buffer fills and drops its oldest rows (the database-down path).
  const n = 200_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) recorder.record(row(i));
  const ns = Number(process.hrtime.bigint() - start) / n;
  console.log(
    `${'OperationRecorder.record(), buffer full'.padEnd(44)} n=${n}  mean ${ns.toFixed(0)} ns  dropped ${recorder.stats().droppedOnOverflow}`,
  );
  await recorder.close();
}
