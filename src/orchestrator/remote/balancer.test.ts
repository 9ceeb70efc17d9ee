import { describe, expect, it } from 'vitest';
import { type Candidate, createBalancer, LatencyEwma } from './balancer.js';

const c = (id: string, extra: Partial<Candidate> = {}): Candidate => ({
  id,
  weight: 1,
  outstanding: 0,
  latencyMs: 0,
  ...extra,
});

/** A seeded generator (mulberry32), so random strategies give the same picks on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const counts = (ids: string[]) => {
  const out: Record<string, number> = {};
  for (const id of ids) out[id] = (out[id] ?? 0) + 1;
  return out;
};

describe('every strategy', () => {
  it.each(['round-robin', 'weighted', 'least-outstanding', 'p2c'] as const)(
    '%s picks nothing from no candidate and the only one from one',
    (strategy) => {
      const balancer = createBalancer(strategy, seeded(1));
      expect(balancer.pick([])).toBeUndefined();
      expect(balancer.pick([c('only')])?.id).toBe('only');
    },
  );
});

describe('round robin', () => {
  it('cycles over the ids in order', () => {
    const b = createBalancer('round-robin');
    const set = [c('b'), c('a'), c('c')];
    expect(Array.from({ length: 7 }, () => b.pick(set)?.id)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('an instance leaving mid-cycle neither resets nor repeats the cycle; one joining gets its turn', () => {
    const b = createBalancer('round-robin');
    const [a, bb, cc, d] = [c('a'), c('b'), c('c'), c('d')];
    expect(b.pick([a, bb, cc])?.id).toBe('a');
    expect(b.pick([a, bb, cc])?.id).toBe('b');
    // b was picked last and now leaves: the cycle goes on with c, then wraps to a.
    expect(b.pick([a, cc])?.id).toBe('c');
    expect(b.pick([a, cc])?.id).toBe('a');
    // d joins after a: it is next in order.
    expect(b.pick([a, cc, d])?.id).toBe('c');
    expect(b.pick([a, cc, d])?.id).toBe('d');
    expect(b.pick([a, cc, d])?.id).toBe('a');
  });

  it('spreads evenly', () => {
    const b = createBalancer('round-robin');
    const set = [c('x'), c('y'), c('z')];
    expect(counts(Array.from({ length: 300 }, () => b.pick(set)?.id ?? ''))).toEqual({
      x: 100,
      y: 100,
      z: 100,
    });
  });
});

describe('smooth weighted round robin', () => {
  it('weights 5:1:1 give exactly 5:1:1 over 700 picks, interleaved like nginx', () => {
    const b = createBalancer('weighted');
    const set = [c('a', { weight: 5 }), c('b', { weight: 1 }), c('c', { weight: 1 })];
    const picks = Array.from({ length: 700 }, () => b.pick(set)?.id ?? '');
    expect(counts(picks)).toEqual({ a: 500, b: 100, c: 100 });
    expect(picks.slice(0, 7)).toEqual(['a', 'a', 'b', 'a', 'c', 'a', 'a']);
    // Smooth: never two of a weight-1 instance within one cycle, let alone three in a row.
    const joined = picks.join('');
    expect(joined).not.toMatch(/bb|cc/);
    // and the heavy one never takes more than its share in one burst.
    expect(joined).not.toMatch(/a{6}/);
  });

  it('is deterministic: two balancers give the same sequence', () => {
    const set = [c('a', { weight: 3 }), c('b', { weight: 2 }), c('c', { weight: 7 })];
    const one = createBalancer('weighted');
    const two = createBalancer('weighted');
    const seq = (b: typeof one) => Array.from({ length: 120 }, () => b.pick(set)?.id).join('');
    expect(seq(one)).toBe(seq(two));
    expect(counts(seq(createBalancer('weighted')).split(''))).toEqual({ a: 30, b: 20, c: 70 });
  });

  it('an instance leaving mid-cycle: the others keep their ratio', () => {
    const b = createBalancer('weighted');
    const full = [c('a', { weight: 2 }), c('b', { weight: 1 }), c('gone', { weight: 4 })];
    for (let i = 0; i < 3; i++) b.pick(full);
    const rest = [c('a', { weight: 2 }), c('b', { weight: 1 })];
    const picks = Array.from({ length: 300 }, () => b.pick(rest)?.id ?? '');
    expect(picks).not.toContain('gone');
    const n = counts(picks);
    // Exactly 2:1 up to the one cycle that was under way when the instance left.
    expect(Math.abs((n.a ?? 0) - 200)).toBeLessThanOrEqual(2);
    expect((n.a ?? 0) + (n.b ?? 0)).toBe(300);
  });
});

describe('least outstanding', () => {
  it('picks the instance with the fewest calls in flight', () => {
    const b = createBalancer('least-outstanding');
    expect(
      b.pick([c('a', { outstanding: 3 }), c('b', { outstanding: 1 }), c('c', { outstanding: 2 })])?.id,
    ).toBe('b');
  });

  it('breaks ties round robin', () => {
    const b = createBalancer('least-outstanding');
    const set = [c('a', { outstanding: 1 }), c('b', { outstanding: 1 }), c('c', { outstanding: 5 })];
    expect(Array.from({ length: 4 }, () => b.pick(set)?.id)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('under simulated load, keeps the in-flight counts level', () => {
    const b = createBalancer('least-outstanding');
    const set = [c('a'), c('b'), c('c')];
    for (let i = 0; i < 30; i++) {
      const chosen = b.pick(set);
      if (chosen) chosen.outstanding++;
    }
    expect(set.map((x) => x.outstanding)).toEqual([10, 10, 10]);
  });
});

describe('power of two choices', () => {
  /**
   * A simulated load: one call arrives every `gapMs`, each occupies its instance for that
   * instance's latency, and the balancer sees the calls in flight and the latency.
   */
  function simulate(latencies: Record<string, number>, calls: number, gapMs: number, seed: number) {
    const b = createBalancer('p2c', seeded(seed));
    const set = Object.entries(latencies).map(([id, latencyMs]) => c(id, { latencyMs }));
    const finishes: { id: string; at: number }[] = [];
    const picks: string[] = [];
    for (let i = 0; i < calls; i++) {
      const t = i * gapMs;
      for (const f of finishes.filter((x) => x.at <= t)) {
        const inst = set.find((x) => x.id === f.id);
        if (inst) inst.outstanding--;
      }
      finishes.splice(0, finishes.length, ...finishes.filter((x) => x.at > t));
      const chosen = b.pick(set);
      if (!chosen) throw new Error('no pick');
      chosen.outstanding++;
      finishes.push({ id: chosen.id, at: t + chosen.latencyMs });
      picks.push(chosen.id);
    }
    return counts(picks);
  }

  it('sends most traffic to the fast instance but some to the slow ones', () => {
    const n = simulate({ fast: 10, slow1: 80, slow2: 80 }, 3000, 2, 42);
    expect(n.fast ?? 0).toBeGreaterThan(1500);
    expect(n.slow1 ?? 0).toBeGreaterThan(0);
    expect(n.slow2 ?? 0).toBeGreaterThan(0);
    expect((n.slow1 ?? 0) + (n.slow2 ?? 0)).toBeLessThan(n.fast ?? 0);
  });

  it('with no load, the faster of the two drawn wins, so the slowest never does', () => {
    const b = createBalancer('p2c', seeded(7));
    const set = [c('a', { latencyMs: 5 }), c('b', { latencyMs: 20 }), c('c', { latencyMs: 50 })];
    const n = counts(Array.from({ length: 600 }, () => b.pick(set)?.id ?? ''));
    expect(n.c).toBeUndefined();
    // a wins every draw it is in (2 of the 3 pairs).
    expect(n.a ?? 0).toBeGreaterThan(n.b ?? 0);
  });

  it('an instance with unknown latency counts as the best known, so it gets traffic', () => {
    const b = createBalancer('p2c', seeded(3));
    const set = [
      c('known-fast', { latencyMs: 5 }),
      c('known-slow', { latencyMs: 40 }),
      c('new', { latencyMs: 0 }),
    ];
    const n = counts(Array.from({ length: 600 }, () => b.pick(set)?.id ?? ''));
    expect(n.new ?? 0).toBeGreaterThan(100);
  });

  it('an instance leaving the set gets no more picks', () => {
    const b = createBalancer('p2c', seeded(9));
    const set = [c('a', { latencyMs: 5 }), c('b', { latencyMs: 5 }), c('c', { latencyMs: 5 })];
    for (let i = 0; i < 10; i++) b.pick(set);
    const rest = set.filter((x) => x.id !== 'b');
    const n = counts(Array.from({ length: 100 }, () => b.pick(rest)?.id ?? ''));
    expect(n.b).toBeUndefined();
    expect((n.a ?? 0) + (n.c ?? 0)).toBe(100);
  });
});

describe('LatencyEwma', () => {
  it('is 0 until measured, then follows recent calls', () => {
    const ewma = new LatencyEwma(0.5);
    expect(ewma.value).toBe(0);
    ewma.observe(100);
    expect(ewma.value).toBe(100);
    ewma.observe(20);
    expect(ewma.value).toBe(60);
    ewma.observe(Number.NaN);
    ewma.observe(-1);
    expect(ewma.value).toBe(60);
    ewma.observe(0);
    expect(ewma.value).toBeGreaterThan(0);
    expect(() => new LatencyEwma(0)).toThrow(RangeError);
  });
});
