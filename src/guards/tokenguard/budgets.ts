import type { KeyValueStore } from '../../storage/kv/types.js';

/**
 * Token budgets per user, session or organization, per UTC day and month, kept in the shared
 * key-value store so every gateway replica sees the same totals. Counting is one atomic `incrBy`
 * per period; a request that would exceed a period is rolled back with a negative `incrBy`, so a
 * blocked request never consumes budget. Two requests racing at the very edge of a budget may
 * both be refused (the store briefly holds both), never both admitted over the limit.
 */

export const BUDGET_SCOPES = ['user', 'session', 'organization'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];
export type BudgetPeriod = 'day' | 'month';

export interface BudgetLimits {
  scope: BudgetScope;
  /** The organization the budget belongs to: two organizations with the same user id never share one. */
  organization?: string | undefined;
  /** Undefined means no limit for that period. */
  daily?: number | undefined;
  monthly?: number | undefined;
}

export interface PeriodState {
  limit: number;
  used: number;
  remaining: number;
  resets_at: string;
}

export interface BudgetOutcome {
  scope: BudgetScope;
  id: string;
  /** Tokens this request counted (0 when refused or only peeked). */
  counted_tokens: number;
  exceeded: BudgetPeriod | null;
  day?: PeriodState;
  month?: PeriodState;
}

/** Keys outlive their period by this much so a clock skew between replicas cannot reset early. */
const TTL_MARGIN_SECONDS = 3600;

interface PeriodWindow {
  key: string;
  endMs: number;
  ttlSeconds: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function periodWindow(
  scope: BudgetScope,
  id: string,
  period: BudgetPeriod,
  nowMs: number,
  organization = 'default',
): PeriodWindow {
  const now = new Date(nowMs);
  const y = now.getUTCFullYear();
  const mo = now.getUTCMonth();
  const label = period === 'day' ? `${y}-${pad(mo + 1)}-${pad(now.getUTCDate())}` : `${y}-${pad(mo + 1)}`;
  const endMs = period === 'day' ? Date.UTC(y, mo, now.getUTCDate() + 1) : Date.UTC(y, mo + 1, 1);
  return {
    key: `tokenguard:${organization}:budget:${scope}:${id}:${period}:${label}`,
    endMs,
    ttlSeconds: Math.ceil((endMs - nowMs) / 1000) + TTL_MARGIN_SECONDS,
  };
}

const state = (limit: number, used: number, endMs: number): PeriodState => ({
  limit,
  used,
  remaining: Math.max(0, limit - used),
  resets_at: new Date(endMs).toISOString(),
});

interface Slot {
  period: BudgetPeriod;
  limit: number;
  window: PeriodWindow;
}

function slots(limits: BudgetLimits, id: string, nowMs: number): Slot[] {
  const out: Slot[] = [];
  if (limits.daily !== undefined) {
    out.push({
      period: 'day',
      limit: limits.daily,
      window: periodWindow(limits.scope, id, 'day', nowMs, limits.organization),
    });
  }
  if (limits.monthly !== undefined) {
    out.push({
      period: 'month',
      limit: limits.monthly,
      window: periodWindow(limits.scope, id, 'month', nowMs, limits.organization),
    });
  }
  return out;
}

/**
 * Adds `tokens` to every limited period, or to none: when one period would go over its limit the
 * periods already incremented are rolled back and the outcome names the exceeded period.
 */
export async function consumeBudget(
  kv: KeyValueStore,
  limits: BudgetLimits,
  id: string,
  tokens: number,
  nowMs: number = Date.now(),
): Promise<BudgetOutcome> {
  const outcome: BudgetOutcome = { scope: limits.scope, id, counted_tokens: 0, exceeded: null };
  const done: Slot[] = [];
  for (const slot of slots(limits, id, nowMs)) {
    const used = await kv.incrBy(slot.window.key, tokens, slot.window.ttlSeconds);
    if (used > slot.limit) {
      // Roll back this period and those already counted, then report without this request.
      await kv.incrBy(slot.window.key, -tokens);
      for (const prior of done) await kv.incrBy(prior.window.key, -tokens);
      outcome.exceeded = slot.period;
      return peek(kv, limits, id, nowMs, outcome);
    }
    done.push(slot);
    outcome[slot.period] = state(slot.limit, used, slot.window.endMs);
  }
  outcome.counted_tokens = tokens;
  return outcome;
}

/** Reads the current usage without counting anything (for requests blocked for other reasons). */
export async function peekBudget(
  kv: KeyValueStore,
  limits: BudgetLimits,
  id: string,
  nowMs: number = Date.now(),
): Promise<BudgetOutcome> {
  return peek(kv, limits, id, nowMs, { scope: limits.scope, id, counted_tokens: 0, exceeded: null });
}

async function peek(
  kv: KeyValueStore,
  limits: BudgetLimits,
  id: string,
  nowMs: number,
  outcome: BudgetOutcome,
): Promise<BudgetOutcome> {
  for (const slot of slots(limits, id, nowMs)) {
    const raw = await kv.get(slot.window.key);
    const used = raw === null ? 0 : Number(raw);
    outcome[slot.period] = state(slot.limit, Number.isFinite(used) ? used : 0, slot.window.endMs);
  }
  return outcome;
}

/**
 * The limits in force: the configured defaults, tightened (never loosened) by the payload, since
 * the payload comes from the caller whose spending the budget bounds. A configured 0 means no
 * default limit, so the payload alone decides.
 */
export function effectiveLimits(
  defaults: { scope: BudgetScope; daily: number; monthly: number },
  requested:
    | {
        scope?: BudgetScope | undefined;
        daily_tokens?: number | undefined;
        monthly_tokens?: number | undefined;
      }
    | undefined,
): BudgetLimits | null {
  const tighten = (configured: number, asked: number | undefined): number | undefined => {
    const base = configured > 0 ? configured : undefined;
    if (asked === undefined) return base;
    return base === undefined ? asked : Math.min(base, asked);
  };
  const daily = tighten(defaults.daily, requested?.daily_tokens);
  const monthly = tighten(defaults.monthly, requested?.monthly_tokens);
  if (daily === undefined && monthly === undefined) return null;
  return { scope: requested?.scope ?? defaults.scope, daily, monthly };
}
