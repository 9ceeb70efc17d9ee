import { z } from 'zod';
import { csv, int, ratio } from '../../util/env-schema.js';

/** SecurityGuard's settings (merged into the one environment schema by the registry). */
export const securityguardConfig = z.object({
  SECURITYGUARD_FLAG_THRESHOLD: ratio(0.5),
  SECURITYGUARD_BLOCK_THRESHOLD: ratio(0.75),
  SECURITYGUARD_DEFAULT_ACTION: z.enum(['block', 'redact', 'flag']).default('block'),
  // Data detectors: the PII redaction vault, the hashing salt, URL lists.
  SECURITYGUARD_VAULT_TTL_SECONDS: int(3600, 1, 30 * 24 * 3600),
  SECURITYGUARD_HASH_SALT: z.string().default(''),
  SECURITYGUARD_REDACTION_MODE: z.enum(['mask', 'placeholder', 'hash', 'partial']).default('placeholder'),
  SECURITYGUARD_URL_ALLOWLIST: csv(''),
  SECURITYGUARD_URL_DENYLIST: csv(''),
  SECURITYGUARD_PHONE_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as US')
    .default('US'),
  // Input cap in characters (413 past it): this guard does the most work per character.
  SECURITYGUARD_MAX_CHARS: int(262_144, 1),
});
