import pino from 'pino';
import { z } from 'zod';
import { composeServer } from '../../src/app/compose.js';
import { migrationsFor } from '../../src/app/migrations.js';
import { testConfig } from '../../src/config.js';
import type { App } from '../../src/gateway/types.js';
import { type AnyGuard, defineGuard, type GuardName } from '../../src/guards/contract.js';
import { Metrics } from '../../src/observability/metrics.js';
import type { GuardCall } from '../../src/orchestrator/orchestrator.js';
import { PgliteDatabase } from '../../src/storage/db/pglite.js';
import type { Database } from '../../src/storage/db/types.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';

/**
 * Guards for exercising the gateway itself: they stand in for the real guards so the HTTP layer
 * can be tested on its own.
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
    await db.migrate(await migrationsFor());
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
  // The production composition root, with stand-in guards and no authentication.
  const config = testConfig({ ...env, AUTH_ENABLED: 'false' });
  const db = await sharedTestDb();
  const kv = new MemoryKeyValueStore();
  const metrics = new Metrics({ defaultMetrics: false });
  const calls: GuardCall[] = [];
  const server = await composeServer(config, {
    logger: pino({ level: 'silent' }),
    guards,
    db,
    kv,
    metrics,
    observers: [(call) => calls.push(call)],
  });
  return {
    app: server.app,
    calls,
    metrics,
    db,
    kv,
    async close() {
      await server.close();
      await kv.close();
    },
  };
}
