import { fileURLToPath } from 'node:url';
import { defineGuardModule, type GuardModule } from '../module.js';
import { biasguardConfig } from './config.js';
import { BIASGUARD_DESCRIPTION, biasPayloadSchema, createBiasGuard } from './index.js';
import { PolicyStore } from './policy.js';
import { registerBiasguardRoutes } from './routes.js';

/** BiasGuard: bias screening with organization policies, violations and compliance reports. */
export const biasguardModule: GuardModule<typeof biasguardConfig, never> = defineGuardModule({
  name: 'biasguard',
  port: 8004,
  description: BIASGUARD_DESCRIPTION,
  payloadSchema: biasPayloadSchema,
  thresholds: true,
  routePrefixes: ['/api/v1/biasguard'],
  config: biasguardConfig,
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  create: (deps) => {
    // One store for the guard and the policy routes, so a policy change is seen at once.
    const policies = new PolicyStore(deps.db, deps.settings.BIASGUARD_POLICY_CACHE_MS);
    return {
      guard: createBiasGuard(deps, { policies }),
      routes: (app, http) =>
        registerBiasguardRoutes(app, { db: deps.db, store: policies, organizationOf: http.organizationOf }),
    };
  },
});
