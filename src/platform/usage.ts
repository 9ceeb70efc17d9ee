import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import type { GuardCallObserver } from '../guards/contract.js';
import { usageRecords } from '../storage/db/schema/platform.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import type { TierView } from './tiers.js';

export interface UsageEvent {
  organizationId: string;
  apiKeyId: string | null;
  guard: string;
  tokens: number;
  latencyMs: number;
  error: boolean;
}

export interface Reservation {
  organizationId: string;
  month: string;
  tokens: number;
}

interface Bucket {
  organizationId: string;
  apiKeyId: string;
  guard: string;
  day: string;
  requests: number;
  errors: number;
  tokens: number;
  latencyMs: number;
}

/** Today's UTC date (YYYY-MM-DD), formatted once a second at most: it is read on every request. */
let dayCache = { from: 0, until: 0, value: '' };
const today = (): string => {
  const now = Date.now();
  if (now < dayCache.from || now >= dayCache.until) {
    const from = now - (now % 1000);
    dayCache = { from, until: from + 1000, value: new Date(now).toISOString().slice(0, 10) };
  }
  return dayCache.value;
};
const month = (d?: Date) => (d ? d.toISOString().slice(0, 7) : today().slice(0, 7));
const day = (d?: Date) => (d ? d.toISOString().slice(0, 10) : today());
/** Monthly counters outlive their month by a few days so a report at the turn of the month still sees them. */
const MONTH_TTL_SECONDS = 35 * 86_400;

/**
 * Usage per organization: monthly totals are atomic counters in the key-value store (shared by all
 * replicas, read by the quota check); the detail per key, guard and day is summed in memory and
 * added to `usage_records` in batches, off the request path. Each replica adds only its own
 * increments, so the sums stay right with any number of replicas.
 */
export class UsageService {
  private buffer = new Map<string, Bucket>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    private readonly kv: KeyValueStore,
    private readonly logger: Logger,
    flushMs: number,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  private counterKey(organizationId: string, what: 'calls' | 'tokens', m = month()): string {
    return `usage:${organizationId}:${m}:${what}`;
  }

  async monthTotals(organizationId: string): Promise<{ month: string; calls: number; tokens: number }> {
    const [calls, tokens] = await Promise.all([
      this.kv.get(this.counterKey(organizationId, 'calls')),
      this.kv.get(this.counterKey(organizationId, 'tokens')),
    ]);
    return { month: month(), calls: Number(calls ?? 0), tokens: Number(tokens ?? 0) };
  }

  /**
   * Reserves one call and `tokens` of the month's quota before the call runs, atomically: the
   * counters are incremented first and rolled back if that went over, so concurrent calls can
   * never together overshoot the quota (at the edge, both may be refused). Returns the
   * reservation to refund if the call is not served.
   */
  async reserve(organizationId: string, tier: TierView, tokens: number): Promise<Reservation> {
    const calls = this.counterKey(organizationId, 'calls');
    const tokenKey = this.counterKey(organizationId, 'tokens');
    const [usedCalls, usedTokens] = await Promise.all([
      this.kv.incrBy(calls, 1, MONTH_TTL_SECONDS),
      tokens > 0
        ? this.kv.incrBy(tokenKey, tokens, MONTH_TTL_SECONDS)
        : this.kv.get(tokenKey).then((v) => Number(v ?? 0)),
    ]);
    const reservation: Reservation = { organizationId, month: month(), tokens };
    const over =
      (tier.monthly_calls !== null && usedCalls > tier.monthly_calls) ||
      (tier.monthly_tokens !== null && usedTokens > tier.monthly_tokens);
    if (over) {
      await this.refund(reservation);
      const now = new Date();
      const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
      throw new AppError('QUOTA_EXCEEDED', `the ${tier.name} tier's monthly quota does not cover this call`, {
        quota: { monthly_calls: tier.monthly_calls, monthly_tokens: tier.monthly_tokens },
        used: { month: month(), calls: usedCalls - 1, tokens: usedTokens - tokens },
        requested_tokens: tokens,
        retry_after: Math.ceil((nextMonth - now.getTime()) / 1000),
      });
    }
    return reservation;
  }

  /** Gives a reservation back (the call was refused or failed on the caller's side). */
  async refund(reservation: Reservation): Promise<void> {
    const { organizationId, month: m, tokens } = reservation;
    await Promise.all([
      this.kv.incrBy(this.counterKey(organizationId, 'calls', m), -1),
      tokens > 0 ? this.kv.incrBy(this.counterKey(organizationId, 'tokens', m), -tokens) : null,
    ]);
  }

  /**
   * The guard-call observer: every call made for an organization goes to the per-day detail under
   * its guard and key (the quota itself was reserved per request, before the guards ran).
   */
  observer(): GuardCallObserver {
    return (call) => {
      if (!call.organizationId) return;
      this.record({
        organizationId: call.organizationId,
        apiKeyId: call.apiKeyId ?? null,
        guard: call.guard,
        tokens: call.tokens,
        latencyMs: call.latencyMs,
        error: call.verdict === 'error',
      });
    };
  }

  /** Adds a served call to the per-day detail; its monthly counters were taken by `reserve`. */
  record(event: UsageEvent): void {
    const d = day();
    const key = `${event.organizationId}|${event.apiKeyId ?? ''}|${event.guard}|${d}`;
    let bucket = this.buffer.get(key);
    if (!bucket) {
      bucket = {
        organizationId: event.organizationId,
        apiKeyId: event.apiKeyId ?? '',
        guard: event.guard,
        day: d,
        requests: 0,
        errors: 0,
        tokens: 0,
        latencyMs: 0,
      };
      this.buffer.set(key, bucket);
    }
    bucket.requests++;
    bucket.errors += event.error ? 1 : 0;
    bucket.tokens += event.tokens;
    bucket.latencyMs += event.latencyMs;
  }

  async flush(): Promise<void> {
    if (this.buffer.size === 0) return;
    const batch = [...this.buffer.values()];
    this.buffer = new Map();
    try {
      await this.db.orm
        .insert(usageRecords)
        .values(
          batch.map((b) => ({
            organizationId: b.organizationId,
            apiKeyId: b.apiKeyId,
            guard: b.guard,
            day: b.day,
            requests: b.requests,
            errors: b.errors,
            tokens: b.tokens,
            totalLatencyMs: b.latencyMs,
          })),
        )
        .onConflictDoUpdate({
          target: [usageRecords.organizationId, usageRecords.apiKeyId, usageRecords.guard, usageRecords.day],
          set: {
            requests: sql`${usageRecords.requests} + excluded.requests`,
            errors: sql`${usageRecords.errors} + excluded.errors`,
            tokens: sql`${usageRecords.tokens} + excluded.tokens`,
            totalLatencyMs: sql`${usageRecords.totalLatencyMs} + excluded.total_latency_ms`,
          },
        });
    } catch (err) {
      this.logger.error({ err, rows: batch.length }, 'usage flush failed; these counts are lost');
    }
  }

  async report(organizationId: string, from: string, to: string) {
    await this.flush();
    const rows = await this.db.orm
      .select({
        day: usageRecords.day,
        guard: usageRecords.guard,
        requests: sql<number>`sum(${usageRecords.requests})::bigint`.mapWith(Number),
        errors: sql<number>`sum(${usageRecords.errors})::bigint`.mapWith(Number),
        tokens: sql<number>`sum(${usageRecords.tokens})::bigint`.mapWith(Number),
        latency: sql<number>`sum(${usageRecords.totalLatencyMs})`.mapWith(Number),
      })
      .from(usageRecords)
      .where(
        and(
          eq(usageRecords.organizationId, organizationId),
          gte(usageRecords.day, from),
          lte(usageRecords.day, to),
        ),
      )
      .groupBy(usageRecords.day, usageRecords.guard)
      .orderBy(asc(usageRecords.day), asc(usageRecords.guard));
    return rows.map((r) => ({
      day: r.day,
      guard: r.guard,
      requests: r.requests,
      errors: r.errors,
      tokens: r.tokens,
      avg_latency_ms: r.requests > 0 ? Math.round((r.latency / r.requests) * 1000) / 1000 : 0,
    }));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
