import { defineGuardModule, type GuardModule } from '../module.js';
import { tokenguardConfig } from './config.js';
import { createTokenGuard, TOKENGUARD_DESCRIPTION } from './index.js';
import { tokenGuardPayloadSchema } from './schema.js';

/** TokenGuard: token counts, cost, context fit, budgets, optimization. No tables, no routes. */
export const tokenguardModule: GuardModule<typeof tokenguardConfig, never> = defineGuardModule({
  name: 'tokenguard',
  port: 8001,
  description: TOKENGUARD_DESCRIPTION,
  payloadSchema: tokenGuardPayloadSchema,
  config: tokenguardConfig,
  create: (deps) => ({ guard: createTokenGuard(deps) }),
});
