import { fileURLToPath } from 'node:url';
import { defineGuardModule, type GuardModule } from '../module.js';
import { healthguardConfig } from './config.js';
import { createHealthGuard, HEALTHGUARD_DESCRIPTION, healthPayloadSchema } from './index.js';
import { registerFileJobRoutes } from './jobs/file-routes.js';
import { registerHealthguardRoutes } from './routes.js';
import { healthRuntime } from './runtime.js';

/**
 * HealthGuard: data-poisoning analysis, dataset jobs and the gateway health monitor, which
 * observes every guard call of the process.
 */
export const healthguardModule: GuardModule<
  typeof healthguardConfig,
  'threatScanner' | 'threatScannerModule' | 'threatScannerModels'
> = defineGuardModule({
  name: 'healthguard',
  port: 8006,
  description: HEALTHGUARD_DESCRIPTION,
  payloadSchema: healthPayloadSchema,
  thresholds: true,
  routePrefixes: ['/api/v1/healthguard'],
  config: healthguardConfig,
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  retained: [
    { table: 'poisonguard_analysis_results', timeColumn: 'created_at' },
    { table: 'poisonguard_health_metrics', timeColumn: 'sampled_at' },
  ],
  needs: ['threatScanner', 'threatScannerModule', 'threatScannerModels'],
  create: (deps) => {
    const runtime =
      deps.settings.HEALTHGUARD_WORKERS > 0
        ? healthRuntime({
            config: deps.settings,
            db: deps.db,
            logger: deps.logger,
            threatScannerModule: deps.capabilities.threatScannerModule,
            threatScannerModels: deps.capabilities.threatScannerModels,
          })
        : undefined;
    return {
      guard: createHealthGuard(deps, {
        scanner: deps.capabilities.threatScanner,
        ...(runtime ? { runtime } : {}),
      }),
      ...(runtime
        ? {
            routes: (app, http) => {
              registerHealthguardRoutes(app, { runtime, organizationOf: http.organizationOf });
              // Dataset analysis from stored files, where the process has a file store.
              if (deps.files) {
                registerFileJobRoutes(app, {
                  config: deps.config,
                  db: deps.db,
                  logger: deps.logger,
                  files: deps.files,
                  pool: runtime.pool,
                  organizationOf: http.organizationOf,
                });
              }
            },
            observer: (call) => runtime.monitor.recordGuardCall(call.guard, call.verdict, call.latencyMs),
          }
        : {}),
    };
  },
});
