import { z } from 'zod';

/**
 * Every setting of the gateway, in one schema, parsed once at start-up from the environment.
 * A bad value stops start-up with a message naming the variable (see `loadConfig`).
 * Guard-specific settings live in each guard's own section below so a guard folder owns its knobs.
 */

const bool = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
    .default(defaultValue ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const int = (defaultValue: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(defaultValue);

const csv = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

export const DEPLOYMENT_MODES = [
  'all',
  'gateway',
  'tokenguard',
  'trustguard',
  'contextguard',
  'biasguard',
  'securityguard',
  'healthguard',
] as const;

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    MODE: z.enum(DEPLOYMENT_MODES).default('all'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: int(8000, 0, 65535),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: bool(false),

    DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
    DATABASE_POOL_MAX: int(10, 1, 1000),
    REDIS_URL: optionalUrl(['redis', 'rediss']),
    DATA_DIR: z.string().min(1).default('./data'),

    CORS_ORIGINS: csv(''),
    BODY_LIMIT_BYTES: int(10 * 1024 * 1024, 1024),
    JSON_MAX_DEPTH: int(10, 1, 1000),
    READY_CHECK_TIMEOUT_MS: int(2000, 50, 60_000),
    METRICS_ENABLED: bool(true),
    TRUST_PROXY: bool(false),

    GUARD_TIMEOUT_MS: int(5000, 1, 600_000),
    GUARD_FAIL_MODE: z.enum(['open', 'closed']).default('closed'),
    STORE_RAW_TEXT: bool(false),
    OPERATIONS_FLUSH_MS: int(1000, 10, 60_000),
    OPERATIONS_BATCH_SIZE: int(200, 1, 10_000),

    TOKENGUARD_DEFAULT_MODEL: z.string().min(1).default('gpt-4o'),
    TOKENGUARD_PRUNE_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.7),
    TOKENGUARD_MAX_RESPONSE_TOKENS: int(4096, 1),

    // SecurityGuard data detectors (PII redaction vault, hashing salt, URL lists).
    SECURITYGUARD_VAULT_TTL_SECONDS: int(3600, 1, 30 * 24 * 3600),
    SECURITYGUARD_HASH_SALT: z.string().default(''),
    SECURITYGUARD_REDACTION_MODE: z.enum(['mask', 'placeholder', 'hash', 'partial']).default('placeholder'),
    SECURITYGUARD_URL_ALLOWLIST: csv(''),
    SECURITYGUARD_URL_DENYLIST: csv(''),
    SECURITYGUARD_PHONE_DEFAULT_COUNTRY: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as US')
      .default('US'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.CORS_ORIGINS.includes('*')) {
      ctx.addIssue({
        code: 'custom',
        path: ['CORS_ORIGINS'],
        message: "'*' is not allowed when NODE_ENV=production; list the allowed origins",
      });
    }
  });

export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

/** A config for tests and the CLI: defaults plus overrides, validated the same way. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });
}
