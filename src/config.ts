import { z } from 'zod';
import type { AnyGuardModule } from './guards/module.js';
import { GUARD_MODULES } from './guards/registry.js';
import { BALANCE_STRATEGIES, type BalanceStrategy } from './orchestrator/remote/balancer.js';
import {
  balanceVariableOf,
  type InstanceRecord,
  normalizeInstanceUrl,
  parseStaticInstances,
  StaticInstancesError,
  urlsVariableOf,
} from './orchestrator/remote/instance.js';
import { applySeedSettings } from './seed-settings.js';
import { bool, csv, int, optionalInt } from './util/env-schema.js';

/**
 * Every setting of the gateway in one schema, parsed once at start-up from the environment: the
 * core settings below, plus each guard module's own section (src/guards/<name>/config.ts), merged
 * in a loop over the registry. A bad value stops start-up with one line naming the variable.
 */

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

export const coreSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // all | gateway | a guard name; checked against the registry below.
  MODE: z.string().min(1).default('all'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(8000, 0, 65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool(false),

  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  DATABASE_POOL_MAX: int(10, 1, 1000),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  DATA_DIR: z.string().min(1).default('./data'),
  // The embedded database (no DATABASE_URL) on a thread of its own, off the event loop (see
  // PgliteOpenOptions.thread); false runs it on the event loop, for about 20 MB less memory.
  PGLITE_THREAD: bool(true),

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
  AUTH_MAX_LOCKOUT_SECONDS: int(86_400, 1),
  AUTH_PER_IP_PER_MINUTE: int(60, 1),
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
  // Per-call records (guard_operations, HealthGuard's per-sample results and health samples) older
  // than this are deleted hourly; 0 keeps them for ever.
  RECORDS_RETENTION_DAYS: int(90, 0, 36_500),

  // Bounded work: the shared input cap (413 past it; each guard may set <GUARD>_MAX_CHARS in its
  // own section), findings per response, and the guard worker pool.
  GUARD_MAX_CHARS: int(1_048_576, 1),
  GUARD_MAX_FINDINGS: int(1000, 1),
  GUARD_WORKERS: optionalInt(0, 256),
  GUARD_INLINE_MAX_CHARS: int(16_384, 0),

  // Distributed mode (MODE=gateway in front of MODE=<guard> services; docs/deploy.md). The gateway
  // and the services share SERVICE_TOKEN; a guard service mounts its internal check endpoint only
  // when it is set, so a service is never open by default.
  SERVICE_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  // Guards the gateway also builds in-process and runs when no instance answers ('all' or names).
  GUARD_FALLBACK_LOCAL: csv(''),
  // Extra attempts on another instance after a failure that is safe to retry, within the deadline.
  GUARD_RETRIES: int(2, 0, 10),
  // An instance's breaker opens after this many failures in a row and lets one call try again
  // after GUARD_BREAKER_HALF_OPEN_MS.
  GUARD_BREAKER_FAILURES: int(3, 1, 1000),
  GUARD_BREAKER_HALF_OPEN_MS: int(5000, 100, 600_000),
  // Calls in flight to one guard's services (the bulkhead), and calls allowed to wait for a slot.
  GUARD_REMOTE_CONCURRENCY: int(256, 1, 100_000),
  GUARD_REMOTE_QUEUE: int(512, 0, 1_000_000),
  // Keep-alive connections per guard instance.
  GUARD_REMOTE_CONNECTIONS: int(32, 1, 10_000),

  // The OpenAI-compatible proxy (/v1/chat/completions): upstream keys are encrypted with a key
  // derived from PROXY_SECRETS_KEY (required to store keys in production; a key file in DATA_DIR
  // otherwise). Upstreams on loopback or private addresses are refused unless allowed.
  PROXY_SECRETS_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  PROXY_UPSTREAM_TIMEOUT_MS: int(120_000, 100, 3_600_000),
  PROXY_ALLOW_PRIVATE_UPSTREAMS: bool(false),

  // File store (issue 14): S3 when S3_BUCKET is set, a folder under DATA_DIR otherwise.
  S3_BUCKET: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  S3_ENDPOINT_URL: optionalUrl(['http', 'https']),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
  S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or end with /')
    .default(''),
  S3_SSE: z.enum(['AES256', 'aws:kms']).optional(),
  S3_SSE_KMS_KEY_ID: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  AWS_REGION: z.string().trim().min(1).default('us-east-1'),
  AWS_ACCESS_KEY_ID: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  AWS_SECRET_ACCESS_KEY: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  FILES_MAX_BYTES: int(2 * 1024 * 1024 * 1024, 1),
  FILES_ALLOWED_TYPES: csv(
    'application/jsonl,application/x-ndjson,application/json,text/csv,text/plain,application/octet-stream',
  ),
  FILES_URL_TTL_SECONDS: int(900, 1, 7 * 86_400),
  FILES_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_BASE_URL: optionalUrl(['http', 'https']),
  // Settings of the original deployment, accepted as alternatives to DATABASE_URL and REDIS_URL
  // (the URL wins; a disagreement is an error naming both). See src/storage/seed-settings.ts.
  POSTGRES_HOST: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  POSTGRES_PORT: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(1).max(65535).optional(),
  ),
  POSTGRES_DB: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  POSTGRES_USER: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  POSTGRES_PASSWORD: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  REDIS_HOST: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  REDIS_PORT: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(1).max(65535).optional(),
  ),
  REDIS_DB: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(0).max(1000).optional(),
  ),
  REDIS_PASSWORD: z
    .string()
    .optional()
    .transform((v) => v || undefined),

  // Distributed mode (issue 15): how the gateway finds guard service instances. Static ones are
  // listed per guard in GUARD_<NAME>_URLS (added per module below); dynamic ones register
  // themselves with a heartbeat and expire DISCOVERY_TTL_SECONDS after their last one.
  DISCOVERY_TTL_SECONDS: int(15, 3, 300),
  DISCOVERY_REFRESH_MS: int(2000, 100, 600_000),
  HEALTH_CHECK_INTERVAL_MS: int(2000, 100, 600_000),
  HEALTH_CHECK_TIMEOUT_MS: int(1000, 50, 60_000),
  HEALTH_UNHEALTHY_AFTER: int(2, 1, 100),
  HEALTH_HEALTHY_AFTER: int(1, 1, 100),
  // The URL a guard service (MODE=<guard>) registers so gateways can reach it.
  SERVICE_ADVERTISE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
});

type CoreConfig = z.output<typeof coreSchema>;

/** Refusals that involve several settings, or the registry (MODE). */
function refine(modules: readonly AnyGuardModule[]) {
  return (env: CoreConfig, ctx: z.RefinementCtx): void => {
    const names = modules.map((m) => m.name);
    if (env.MODE === 'gateway') {
      if (!env.SERVICE_TOKEN) {
        ctx.addIssue({
          code: 'custom',
          path: ['SERVICE_TOKEN'],
          message:
            'is required when MODE=gateway: the same secret (32+ characters) the guard services are given',
        });
      }
    } else if (env.MODE !== 'all' && !names.includes(env.MODE)) {
      ctx.addIssue({
        code: 'custom',
        path: ['MODE'],
        message: `must be all, gateway or a guard name (${names.join(', ')})`,
      });
    }
    for (const name of env.GUARD_FALLBACK_LOCAL) {
      if (name !== 'all' && !names.includes(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['GUARD_FALLBACK_LOCAL'],
          message: `names an unknown guard '${name}' (valid: all, ${names.join(', ')})`,
        });
      }
    }
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
    if (env.SERVICE_ADVERTISE_URL !== undefined) {
      try {
        normalizeInstanceUrl(env.SERVICE_ADVERTISE_URL);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['SERVICE_ADVERTISE_URL'], message: (error as Error).message });
      }
    }
    if (env.NODE_ENV === 'production' && env.CORS_ORIGINS.includes('*')) {
      ctx.addIssue({
        code: 'custom',
        path: ['CORS_ORIGINS'],
        message: "'*' is not allowed when NODE_ENV=production; list the allowed origins",
      });
    }
  };
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/** The settings of every registered guard module, merged. */
type GuardSettings = UnionToIntersection<z.output<(typeof GUARD_MODULES)[number]['config']>>;

/**
 * The per-guard remote settings (GUARD_<NAME>_URLS, GUARD_<NAME>_BALANCE), added for every module
 * in a loop. Read them with staticInstancesOf and balanceOf, never by building the name by hand.
 */
type RemoteSettings = {
  readonly [urls: `GUARD_${string}_URLS`]: string | undefined;
  readonly [balance: `GUARD_${string}_BALANCE`]: BalanceStrategy | undefined;
};

export type Config = CoreConfig & GuardSettings & RemoteSettings;

/** The remote settings of one guard module: its static instances and its balancing strategy. */
function remoteSchemaOf(guard: string) {
  const urls = urlsVariableOf(guard);
  return {
    [urls]: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        try {
          parseStaticInstances(guard, value);
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            message: error instanceof StaticInstancesError ? error.detail : (error as Error).message,
          });
        }
      }),
    [balanceVariableOf(guard)]: z.enum(BALANCE_STRATEGIES).default('round-robin'),
  };
}

/** The one environment schema: core settings plus every module's section. */
export function envSchemaFor(modules: readonly AnyGuardModule[] = GUARD_MODULES) {
  let schema: z.ZodObject = coreSchema;
  for (const module of modules)
    schema = schema.extend(module.config.shape).extend(remoteSchemaOf(module.name));
  return schema.superRefine((env, ctx) => refine(modules)(env as CoreConfig, ctx));
}

/** The static instances of `guard` listed in GUARD_<NAME>_URLS (validated when the config loaded). */
export function staticInstancesOf(config: Config, guard: string): InstanceRecord[] {
  return parseStaticInstances(guard, config[`GUARD_${guard.toUpperCase()}_URLS`]);
}

/** How calls to `guard` are spread over its instances (GUARD_<NAME>_BALANCE, round-robin by default). */
export function balanceOf(config: Config, guard: string): BalanceStrategy {
  return config[`GUARD_${guard.toUpperCase()}_BALANCE`] ?? 'round-robin';
}

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    // One line per setting, naming it and what to do; no stack trace reaches the user.
    super(issues.map((i) => `configuration error: ${i.variable} ${i.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  modules: readonly AnyGuardModule[] = GUARD_MODULES,
): Config {
  // `VAR=` (as .env.example ships every optional setting) means unset, not an empty value.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const result = envSchemaFor(modules).safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const config = result.data as Config;
  const seedIssues = applySeedSettings(config);
  if (seedIssues.length > 0) throw new ConfigError(seedIssues);
  // A guard running as its own service (MODE=<guard>) listens on its module's port unless PORT is set.
  const alone = modules.find((m) => m.name === config.MODE);
  if (present.PORT === undefined && alone) config.PORT = alone.port;
  return config;
}

/** A config for tests and the CLI: defaults plus overrides, validated the same way. */
export function testConfig(
  overrides: Record<string, string> = {},
  modules: readonly AnyGuardModule[] = GUARD_MODULES,
): Config {
  // Tests run guards inline unless they ask for the worker pool (GUARD_WORKERS).
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', GUARD_WORKERS: '0', ...overrides }, modules);
}
