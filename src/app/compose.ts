import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { buildApp } from '../gateway/app.js';
import type { App } from '../gateway/types.js';
import type { GuardName } from '../guards/contract.js';
import { recordGuardCall } from '../guards/healthguard/metrics.js';
import { limitsFor } from '../guards/limits.js';
import { createGuards } from '../guards/registry.js';
import { guardMetricsObserver } from '../observability/guard-metrics.js';
import { createLogger } from '../observability/logger.js';
import { Metrics } from '../observability/metrics.js';
import { operationsObserver } from '../observability/operations-observer.js';
import { LocalGuardClient } from '../orchestrator/local.js';
import { Orchestrator } from '../orchestrator/orchestrator.js';
import { GuardPool, poolSize } from '../orchestrator/pool.js';
import { bootstrapFirstUser } from '../platform/bootstrap.js';
import { createPlatform, type Platform } from '../platform/index.js';
import { openDatabase } from '../storage/db/index.js';
import type { Database } from '../storage/db/types.js';
import { openKeyValueStore } from '../storage/kv/index.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import { OperationRecorder } from '../storage/operations.js';
import { VERSION } from './version.js';

/**
 * The composition root: every component is built here by plain constructors, in dependency order,
 * and torn down in reverse by `close()`. No container, no globals.
 */
export interface Core {
  config: Config;
  logger: Logger;
  db: Database;
  kv: KeyValueStore;
  metrics: Metrics;
  orchestrator: Orchestrator;
  operations: OperationRecorder;
  close(): Promise<void>;
}

export interface Server extends Core {
  app: App;
  platform: Platform | undefined;
}

/** Which guards this process runs: all of them, or the one its MODE names. */
function guardsFor(config: Config): ((name: GuardName) => boolean) | undefined {
  if (config.MODE === 'all') return undefined;
  if (config.MODE === 'gateway') {
    throw new Error(
      'MODE=gateway needs remote guard services, which this version does not ship yet; use MODE=all or a guard name',
    );
  }
  return (name) => name === config.MODE;
}

export async function composeCore(
  config: Config,
  options: { logger?: Logger; metrics?: Metrics } = {},
): Promise<Core> {
  const logger = options.logger ?? createLogger(config);
  const select = guardsFor(config);
  const db = await openDatabase(config);
  const kv: KeyValueStore = await openKeyValueStore(config, logger);
  try {
    const applied = await db.migrate();
    if (applied.length > 0) logger.info({ applied }, 'database migrations applied');

    const metrics = options.metrics ?? new Metrics();
    const operations = OperationRecorder.fromConfig(db, logger, config);
    const guards = createGuards({ config, kv, db, logger });
    const size = poolSize(config);
    const pool =
      size > 0 ? new GuardPool({ size, config, kv, db, logger, registry: metrics.registry }) : undefined;
    const clients = [...guards.values()]
      .filter((g) => !select || select(g.name))
      .map(
        (g) =>
          new LocalGuardClient(g, {
            limits: limitsFor(g.name, config),
            ...(pool ? { pool } : {}),
            inlineMaxChars: config.GUARD_INLINE_MAX_CHARS,
          }),
      );
    const orchestrator = new Orchestrator({
      clients,
      logger,
      defaultTimeoutMs: config.GUARD_TIMEOUT_MS,
      failMode: config.GUARD_FAIL_MODE,
      observers: [
        guardMetricsObserver(metrics),
        operationsObserver(operations),
        // HealthGuard's monitor tracks per-guard latency, errors and verdict drift.
        (call) => recordGuardCall(call.guard, call.verdict, call.latencyMs),
      ],
    });
    await orchestrator.init();

    return {
      config,
      logger,
      db,
      kv,
      metrics,
      orchestrator,
      operations,
      async close() {
        await orchestrator.close();
        await operations.close();
        await kv.close();
        await db.close();
      },
    };
  } catch (err) {
    await kv.close();
    await db.close();
    throw err;
  }
}

export async function composeServer(config: Config, options: { logger?: Logger } = {}): Promise<Server> {
  const core = await composeCore(config, options);
  try {
    const platform = config.AUTH_ENABLED ? await createPlatform(core) : undefined;
    if (platform) await bootstrapFirstUser(platform, config, core.logger);
    const app = await buildApp({
      ...core,
      ...(platform ? { platform } : {}),
      version: VERSION,
      startedAt: Date.now(),
    });
    return {
      ...core,
      app,
      platform,
      async close() {
        await app.close();
        await platform?.close();
        await core.close();
      },
    };
  } catch (err) {
    await core.close();
    throw err;
  }
}
