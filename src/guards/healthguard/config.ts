import { z } from 'zod';
import { int, ratio } from '../../util/env-schema.js';

/** HealthGuard's settings (merged into the one environment schema by the registry). */
export const healthguardConfig = z.object({
  HEALTHGUARD_THRESHOLD: ratio(0.5),
  HEALTHGUARD_MITIGATION: z.enum(['flag', 'sanitize', 'redact', 'drop']).default('flag'),
  HEALTHGUARD_WORKERS: int(1, 0, 64),
  // Old-generation heap cap of each dataset worker thread in MB (0: V8 default). 96 held every 1.5 M-character
  // chunk of the 200 MB file-job bench and cut its RSS peak from 474 to 368 MB.
  HEALTHGUARD_WORKER_MAX_HEAP_MB: int(64, 0, 65_536),
  HEALTHGUARD_MAX_INLINE_ROWS: int(5000, 1),
  HEALTHGUARD_METRICS_INTERVAL_MS: int(60_000, 0, 86_400_000),
  HEALTHGUARD_DRIFT_WINDOW: int(10, 2, 1000),
  HEALTHGUARD_DRIFT_MIN_CALLS: int(50, 1),
  // Input cap in characters (413 past it): this guard does the most work per character.
  HEALTHGUARD_MAX_CHARS: int(262_144, 1),
});
