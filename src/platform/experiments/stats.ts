/** Small statistics for experiment results: proportions with Wilson intervals, differences, latency histograms. */

const Z95 = 1.959964;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for x successes in n trials (95 %); [0, 1] when n is 0. */
export function wilson(x: number, n: number, z = Z95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Difference of two proportions (b - a) with a 95 % normal interval and a two-sided z-test p-value. */
export function proportionDifference(
  xa: number,
  na: number,
  xb: number,
  nb: number,
): { difference: number; ci: Interval; p_value: number | null } {
  if (na === 0 || nb === 0) return { difference: 0, ci: { low: -1, high: 1 }, p_value: null };
  const pa = xa / na;
  const pb = xb / nb;
  const se = Math.sqrt((pa * (1 - pa)) / na + (pb * (1 - pb)) / nb);
  const pooled = (xa + xb) / (na + nb);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  const z = sePooled === 0 ? 0 : (pb - pa) / sePooled;
  return {
    difference: pb - pa,
    ci: { low: pb - pa - Z95 * se, high: pb - pa + Z95 * se },
    p_value: sePooled === 0 ? null : 2 * (1 - normalCdf(Math.abs(z))),
  };
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (x / Math.SQRT2));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 0.5 * (1 + (1 - poly * Math.exp(-(x * x) / 2)));
}

/** Upper bounds (ms) of the latency buckets: 0.05 ms growing by half each step to about a minute. */
export const LATENCY_BOUNDS_MS: readonly number[] = Array.from(
  { length: 36 },
  (_, i) => Math.round(0.05 * 1.5 ** i * 1000) / 1000,
);

export function latencyBucket(ms: number): number {
  const i = LATENCY_BOUNDS_MS.findIndex((b) => ms <= b);
  return i < 0 ? LATENCY_BOUNDS_MS.length : i;
}

/** The q-quantile (0..1) from bucket counts, as the upper bound of its bucket; null without data. */
export function histogramQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    cumulative += counts[i] ?? 0;
    if (cumulative >= rank) return LATENCY_BOUNDS_MS[i] ?? Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}
