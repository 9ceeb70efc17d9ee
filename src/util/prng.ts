/**
 * Mulberry32: a tiny seeded pseudo-random generator, for reproducible benchmarks, evaluations,
 * training splits and tests. Not for anything secret (use node:crypto there).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator as mulberry32 returns it: a float in [0, 1) per call. */
export type Rand = () => number;

/** One element of a non-empty list, drawn with `rand`. */
export const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
