import { z } from 'zod';
import { ratio } from '../../util/env-schema.js';

/** TrustGuard's settings (merged into the one environment schema by the registry). */
export const trustguardConfig = z.object({
  TRUSTGUARD_FLAG_THRESHOLD: ratio(0.5),
  TRUSTGUARD_BLOCK_THRESHOLD: ratio(0.9),
  TRUSTGUARD_SUPPORT_THRESHOLD: ratio(0.6),
});
