import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import { AccountService } from './accounts.js';
import { ApiKeyService } from './api-keys.js';
import { AuditLog } from './audit.js';
import { Authenticator } from './authenticator.js';
import { TokenService } from './jwt.js';
import { RateLimiter } from './rate-limit.js';
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
  close(): Promise<void>;
}

export async function createPlatform(deps: {
  config: Config;
  db: Database;
  kv: KeyValueStore;
  logger: Logger;
}): Promise<Platform> {
  const { config, db, kv, logger } = deps;
  const tokens = await TokenService.create(config, logger);
  const keys = new ApiKeyService(db, kv, config.API_KEY_CACHE_TTL_SECONDS);
  const sessions = new SessionService(db, kv, config.SESSION_TTL, config.JWT_REFRESH_TTL_SECONDS);
  const usage = new UsageService(db, kv, logger, config.USAGE_FLUSH_MS);
  return {
    accounts: new AccountService(db, {
      maxFailures: config.AUTH_MAX_FAILED_LOGINS,
      lockSeconds: config.AUTH_LOCKOUT_SECONDS,
    }),
    keys,
    sessions,
    tokens,
    tiers: new TierService(db),
    usage,
    audit: new AuditLog(db),
    rateLimiter: new RateLimiter(kv, config),
    authenticator: new Authenticator(tokens, keys, sessions),
    close: () => usage.close(),
  };
}
