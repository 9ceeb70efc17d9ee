import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import { AccountService } from './accounts.js';
import { ApiKeyService } from './api-keys.js';
import { AuditLog } from './audit.js';
import { Authenticator } from './authenticator.js';
import { Invalidations } from './invalidations.js';
import { TokenService } from './jwt.js';
import { LoginThrottle } from './login-throttle.js';
import { MembershipCache } from './memberships.js';
import { RateLimiter } from './rate-limit.js';
import type { RuntimeConfigService } from './runtime-config.js';
import { SessionService } from './sessions.js';
import { TierService } from './tiers.js';
import { UsageService } from './usage.js';

/** Identity and tenancy: everything behind authentication, rate limits, quotas and the audit log. */
export interface Platform {
  accounts: AccountService;
  keys: ApiKeyService;
  sessions: SessionService;
  tokens: TokenService;
  tiers: TierService;
  usage: UsageService;
  audit: AuditLog;
  rateLimiter: RateLimiter;
  authenticator: Authenticator;
  memberships: MembershipCache;
  invalidations: Invalidations;
  logins: LoginThrottle;
  close(): Promise<void>;
}

/** How long a cached membership answer may be used before the database is asked again. */
const MEMBERSHIP_CACHE_SECONDS = 60;

export async function createPlatform(deps: {
  config: Config;
  db: Database;
  kv: KeyValueStore;
  logger: Logger;
  /** The runtime configuration whose `rate_limits` replace the RATE_LIMIT_* defaults. */
  runtimeConfig?: RuntimeConfigService;
}): Promise<Platform> {
  const { config, db, kv, logger } = deps;
  const tokens = await TokenService.create(config, logger);
  // An invalidation matters while any entry it guards can still be cached.
  const retentionMs =
    Math.max(config.SESSION_TTL, config.API_KEY_CACHE_TTL_SECONDS, MEMBERSHIP_CACHE_SECONDS) * 1000 + 60_000;
  const invalidations = new Invalidations(db, kv, logger, retentionMs);
  await invalidations.start();
  const keys = new ApiKeyService(db, kv, config.API_KEY_CACHE_TTL_SECONDS, invalidations);
  const sessions = new SessionService(
    db,
    kv,
    config.SESSION_TTL,
    config.JWT_REFRESH_TTL_SECONDS,
    invalidations,
  );
  const memberships = new MembershipCache(db, kv, invalidations, MEMBERSHIP_CACHE_SECONDS);
  const usage = new UsageService(db, kv, logger, config.USAGE_FLUSH_MS);
  const tiers = new TierService(db, logger);
  return {
    accounts: new AccountService(db, (organizationId, userId) =>
      memberships.invalidate(organizationId, userId),
    ),
    keys,
    sessions,
    tokens,
    tiers,
    usage,
    audit: new AuditLog(db),
    rateLimiter: new RateLimiter(kv, config, () => deps.runtimeConfig?.current().config.rate_limits ?? {}),
    authenticator: new Authenticator(tokens, keys, sessions, memberships),
    memberships,
    invalidations,
    logins: new LoginThrottle(kv, {
      maxFailures: config.AUTH_MAX_FAILED_LOGINS,
      lockSeconds: config.AUTH_LOCKOUT_SECONDS,
      maxLockSeconds: config.AUTH_MAX_LOCKOUT_SECONDS,
      perIpPerMinute: config.RATE_LIMIT_ENABLED ? config.AUTH_PER_IP_PER_MINUTE : 0,
    }),
    close: async () => {
      await invalidations.stop();
      await usage.close();
    },
  };
}
