/**
 * How calls to one guard are spread over its instances. The caller passes only the eligible
 * candidates (healthy, not draining, breaker admits); a balancer only chooses among them. Every
 * strategy keeps its state keyed by instance id, so instances joining or leaving between picks
 * never reset or skew the others.
 */

export const BALANCE_STRATEGIES = ['round-robin', 'weighted', 'least-outstanding', 'p2c'] as const;
export type BalanceStrategy = (typeof BALANCE_STRATEGIES)[number];

export interface Candidate {
  id: string;
  weight: number;
  /** Calls in flight to this instance. */
  outstanding: number;
  /** EWMA of call latency in ms, 0 when unknown. */
  latencyMs: number;
}

export interface Balancer {
  pick(candidates: readonly Candidate[]): Candidate | undefined;
}

/**
 * Cycles over the candidates in id order, starting after the one picked last. Because the position
 * is an id, not an index, an instance joining or leaving does not make the cycle skip or repeat.
 */
class RoundRobin implements Balancer {
  private last: string | undefined;

  pick(candidates: readonly Candidate[]): Candidate | undefined {
    let next: Candidate | undefined;
    let first: Candidate | undefined;
    for (const c of candidates) {
      if (first === undefined || c.id < first.id) first = c;
      if (this.last !== undefined && c.id > this.last && (next === undefined || c.id < next.id)) next = c;
    }
    const chosen = next ?? first;
    if (chosen) this.last = chosen.id;
    return chosen;
  }
}

/**
 * Smooth weighted round robin (nginx): each pick adds every candidate's weight to its current
 * value, takes the largest, and subtracts the total from it. Deterministic and interleaved: 5:1:1
 * gives a a b a c a a, never a burst of one instance.
 */
class SmoothWeighted implements Balancer {
  private readonly current = new Map<string, number>();

  pick(candidates: readonly Candidate[]): Candidate | undefined {
    let total = 0;
    let best: Candidate | undefined;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const c of candidates) {
      const weight = Math.max(1, c.weight);
      const value = (this.current.get(c.id) ?? 0) + weight;
      this.current.set(c.id, value);
      total += weight;
      if (value > bestValue) {
        bestValue = value;
        best = c;
      }
    }
    if (!best) return undefined;
    this.current.set(best.id, bestValue - total);
    // Forget instances that left, so one coming back starts fresh instead of with a stale debt.
    if (this.current.size > candidates.length) {
      const present = new Set(candidates.map((c) => c.id));
      for (const id of this.current.keys()) if (!present.has(id)) this.current.delete(id);
    }
    return best;
  }
}

/** The fewest calls in flight; ties go round robin so equal instances share the load. */
class LeastOutstanding implements Balancer {
  private readonly ties = new RoundRobin();

  pick(candidates: readonly Candidate[]): Candidate | undefined {
    let fewest = Number.POSITIVE_INFINITY;
    for (const c of candidates) if (c.outstanding < fewest) fewest = c.outstanding;
    return this.ties.pick(candidates.filter((c) => c.outstanding === fewest));
  }
}

/**
 * Power of two random choices: draw two distinct candidates and keep the one with the lower
 * expected wait, latency x (in flight + 1). An instance with no latency yet counts as the best
 * known one, so new instances get traffic and a measurement.
 */
class PowerOfTwo implements Balancer {
  constructor(private readonly random: () => number) {}

  pick(candidates: readonly Candidate[]): Candidate | undefined {
    const n = candidates.length;
    if (n <= 1) return candidates[0];
    let best = Number.POSITIVE_INFINITY;
    for (const c of candidates) if (c.latencyMs > 0 && c.latencyMs < best) best = c.latencyMs;
    if (best === Number.POSITIVE_INFINITY) best = 1;
    const i = Math.min(n - 1, Math.floor(this.random() * n));
    let j = Math.min(n - 2, Math.floor(this.random() * (n - 1)));
    if (j >= i) j++;
    const a = candidates[i] as Candidate;
    const b = candidates[j] as Candidate;
    const ca = (a.latencyMs > 0 ? a.latencyMs : best) * (a.outstanding + 1);
    const cb = (b.latencyMs > 0 ? b.latencyMs : best) * (b.outstanding + 1);
    if (ca !== cb) return ca < cb ? a : b;
    return b.outstanding < a.outstanding ? b : a;
  }
}

export function createBalancer(strategy: BalanceStrategy, random: () => number = Math.random): Balancer {
  switch (strategy) {
    case 'round-robin':
      return new RoundRobin();
    case 'weighted':
      return new SmoothWeighted();
    case 'least-outstanding':
      return new LeastOutstanding();
    case 'p2c':
      return new PowerOfTwo(random);
  }
}

/**
 * Exponentially weighted moving average of latency: recent calls count most, so an instance that
 * slows down loses traffic within a few calls. `value` is 0 until the first observation.
 */
export class LatencyEwma {
  private current = 0;

  /** `alpha` is the weight of the newest observation (0..1]. */
  constructor(private readonly alpha = 0.3) {
    if (!(alpha > 0 && alpha <= 1)) throw new RangeError('alpha must be in (0, 1]');
  }

  observe(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    // A measured 0 ms would read as "unknown"; the smallest real value stands in for it.
    const sample = Math.max(ms, 0.001);
    this.current = this.current === 0 ? sample : this.alpha * sample + (1 - this.alpha) * this.current;
  }

  get value(): number {
    return this.current;
  }
}
