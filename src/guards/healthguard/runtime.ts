import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database } from '../../storage/db/types.js';
import type { healthguardConfig } from './config.js';
import { WorkerPool } from './jobs/pool.js';
import { JobRunner, JobStore } from './jobs/store.js';
import { HealthMonitor } from './metrics.js';

/**
 * What HealthGuard keeps alive besides its check: the worker pool, the job runner and the health
 * monitor. Its module builds one per process and hands it to both the guard and the routes; the
 * composition root closes it with the guard.
 */
export interface HealthRuntime {
  pool: WorkerPool;
  jobs: JobRunner;
  monitor: HealthMonitor;
  close(): Promise<void>;
}

export function healthRuntime(deps: {
  config: z.output<typeof healthguardConfig>;
  db: Database;
  logger: Logger;
  /** The module workers import SecurityGuard's threat scanner from (see capabilities.ts). */
  threatScannerModule: string;
  /** The models the workers are given instead of loading their own (see capabilities.ts). */
  threatScannerModels?: () => unknown;
}): HealthRuntime {
  const { config, db, logger } = deps;
  const pool = new WorkerPool(
    Math.max(1, config.HEALTHGUARD_WORKERS),
    deps.threatScannerModule,
    config.HEALTHGUARD_WORKER_MAX_HEAP_MB,
    deps.threatScannerModels,
  );
  const store = new JobStore(db);
  // Jobs a previous process left unfinished cannot resume (their input lived in memory).
  const ready = store.failInterrupted().then(
    (n) => {
      if (n > 0) logger.warn({ jobs: n }, 'healthguard marked interrupted jobs as failed');
    },
    (err) => logger.error({ err }, 'healthguard could not check interrupted jobs'),
  );
  const jobs = new JobRunner(store, pool, logger, config.HEALTHGUARD_THRESHOLD, ready);
  const monitor = new HealthMonitor(db, logger, {
    window: config.HEALTHGUARD_DRIFT_WINDOW,
    minCalls: config.HEALTHGUARD_DRIFT_MIN_CALLS,
    minZ: 4,
    minDelta: 0.1,
  });
  monitor.start(config.HEALTHGUARD_METRICS_INTERVAL_MS);
  return {
    pool,
    jobs,
    monitor,
    async close() {
      monitor.stop();
      await jobs.idle().catch(() => undefined);
      await pool.close();
    },
  };
}
