import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Database } from '../../storage/db/types.js';
import { WorkerPool } from './jobs/pool.js';
import { JobRunner, JobStore } from './jobs/store.js';
import { HealthMonitor, setActiveMonitor } from './metrics.js';

/**
 * What HealthGuard keeps alive besides its check: the worker pool, the job runner and the health
 * monitor. The guard and the HTTP routes share one runtime per database.
 */
export interface HealthRuntime {
  pool: WorkerPool;
  jobs: JobRunner;
  monitor: HealthMonitor;
  close(): Promise<void>;
}

const runtimes = new WeakMap<Database, HealthRuntime>();

export function healthRuntime(deps: { config: Config; db: Database; logger: Logger }): HealthRuntime {
  const existing = runtimes.get(deps.db);
  if (existing) return existing;
  const { config, db, logger } = deps;
  const pool = new WorkerPool(Math.max(1, config.HEALTHGUARD_WORKERS));
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
  setActiveMonitor(monitor);
  const runtime: HealthRuntime = {
    pool,
    jobs,
    monitor,
    async close() {
      runtimes.delete(db);
      monitor.stop();
      setActiveMonitor(undefined);
      await jobs.idle().catch(() => undefined);
      await pool.close();
    },
  };
  runtimes.set(db, runtime);
  return runtime;
}
