import { defineGuardModule, type GuardModule } from '../module.js';
import { trustguardConfig } from './config.js';
import { createTrustGuard, TRUSTGUARD_DESCRIPTION } from './index.js';
import { trustPayloadSchema } from './schema.js';

/** TrustGuard: hallucination and grounding checks. No tables, no routes. */
export const trustguardModule: GuardModule<typeof trustguardConfig, never> = defineGuardModule({
  name: 'trustguard',
  port: 8002,
  description: TRUSTGUARD_DESCRIPTION,
  payloadSchema: trustPayloadSchema,
  thresholds: true,
  config: trustguardConfig,
  create: (deps) => ({ guard: createTrustGuard(deps) }),
});
