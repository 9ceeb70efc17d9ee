import { z } from 'zod';
import { int, ratio } from '../../util/env-schema.js';

/** BiasGuard's settings (merged into the one environment schema by the registry). */
export const biasguardConfig = z.object({
  BIASGUARD_FLAG_THRESHOLD: ratio(0.4),
  BIASGUARD_BLOCK_THRESHOLD: ratio(0.8),
  BIASGUARD_POLICY_CACHE_MS: int(5000, 0, 600_000),
  BIASGUARD_DEEP_CHECK_TIMEOUT_MS: int(250, 1, 60_000),
  // Input cap in characters (413 past it): this guard does the most work per character.
  BIASGUARD_MAX_CHARS: int(262_144, 1),
});
