import { z } from 'zod';
import { int, optionalInt, ratio } from '../../util/env-schema.js';

/** TrustGuard's settings (merged into the one environment schema by the registry). */
export const trustguardConfig = z.object({
  TRUSTGUARD_FLAG_THRESHOLD: ratio(0.5),
  TRUSTGUARD_BLOCK_THRESHOLD: ratio(0.9),
  TRUSTGUARD_SUPPORT_THRESHOLD: ratio(0.6),
  // Input cap in characters (413 past it); unset: GUARD_MAX_CHARS.
  TRUSTGUARD_MAX_CHARS: optionalInt(1),
  TRUSTGUARD_MAX_SOURCES: int(500, 1),
  TRUSTGUARD_MAX_CLAIMS: int(2000, 1),
});
