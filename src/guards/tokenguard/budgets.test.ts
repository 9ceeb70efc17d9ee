import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../storage/kv/memory.js';
import { consumeBudget, effectiveLimits, periodWindow } from './budgets.js';

const NOW = Date.UTC(2026, 10, 24, 21, 30, 0); // 2026-11-24T21:30:00Z

describe('budgets', () => {
  it('names keys by scope, id and UTC period, expiring after the period ends plus a margin', () => {
    const day = periodWindow('user', 'u1', 'day', NOW);
    expect(day.key).toBe('tokenguard:default:budget:user:u1:day:2026-11-24');
    expect(day.ttlSeconds).toBe(2.5 * 3600 + 3600);
    const month = periodWindow('organization', 'acme', 'month', NOW);
    expect(month.key).toBe('tokenguard:default:budget:organization:acme:month:2026-11');
    expect(month.endMs).toBe(Date.UTC(2026, 11, 1));
  });

  it('counts into every period and refuses, without counting, a request that would exceed one', async () => {
    const kv = new MemoryKeyValueStore(() => NOW);
    const limits = { scope: 'user' as const, daily: 100, monthly: 150 };
    const first = await consumeBudget(kv, limits, 'u1', 60, NOW);
    expect(first).toMatchObject({ exceeded: null, counted_tokens: 60, day: { used: 60, remaining: 40 } });
    const second = await consumeBudget(kv, limits, 'u1', 50, NOW);
    expect(second).toMatchObject({ exceeded: 'day', counted_tokens: 0, day: { used: 60, remaining: 40 } });
    expect(second.month?.used).toBe(60);
    const third = await consumeBudget(kv, limits, 'u1', 40, NOW);
    expect(third).toMatchObject({ exceeded: null, day: { used: 100, remaining: 0 }, month: { used: 100 } });
  });

  it('rolls back the daily count when the monthly limit is the one exceeded', async () => {
    const kv = new MemoryKeyValueStore(() => NOW);
    const limits = { scope: 'session' as const, daily: 1000, monthly: 50 };
    const r = await consumeBudget(kv, limits, 's1', 80, NOW);
    expect(r.exceeded).toBe('month');
    expect(r.day?.used).toBe(0);
    expect(await kv.get('tokenguard:default:budget:session:s1:day:2026-11-24')).toBe('0');
  });

  it('lets the payload tighten but never loosen the configured limits', () => {
    const defaults = { scope: 'user' as const, daily: 1000, monthly: 0 };
    expect(effectiveLimits(defaults, { daily_tokens: 5000 })).toEqual({
      scope: 'user',
      daily: 1000,
      monthly: undefined,
    });
    expect(
      effectiveLimits(defaults, { daily_tokens: 10, monthly_tokens: 20, scope: 'organization' }),
    ).toEqual({
      scope: 'organization',
      daily: 10,
      monthly: 20,
    });
    expect(effectiveLimits({ scope: 'user', daily: 0, monthly: 0 }, undefined)).toBeNull();
  });
});
