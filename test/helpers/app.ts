import pino from 'pino';
import { z } from 'zod';
import { VERSION } from '../../src/app/version.js';
import { testConfig } from '../../src/config.js';
import { buildApp } from '../../src/gateway/app.js';
import type { App } from '../../src/gateway/types.js';
import { type AnyGuard, defineGuard, type GuardName } from '../../src/guards/contract.js';
import { guardMetricsObserver } from '../../src/observability/guard-metrics.js';
import { Metrics } from '../../src/observability/metrics.js';
import { LocalGuardClient } from '../../src/orchestrator/local.js';
import { type GuardCall, Orchestrator } from '../../src/orchestrator/orchestrator.js';
import { PgliteDatabase } from '../../src/storage/db/pglite.js';
import type { Database } from '../../src/storage/db/types.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';

/**
 * Guards for exercising the gateway itself: they stand in for the real guards so the HTTP layer
 * can be tested on its own. Names are borrowed from the real set because the registry is typed.
 */
export const echoGuard = (name: GuardName = 'tokenguard'): AnyGuard =>
  defineGuard({
    name,
    description: 'echoes its text; blocks when the text contains BLOCK, flags on FLAG',
    payloadSchema: z.object({ text: z.string(), level: z.number().int().min(0).max(3).optional() }),
    check: ({ text }) => ({
      verdict: text.includes('BLOCK') ? 'block' : text.includes('FLAG') ? 'flag' : 'allow',
      score: text.includes('BLOCK') ? 0.9 : 0.1,
      findings: [],
      data: { echoed: text },
    }),
  });

export const throwingGuard = (name: GuardName): AnyGuard =>
  defineGuard({
    name,
    description: 'always fails',
    payloadSchema: z.object({ text: z.string() }),
    check: () => {
      throw new Error('secret internal detail: connection string postgres://admin:pw@db');
    },
  });

export const slowGuard = (name: GuardName, ms: number): AnyGuard =>
  defineGuard({
    name,
    description: `answers after ${ms} ms`,
    payloadSchema: z.object({ text: z.string() }),
    check: () =>
      new Promise((resolve) =>
        setTimeout(() => resolve({ verdict: 'allow', score: 0, findings: [], data: {} }), ms).unref(),
      ),
  });

let sharedDb: Promise<PgliteDatabase> | undefined;
/** One in-memory PGlite per test file (opening one takes a few seconds). */
export function sharedTestDb(): Promise<PgliteDatabase> {
  sharedDb ??= PgliteDatabase.open().then(async (db) => {
    await db.migrate();
    return db;
  });
  return sharedDb;
}

export interface TestApp {
  app: App;
  calls: GuardCall[];
  metrics: Metrics;
  db: Database;
  kv: MemoryKeyValueStore;
  close(): Promise<void>;
}

export async function createTestApp(guards: AnyGuard[], env: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(env);
  const logger = pino({ level: 'silent' });
  const db = await sharedTestDb();
  const kv = new MemoryKeyValueStore();
  const metrics = new Metrics({ defaultMetrics: false });
  const calls: GuardCall[] = [];
  const orchestrator = new Orchestrator({
    clients: guards.map((g) => new LocalGuardClient(g)),
    logger,
    defaultTimeoutMs: config.GUARD_TIMEOUT_MS,
    failMode: config.GUARD_FAIL_MODE,
    observers: [guardMetricsObserver(metrics), (call) => calls.push(call)],
  });
  const app = await buildApp({
    config,
    logger,
    db,
    kv,
    orchestrator,
    metrics,
    version: VERSION,
    startedAt: Date.now(),
  });
  return {
    app,
    calls,
    metrics,
    db,
    kv,
    async close() {
      await app.close();
      await kv.close();
    },
  };
}
