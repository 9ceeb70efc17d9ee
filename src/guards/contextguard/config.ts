import { z } from 'zod';
import { int, ratio } from '../../util/env-schema.js';

/** ContextGuard's settings (merged into the one environment schema by the registry). */
export const contextguardConfig = z.object({
  CONTEXTGUARD_TTL_SECONDS: int(3600, 1),
  CONTEXTGUARD_MAX_TURNS: int(50, 1, 10_000),
  CONTEXTGUARD_MAX_BYTES: int(256 * 1024, 1024),
  CONTEXTGUARD_ATTACK_WINDOW: int(4, 1, 50),
  CONTEXTGUARD_DRIFT_MIN_SIMILARITY: ratio(0.05),
  CONTEXTGUARD_FLAG_THRESHOLD: ratio(0.5),
  CONTEXTGUARD_BLOCK_THRESHOLD: ratio(0.85),
  // Input cap in characters (413 past it): this guard does the most work per character.
  CONTEXTGUARD_MAX_CHARS: int(262_144, 1),
});
