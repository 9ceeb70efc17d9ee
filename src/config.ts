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

/** An integer setting that may be left unset (empty counts as unset). */
const optionalInt = (min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(min).max(max).optional());

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

    AUTH_ENABLED: bool(true),
    AUTH_METRICS_PUBLIC: bool(true),
    AUTH_ALLOW_REGISTRATION: bool(true),
    AUTH_MAX_FAILED_LOGINS: int(5, 1, 1000),
    AUTH_LOCKOUT_SECONDS: int(900, 1),
    JWT_ALGORITHM: z.enum(['HS256', 'RS256', 'EdDSA']).default('HS256'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_PRIVATE_KEY: z.string().optional(),
    JWT_ISSUER: z.string().min(1).default('codeguardians-gateway'),
    JWT_ACCESS_TTL_SECONDS: int(900, 30, 86_400),
    JWT_REFRESH_TTL_SECONDS: int(30 * 86_400, 60),
    SESSION_TTL: int(3600, 30),
    API_KEY_CACHE_TTL_SECONDS: int(300, 1, 86_400),
    BOOTSTRAP_ADMIN_EMAIL: z.string().email().optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12).optional(),
    BOOTSTRAP_API_KEY: z
      .string()
      .regex(/^cg_[A-Za-z0-9_]{32,128}$/, 'must look like cg_ followed by at least 32 letters, digits or _')
      .optional(),

    RATE_LIMIT_ENABLED: bool(true),
    RATE_LIMIT_FAIL_MODE: z.enum(['open', 'closed']).default('open'),
    RATE_LIMIT_PER_MINUTE: int(100, 1),
    RATE_LIMIT_PER_HOUR: int(1000, 1),
    RATE_LIMIT_BURST: int(20, 1),
    RATE_LIMIT_BURST_WINDOW_SECONDS: int(10, 1, 3600),
    RATE_LIMIT_PROCESSING_PER_MINUTE: int(100, 1),
    RATE_LIMIT_ADMIN_PER_MINUTE: int(5, 1),
    RATE_LIMIT_READ_PER_MINUTE: int(200, 1),
    USAGE_FLUSH_MS: int(5000, 50, 600_000),

    GUARD_TIMEOUT_MS: int(5000, 1, 600_000),
    GUARD_FAIL_MODE: z.enum(['open', 'closed']).default('closed'),
    STORE_RAW_TEXT: bool(false),
    OPERATIONS_FLUSH_MS: int(1000, 10, 60_000),
    OPERATIONS_BATCH_SIZE: int(200, 1, 10_000),

    // Bounded work: input caps (413 past them), findings per response, the guard worker pool.
    GUARD_MAX_CHARS: int(1_048_576, 1),
    TOKENGUARD_MAX_CHARS: optionalInt(1),
    TRUSTGUARD_MAX_CHARS: optionalInt(1),
    // The guards that do the most work per character start at a quarter of the shared cap.
    CONTEXTGUARD_MAX_CHARS: optionalInt(1).default(262_144),
    BIASGUARD_MAX_CHARS: optionalInt(1).default(262_144),
    SECURITYGUARD_MAX_CHARS: optionalInt(1).default(262_144),
    HEALTHGUARD_MAX_CHARS: optionalInt(1).default(262_144),
    TRUSTGUARD_MAX_SOURCES: int(500, 1),
    TRUSTGUARD_MAX_CLAIMS: int(2000, 1),
    GUARD_MAX_FINDINGS: int(1000, 1),
    GUARD_WORKERS: optionalInt(0, 256),
    GUARD_INLINE_MAX_CHARS: int(16_384, 0),

    TOKENGUARD_DEFAULT_MODEL: z.string().min(1).default('gpt-4o'),
    TOKENGUARD_PRUNE_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.7),
    TOKENGUARD_MAX_RESPONSE_TOKENS: int(4096, 1),
    TOKENGUARD_BUDGET_SCOPE: z.enum(['user', 'session', 'organization']).default('user'),
    TOKENGUARD_DAILY_TOKEN_BUDGET: int(0),
    TOKENGUARD_MONTHLY_TOKEN_BUDGET: int(0),
    TOKENGUARD_CONTEXT_WARN_RATIO: z.coerce.number().min(0).max(1).default(0.9),

    TRUSTGUARD_FLAG_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
    TRUSTGUARD_BLOCK_THRESHOLD: z.coerce.number().min(0).max(1).default(0.9),
    TRUSTGUARD_SUPPORT_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),

    CONTEXTGUARD_TTL_SECONDS: int(3600, 1),
    CONTEXTGUARD_MAX_TURNS: int(50, 1, 10_000),
    CONTEXTGUARD_MAX_BYTES: int(256 * 1024, 1024),
    CONTEXTGUARD_ATTACK_WINDOW: int(4, 1, 50),
    CONTEXTGUARD_DRIFT_MIN_SIMILARITY: z.coerce.number().min(0).max(1).default(0.05),
    CONTEXTGUARD_FLAG_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
    CONTEXTGUARD_BLOCK_THRESHOLD: z.coerce.number().min(0).max(1).default(0.85),

    BIASGUARD_FLAG_THRESHOLD: z.coerce.number().min(0).max(1).default(0.4),
    BIASGUARD_BLOCK_THRESHOLD: z.coerce.number().min(0).max(1).default(0.8),
    BIASGUARD_POLICY_CACHE_MS: int(5000, 0, 600_000),
    BIASGUARD_DEEP_CHECK_TIMEOUT_MS: int(250, 1, 60_000),

    HEALTHGUARD_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
    HEALTHGUARD_MITIGATION: z.enum(['flag', 'sanitize', 'redact', 'drop']).default('flag'),
    HEALTHGUARD_WORKERS: int(1, 0, 64),
    HEALTHGUARD_MAX_INLINE_ROWS: int(5000, 1),
    HEALTHGUARD_METRICS_INTERVAL_MS: int(60_000, 0, 86_400_000),
    HEALTHGUARD_DRIFT_WINDOW: int(10, 2, 1000),
    HEALTHGUARD_DRIFT_MIN_CALLS: int(50, 1),

    SECURITYGUARD_FLAG_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
    SECURITYGUARD_BLOCK_THRESHOLD: z.coerce.number().min(0).max(1).default(0.75),
    SECURITYGUARD_DEFAULT_ACTION: z.enum(['block', 'redact', 'flag']).default('block'),

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
    if (env.NODE_ENV === 'production' && env.AUTH_ENABLED) {
      if (env.JWT_ALGORITHM === 'HS256' && !env.JWT_SECRET) {
        ctx.addIssue({
          code: 'custom',
          path: ['JWT_SECRET'],
          message: 'is required when NODE_ENV=production',
        });
      }
      if (env.JWT_ALGORITHM !== 'HS256' && !env.JWT_PRIVATE_KEY) {
        ctx.addIssue({
          code: 'custom',
          path: ['JWT_PRIVATE_KEY'],
          message: `is required for ${env.JWT_ALGORITHM} when NODE_ENV=production`,
        });
      }
    }
    if (env.NODE_ENV === 'production' && env.CORS_ORIGINS.includes('*')) {
      ctx.addIssue({
        code: 'custom',
        path: ['CORS_ORIGINS'],
        message: "'*' is not allowed when NODE_ENV=production; list the allowed origins",
      });
    }
  });

export type Config = z.output<typeof envSchema>;

/** Default port of each guard when it runs as its own service (MODE=<guard>) and PORT is unset. */
export const GUARD_SERVICE_PORTS = {
  tokenguard: 8001,
  trustguard: 8002,
  contextguard: 8003,
  biasguard: 8004,
  securityguard: 8005,
  healthguard: 8006,
} as const;

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
  const config = result.data;
  if (env.PORT === undefined && config.MODE !== 'all' && config.MODE !== 'gateway') {
    config.PORT = GUARD_SERVICE_PORTS[config.MODE];
  }
  return config;
}

/** A config for tests and the CLI: defaults plus overrides, validated the same way. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  // Tests run guards inline unless they ask for the worker pool (GUARD_WORKERS).
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', GUARD_WORKERS: '0', ...overrides });
}
