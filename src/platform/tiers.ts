import { asc, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import { isDatabaseUnavailable } from '../storage/db/errors.js';
import { type SubscriptionStatus, subscriptions, tiers } from '../storage/db/schema/platform.js';
import type { Database } from '../storage/db/types.js';

export interface TierView {
  name: string;
  requests_per_minute: number;
  requests_per_hour: number;
  burst: number;
  monthly_calls: number | null;
  monthly_tokens: number | null;
  max_payload_bytes: number;
  guards_allowed: string[];
  price_monthly_usd: number;
}

export interface SubscriptionView {
  organization_id: string;
  tier: string;
  status: SubscriptionStatus;
  current_period_start: string;
  current_period_end: string | null;
  provider: string | null;
}

/** The limits that apply to an organization right now: its tier, when its subscription is in good standing. */
export interface EffectiveLimits {
  tier: TierView;
  status: SubscriptionStatus;
}

const tierView = (t: typeof tiers.$inferSelect): TierView => ({
  name: t.name,
  requests_per_minute: t.requestsPerMinute,
  requests_per_hour: t.requestsPerHour,
  burst: t.burst,
  monthly_calls: t.monthlyCalls,
  monthly_tokens: t.monthlyTokens,
  max_payload_bytes: t.maxPayloadBytes,
  guards_allowed: t.guardsAllowed,
  price_monthly_usd: Number(t.priceMonthlyUsd),
});

const subView = (s: typeof subscriptions.$inferSelect): SubscriptionView => ({
  organization_id: s.organizationId,
  tier: s.tier,
  status: s.status,
  current_period_start: s.currentPeriodStart.toISOString(),
  current_period_end: s.currentPeriodEnd?.toISOString() ?? null,
  provider: s.provider,
});

/**
 * A billing provider (Stripe, Paddle ...) plugs in here; none is bundled. A provider verifies its
 * webhook signature over the raw body (for Stripe: HMAC-SHA256 of `timestamp.body` with the
 * endpoint secret, compared in constant time, timestamp within 5 minutes) and turns the event into
 * a subscription change, which `TierService.setSubscription` applies.
 */
export interface BillingProvider {
  readonly name: string;
  verifyWebhook(
    rawBody: string,
    headers: Record<string, string | undefined>,
  ): Promise<{
    organizationId: string;
    tier?: string;
    status?: SubscriptionStatus;
    periodEnd?: Date | null;
    reference?: string;
  }>;
}

/** Statuses under which the paid tier applies; others fall back to the free tier. */
const GOOD_STANDING: SubscriptionStatus[] = ['active', 'trialing', 'past_due'];

/** Tiers, subscriptions, and the limits an organization gets; cached briefly in each process. */
export class TierService {
  private readonly cache = new Map<string, { at: number; value: EffectiveLimits }>();

  constructor(
    private readonly db: Database,
    private readonly logger?: Logger,
    private readonly cacheMs = 15_000,
  ) {}

  async list(): Promise<TierView[]> {
    return (await this.db.orm.select().from(tiers).orderBy(asc(tiers.priceMonthlyUsd))).map(tierView);
  }

  async get(name: string): Promise<TierView | null> {
    const [row] = await this.db.orm.select().from(tiers).where(eq(tiers.name, name));
    return row ? tierView(row) : null;
  }

  async update(
    name: string,
    changes: Partial<Omit<TierView, 'name'>>,
  ): Promise<{ before: TierView; after: TierView }> {
    const before = await this.get(name);
    if (!before) throw new AppError('NOT_FOUND', `no tier named ${name}`);
    const [after] = await this.db.orm
      .update(tiers)
      .set({
        ...(changes.requests_per_minute !== undefined
          ? { requestsPerMinute: changes.requests_per_minute }
          : {}),
        ...(changes.requests_per_hour !== undefined ? { requestsPerHour: changes.requests_per_hour } : {}),
        ...(changes.burst !== undefined ? { burst: changes.burst } : {}),
        ...(changes.monthly_calls !== undefined ? { monthlyCalls: changes.monthly_calls } : {}),
        ...(changes.monthly_tokens !== undefined ? { monthlyTokens: changes.monthly_tokens } : {}),
        ...(changes.max_payload_bytes !== undefined ? { maxPayloadBytes: changes.max_payload_bytes } : {}),
        ...(changes.guards_allowed !== undefined ? { guardsAllowed: changes.guards_allowed } : {}),
        ...(changes.price_monthly_usd !== undefined
          ? { priceMonthlyUsd: String(changes.price_monthly_usd) }
          : {}),
        updatedAt: new Date(),
      })
      .where(eq(tiers.name, name))
      .returning();
    this.cache.clear();
    return { before, after: tierView(after!) };
  }

  async subscription(organizationId: string): Promise<SubscriptionView | null> {
    const [row] = await this.db.orm
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.organizationId, organizationId));
    return row ? subView(row) : null;
  }

  async setSubscription(
    organizationId: string,
    input: { tier?: string; status?: SubscriptionStatus; periodEnd?: Date | null; provider?: string | null },
  ): Promise<{ before: SubscriptionView | null; after: SubscriptionView }> {
    if (input.tier && !(await this.get(input.tier)))
      throw new AppError('VALIDATION_ERROR', `no tier named ${input.tier}`);
    const before = await this.subscription(organizationId);
    const [row] = await this.db.orm
      .insert(subscriptions)
      .values({
        organizationId,
        tier: input.tier ?? before?.tier ?? 'free',
        status: input.status ?? before?.status ?? 'active',
        currentPeriodEnd: input.periodEnd ?? null,
        provider: input.provider ?? null,
      })
      .onConflictDoUpdate({
        target: subscriptions.organizationId,
        set: {
          ...(input.tier ? { tier: input.tier } : {}),
          ...(input.status ? { status: input.status } : {}),
          ...(input.periodEnd !== undefined ? { currentPeriodEnd: input.periodEnd } : {}),
          ...(input.provider !== undefined ? { provider: input.provider } : {}),
          updatedAt: new Date(),
        },
      })
      .returning();
    this.cache.delete(organizationId);
    return { before, after: subView(row!) };
  }

  /** The tier whose limits apply to the organization (free when it has no subscription in good standing). */
  async limitsFor(organizationId: string): Promise<EffectiveLimits> {
    const hit = this.cache.get(organizationId);
    if (hit && hit.at > Date.now() - this.cacheMs) return hit.value;
    try {
      return await this.load(organizationId);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      // During a database outage the last known tier keeps guard calls going.
      if (hit) {
        this.logger?.warn({ organizationId }, 'database unavailable: using the last known tier');
        return hit.value;
      }
      throw new AppError(
        'NOT_READY',
        'the database is unavailable; try again shortly',
        { retry_after: 5 },
        { cause: err },
      );
    }
  }

  private async load(organizationId: string): Promise<EffectiveLimits> {
    const sub = await this.subscription(organizationId);
    const tierName = sub && GOOD_STANDING.includes(sub.status) ? sub.tier : 'free';
    const tier = (await this.get(tierName)) ?? (await this.get('free'));
    if (!tier) throw new Error('the free tier is missing: migrations were not applied');
    const value = { tier, status: sub?.status ?? 'active' };
    this.cache.set(organizationId, { at: Date.now(), value });
    return value;
  }
}
