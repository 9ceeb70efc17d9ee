import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { KeyValueStore, SlidingWindowResult } from '../storage/kv/types.js';
import type { RateLimitOverride } from './principal.js';
import type { RuntimeConfig } from './runtime-config-schema.js';
import type { TierView } from './tiers.js';

export type RateClass = 'processing' | 'read' | 'admin';

export interface Window {
  name: string;
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** The most constraining window, for the RateLimit-* headers. */
  limit: number;
  remaining: number;
  resetSeconds: number;
  window: string;
}

/**
 * Exact sliding-window rate limiting over the key-value store (a sorted set and one Lua script per
 * window on Redis), so the limits hold across every gateway replica. Limits per identity come from
 * the key's override, else the organization's tier, else the defaults; each endpoint class has its
 * own per-minute limit on top. Defaults and class limits are the runtime configuration's
 * `rate_limits` where it sets them (read on every check, so a change applies at once), else the
 * RATE_LIMIT_* settings.
 */
export class RateLimiter {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly config: Pick<
      Config,
      | 'RATE_LIMIT_FAIL_MODE'
      | 'RATE_LIMIT_PER_MINUTE'
      | 'RATE_LIMIT_PER_HOUR'
      | 'RATE_LIMIT_BURST'
      | 'RATE_LIMIT_BURST_WINDOW_SECONDS'
      | 'RATE_LIMIT_PROCESSING_PER_MINUTE'
      | 'RATE_LIMIT_ADMIN_PER_MINUTE'
      | 'RATE_LIMIT_READ_PER_MINUTE'
    >,
    private readonly runtime: () => RuntimeConfig['rate_limits'] = () => ({}),
  ) {}

  /** The defaults in force now: the runtime configuration's, else the start-up settings. */
  private defaults() {
    const c = this.config;
    const r = this.runtime();
    return {
      perMinute: r.per_minute ?? c.RATE_LIMIT_PER_MINUTE,
      perHour: r.per_hour ?? c.RATE_LIMIT_PER_HOUR,
      burst: r.burst ?? c.RATE_LIMIT_BURST,
      processing: r.processing_per_minute ?? c.RATE_LIMIT_PROCESSING_PER_MINUTE,
      read: r.read_per_minute ?? c.RATE_LIMIT_READ_PER_MINUTE,
      admin: r.admin_per_minute ?? c.RATE_LIMIT_ADMIN_PER_MINUTE,
    };
  }

  /**
   * The windows of one credential: its override, else the tier, else the defaults, with its
   * endpoint class on top. An override can lower a limit, never raise it above the tier.
   */
  windowsFor(rateClass: RateClass, tier: TierView | null, requested: RateLimitOverride | null): Window[] {
    const c = this.config;
    const d = this.defaults();
    const override = requested && tier ? clampToTier(requested, tier) : requested;
    const classLimit = d[rateClass];
    return [
      {
        name: 'burst',
        limit: override?.burst ?? tier?.burst ?? d.burst,
        windowMs: c.RATE_LIMIT_BURST_WINDOW_SECONDS * 1000,
      },
      {
        name: 'minute',
        limit: override?.per_minute ?? tier?.requests_per_minute ?? d.perMinute,
        windowMs: 60_000,
      },
      {
        name: 'hour',
        limit: override?.per_hour ?? tier?.requests_per_hour ?? d.perHour,
        windowMs: 3_600_000,
      },
      { name: rateClass, limit: override?.per_minute ?? classLimit, windowMs: 60_000 },
    ];
  }

  /** The tier's minute and hour limits for everything one user, or one organization, sends. */
  sharedWindows(tier: TierView | null): Window[] {
    const d = this.defaults();
    return [
      { name: 'minute', limit: tier?.requests_per_minute ?? d.perMinute, windowMs: 60_000 },
      { name: 'hour', limit: tier?.requests_per_hour ?? d.perHour, windowMs: 3_600_000 },
    ];
  }

  /**
   * Counts the request in every window, narrowest first, and stops at the first that is full. A
   * store error is decided by RATE_LIMIT_FAIL_MODE (open: allow; closed: refuse).
   */
  async check(identity: string, windows: Window[]): Promise<RateDecision> {
    let tightest: { w: Window; r: SlidingWindowResult } | undefined;
    try {
      for (const w of windows) {
        const r = await this.kv.slidingWindow(`ratelimit:${identity}:${w.name}`, w.limit, w.windowMs);
        if (!r.allowed) return decision(false, w, r);
        if (!tightest || r.remaining < tightest.r.remaining) tightest = { w, r };
      }
    } catch (err) {
      if (this.config.RATE_LIMIT_FAIL_MODE === 'closed') {
        throw new AppError(
          'RATE_LIMITED',
          'rate limiting is unavailable and the gateway fails closed',
          {
            retry_after: 1,
          },
          { cause: err },
        );
      }
      return { allowed: true, limit: 0, remaining: 0, resetSeconds: 0, window: 'unavailable' };
    }
    return tightest
      ? decision(true, tightest.w, tightest.r)
      : { allowed: true, limit: 0, remaining: 0, resetSeconds: 0, window: 'none' };
  }
}

/** An override within the tier: each limit is the lower of the two. */
export function clampToTier(override: RateLimitOverride, tier: TierView): RateLimitOverride {
  const min = (a: number | undefined, b: number) => (a === undefined ? undefined : Math.min(a, b));
  const out: RateLimitOverride = {};
  const perMinute = min(override.per_minute, tier.requests_per_minute);
  const perHour = min(override.per_hour, tier.requests_per_hour);
  const burst = min(override.burst, tier.burst);
  if (perMinute !== undefined) out.per_minute = perMinute;
  if (perHour !== undefined) out.per_hour = perHour;
  if (burst !== undefined) out.burst = burst;
  return out;
}

const decision = (allowed: boolean, w: Window, r: SlidingWindowResult): RateDecision => ({
  allowed,
  limit: w.limit,
  remaining: r.remaining,
  resetSeconds: Math.max(allowed ? 0 : 1, Math.ceil(r.resetMs / 1000)),
  window: w.name,
});
