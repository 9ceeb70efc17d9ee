import { z } from 'zod';
import { int, optionalInt, ratio } from '../../util/env-schema.js';

/** TokenGuard's settings (merged into the one environment schema by the registry). */
export const tokenguardConfig = z.object({
  TOKENGUARD_DEFAULT_MODEL: z.string().min(1).default('gpt-4o'),
  TOKENGUARD_PRUNE_CONFIDENCE: ratio(0.7),
  TOKENGUARD_MAX_RESPONSE_TOKENS: int(4096, 1),
  TOKENGUARD_BUDGET_SCOPE: z.enum(['user', 'session', 'organization']).default('user'),
  TOKENGUARD_DAILY_TOKEN_BUDGET: int(0),
  TOKENGUARD_MONTHLY_TOKEN_BUDGET: int(0),
  TOKENGUARD_CONTEXT_WARN_RATIO: ratio(0.9),
  // Input cap in characters (413 past it); unset: GUARD_MAX_CHARS.
  TOKENGUARD_MAX_CHARS: optionalInt(1),
});
