import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';
import type { KeyValueStore } from '../storage/kv/types.js';

export interface ThrottleOptions {
  /** Attempts per (account, source) before a lock. */
  maxFailures: number;
  /** The first lock; each further lock of the same (account, source) doubles it. */
  lockSeconds: number;
  maxLockSeconds: number;
  /** Login, registration and refresh requests per source IP per minute; 0 turns the limit off. */
  perIpPerMinute: number;
  /**
   * Failed logins per account per hour, from all sources together, past which the account is
   * under attack: for an hour, only sources it logged in from before may try (a distributed
   * guesser is stopped, the owner is not). Defaults to ten times maxFailures.
   */
  accountFailuresPerHour?: number;
}

/** An attempt in progress: report its outcome with `failed` or `succeeded`. */
export interface Attempt {
  key: string;
  account: string;
  source: string;
  count: number;
}

const ONE_DAY = 86_400;
const ONE_HOUR = 3600;
/** How long a source that logged in successfully stays known to its account. */
const KNOWN_SOURCE_SECONDS = 30 * ONE_DAY;

/**
 * Login abuse control in the shared key-value store, so it holds across replicas:
 * - each attempt is counted atomically (INCRBY) before the password is checked, so parallel
 *   guesses cannot slip past the limit while earlier ones are still hashing;
 * - the lock is per (account, source IP), never global, so an attacker cannot lock a victim out
 *   from elsewhere; each repeated lock of the same pair doubles, up to maxLockSeconds;
 * - unknown emails are counted and locked the same way, so the answer never tells whether an
 *   account exists;
 * - per account, failures from all sources together are counted: past a limit, the account takes
 *   attempts only from sources it has logged in from before, for an hour;
 * - login, registration and refresh are also limited per source IP.
 * Keys hold a hash of the email, not the email.
 */
export class LoginThrottle {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly options: ThrottleOptions,
  ) {}

  private account(email: string): string {
    return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
  }

  /** Counts a request of `action` from `source` against the per-IP limit. */
  async perSource(action: 'login' | 'register' | 'refresh', source: string): Promise<void> {
    if (this.options.perIpPerMinute <= 0) return;
    const r = await this.kv.slidingWindow(`auth:ip:${source}:${action}`, this.options.perIpPerMinute, 60_000);
    if (!r.allowed) {
      throw new AppError('RATE_LIMITED', `too many ${action} requests from your address`, {
        retry_after: Math.max(1, Math.ceil(r.resetMs / 1000)),
        window: 'minute',
      });
    }
  }

  private async lockedFor(key: string): Promise<number> {
    const until = Number((await this.kv.get(`${key}:until`)) ?? 0);
    return until > Date.now() ? Math.ceil((until - Date.now()) / 1000) : 0;
  }

  private locked(retryAfter: number): AppError {
    return new AppError('ACCOUNT_LOCKED', 'too many failed logins from your address; try again later', {
      retry_after: Math.max(1, retryAfter),
    });
  }

  /** Counts the attempt before any password check; throws ACCOUNT_LOCKED when over the limit. */
  async begin(email: string, source: string): Promise<Attempt> {
    const account = this.account(email);
    const key = `auth:login:${account}:${source}`;
    const before = await this.lockedFor(key);
    if (before > 0) throw this.locked(before);
    // An account under a distributed attack takes attempts only from sources it knows.
    const attacked = Number((await this.kv.get(`auth:account:${account}:attacked`)) ?? 0);
    if (attacked > Date.now() && !(await this.kv.get(`auth:account:${account}:known:${source}`))) {
      throw this.locked(Math.ceil((attacked - Date.now()) / 1000));
    }
    const count = await this.kv.incrBy(`${key}:n`, 1, ONE_DAY);
    // Read the lock again: one set between the first read and the count must still hold.
    const after = await this.lockedFor(key);
    if (after > 0) throw this.locked(after);
    if (count > this.options.maxFailures) throw this.locked(this.options.lockSeconds);
    return { key, account, source, count };
  }

  /** A wrong password: the attempt that reaches the limit locks the pair, for twice as long each time. */
  async failed(attempt: Attempt): Promise<void> {
    const perHour = this.options.accountFailuresPerHour ?? this.options.maxFailures * 10;
    const window = await this.kv.slidingWindow(
      `auth:account:${attempt.account}:failures`,
      perHour,
      ONE_HOUR * 1000,
    );
    if (!window.allowed) {
      await this.kv.set(
        `auth:account:${attempt.account}:attacked`,
        String(Date.now() + ONE_HOUR * 1000),
        ONE_HOUR,
      );
    }
    if (attempt.count < this.options.maxFailures) return;
    const { key } = attempt;
    const strikes = await this.kv.incrBy(`${key}:strikes`, 1, ONE_DAY);
    const seconds = Math.min(
      this.options.maxLockSeconds,
      this.options.lockSeconds * 2 ** Math.min(strikes - 1, 30),
    );
    await this.kv.set(`${key}:until`, String(Date.now() + seconds * 1000), seconds);
    await this.kv.del(`${key}:n`);
  }

  async succeeded(attempt: Attempt): Promise<void> {
    await Promise.all([
      this.kv.set(`auth:account:${attempt.account}:known:${attempt.source}`, '1', KNOWN_SOURCE_SECONDS),
      this.kv.del(`${attempt.key}:n`),
      this.kv.del(`${attempt.key}:strikes`),
      this.kv.del(`${attempt.key}:until`),
    ]);
  }
}
