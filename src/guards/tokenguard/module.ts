import { defineGuardModule, type GuardModule } from '../module.js';
import { tokenguardConfig } from './config.js';
import { createTokenGuard } from './index.js';

/** TokenGuard: token counts, cost, context fit, budgets, optimization. No tables, no routes. */
export const tokenguardModule: GuardModule<typeof tokenguardConfig, never> = defineGuardModule({
  name: 'tokenguard',
  port: 8001,
  config: tokenguardConfig,
  create: (deps) => ({ guard: createTokenGuard(deps) }),
});
