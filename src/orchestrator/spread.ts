import type { GuardName } from '../guards/contract.js';

/**
 * Spreading one multi-guard request over the machine's cores. The guards of `/check` are
 * independent, but in one process they run one after another on the event loop, so the request
 * waits for the sum of their work. When a worker thread of the pool is idle, the guards that cost
 * most can run there while the rest run inline, and the request waits for the larger share only.
 */

/** Where spread guards run: the guard pool (src/orchestrator/pool.ts). */
export interface SpreadTarget {
  /** Workers that could take a guard right now without queueing behind other work. */
  spareWorkers(): number;
}

/**
 * What handing one guard to a worker adds to its run: copying the payload and the outcome between
 * threads and waking each side (about 0.1-0.2 ms on the 2-core bench machine). A guard whose own
 * work is below it gains nothing from another core.
 */
export const SPREAD_OVERHEAD_MS = 0.2;

/**
 * The guards to hand to `workers` spare workers, one each, so that the request's longest share
 * (inline work, or a worker's guard plus `overheadMs`) is as short as possible: one worker at a
 * time, the guard whose move shortens that longest share most; none when no move shortens it.
 */
export function pickSpread(
  costs: readonly { name: GuardName; ms: number }[],
  workers: number,
  overheadMs = SPREAD_OVERHEAD_MS,
): Set<GuardName> {
  const chosen = new Set<GuardName>();
  if (costs.length < 2) return chosen;
  let inline = 0;
  for (const c of costs) inline += c.ms;
  let slowestWorker = 0;
  while (chosen.size < workers) {
    let best: { name: GuardName; ms: number } | undefined;
    let bestSpan = Math.max(inline, slowestWorker);
    for (const c of costs) {
      if (chosen.has(c.name)) continue;
      const span = Math.max(inline - c.ms, slowestWorker, c.ms + overheadMs);
      if (span < bestSpan) {
        best = c;
        bestSpan = span;
      }
    }
    if (!best) break;
    chosen.add(best.name);
    inline -= best.ms;
    slowestWorker = Math.max(slowestWorker, best.ms + overheadMs);
  }
  return chosen;
}

/**
 * A guard's inline cost, learned from its own runs: the median, over its last runs, of the time
 * the guard's synchronous work took per character of input (a median, so a garbage collection
 * inside one run does not move it). Guards whose work mostly waits on storage show little
 * synchronous time and so are left inline, where their storage is.
 */
export class InlineCost {
  private readonly rates = new Float64Array(31);
  private count = 0;

  /** Records one inline run: `ms` of synchronous work on `chars` characters. */
  record(ms: number, chars: number): void {
    this.rates[this.count % this.rates.length] = ms / Math.max(chars, MIN_CHARS);
    this.count++;
  }

  /** The expected synchronous ms on `chars` characters; undefined before enough runs. */
  estimate(chars: number): number | undefined {
    const n = Math.min(this.count, this.rates.length);
    if (n < MIN_RUNS) return undefined;
    const sorted = this.rates.slice(0, n).sort();
    return (sorted[n >> 1] ?? 0) * Math.max(chars, MIN_CHARS);
  }
}

/** Below this many characters a guard's fixed costs dominate: rates are taken per at least this. */
const MIN_CHARS = 256;
/** Runs before an estimate is trusted (the first runs of a cold JIT are several times slower). */
const MIN_RUNS = 8;
