import { describe, expect, it } from 'vitest';
import { assignVariant } from './assign.js';
import {
  histogramQuantile,
  LATENCY_BOUNDS_MS,
  latencyBucket,
  proportionDifference,
  wilson,
} from './stats.js';

const variants = [
  { name: 'control', weight: 1 },
  { name: 'strict', weight: 1 },
];

describe('experiment assignment', () => {
  it('gives a unit the same variant every time, and splits units by weight', () => {
    const counts: Record<string, number> = { control: 0, strict: 0 };
    for (let i = 0; i < 4000; i++) {
      const v = assignVariant('salt-1', variants, 100, `session-${i}`);
      expect(assignVariant('salt-1', variants, 100, `session-${i}`)).toBe(v);
      counts[v ?? 'none'] = (counts[v ?? 'none'] ?? 0) + 1;
    }
    expect(counts.control).toBeGreaterThan(1800);
    expect(counts.strict).toBeGreaterThan(1800);
    const skewed = Array.from({ length: 4000 }, (_, i) =>
      assignVariant(
        'salt-1',
        [
          { name: 'a', weight: 9 },
          { name: 'b', weight: 1 },
        ],
        100,
        `u${i}`,
      ),
    ).filter((v) => v === 'b').length;
    expect(skewed).toBeGreaterThan(300);
    expect(skewed).toBeLessThan(500);
  });

  it('ramping up only adds units and never moves one to another variant', () => {
    const at = (ramp: number) =>
      Array.from({ length: 3000 }, (_, i) => assignVariant('salt-2', variants, ramp, `u${i}`));
    const r10 = at(10);
    const r50 = at(50);
    const enrolled10 = r10.filter(Boolean).length;
    expect(enrolled10).toBeGreaterThan(200);
    expect(enrolled10).toBeLessThan(400);
    r10.forEach((v, i) => {
      if (v) expect(r50[i]).toBe(v);
    });
    expect(at(0).every((v) => v === undefined)).toBe(true);
  });

  it('depends on the salt, so two experiments split units independently', () => {
    const a = Array.from({ length: 1000 }, (_, i) => assignVariant('x', variants, 100, `u${i}`));
    const b = Array.from({ length: 1000 }, (_, i) => assignVariant('y', variants, 100, `u${i}`));
    const same = a.filter((v, i) => v === b[i]).length;
    expect(same).toBeGreaterThan(400);
    expect(same).toBeLessThan(600);
  });
});

describe('experiment statistics', () => {
  it('Wilson intervals contain the rate and narrow with more data', () => {
    const small = wilson(5, 10);
    const big = wilson(500, 1000);
    expect(small.low).toBeLessThan(0.5);
    expect(small.high).toBeGreaterThan(0.5);
    expect(big.high - big.low).toBeLessThan(small.high - small.low);
    expect(wilson(0, 20).low).toBe(0);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    // Known value: 81 of 263 -> about [0.255, 0.366].
    const k = wilson(81, 263);
    expect(k.low).toBeCloseTo(0.2553, 3);
    expect(k.high).toBeCloseTo(0.3662, 3);
  });

  it('a clear difference of proportions excludes 0 and a tiny one does not', () => {
    const clear = proportionDifference(100, 1000, 200, 1000);
    expect(clear.difference).toBeCloseTo(0.1);
    expect(clear.ci.low).toBeGreaterThan(0);
    expect(clear.p_value).toBeLessThan(0.001);
    const noise = proportionDifference(100, 1000, 105, 1000);
    expect(noise.ci.low).toBeLessThan(0);
    expect(noise.p_value).toBeGreaterThan(0.5);
  });

  it('latency quantiles come from the bucket counts', () => {
    const counts = new Array(LATENCY_BOUNDS_MS.length + 1).fill(0) as number[];
    const add = (ms: number, n: number) => {
      const i = latencyBucket(ms);
      counts[i] = (counts[i] ?? 0) + n;
    };
    add(0.3, 90);
    add(40, 10);
    const p50 = histogramQuantile(counts, 0.5) ?? 0;
    const p99 = histogramQuantile(counts, 0.99) ?? 0;
    expect(p50).toBeGreaterThanOrEqual(0.3);
    expect(p50).toBeLessThan(0.5);
    expect(p99).toBeGreaterThanOrEqual(40);
    expect(p99).toBeLessThan(61);
    expect(histogramQuantile(new Array(5).fill(0), 0.5)).toBeNull();
  });
});
