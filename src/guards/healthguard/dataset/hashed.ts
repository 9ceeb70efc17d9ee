import { fnv1a, words } from './words.js';

/**
 * Hashed sparse features shared by HealthGuard's learned parts (the label model trained on the
 * dataset itself, and the instruction-cue model): word unigrams and bigrams plus character
 * 3-4-grams of each word, FNV-1a hashed into 2^bits buckets, deduplicated. One function for
 * training and inference, so they cannot drift apart.
 */
export function hashedFeatures(text: string, bits: number, maxWords = 200): Int32Array {
  const mask = (1 << bits) - 1;
  const seen = new Set<number>();
  const toks = words(text).slice(0, maxWords);
  for (let i = 0; i < toks.length; i++) {
    const w = toks[i] ?? '';
    seen.add(fnv1a(w) & mask);
    if (i > 0) seen.add(fnv1a(`${toks[i - 1]} ${w}`, 0x9e3779b1) & mask);
    const padded = `<${w}>`;
    for (let n = 3; n <= 4; n++)
      for (let k = 0; k + n <= padded.length; k++) seen.add(fnv1a(padded.slice(k, k + n), 0x85ebca6b) & mask);
  }
  return Int32Array.from(seen);
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
export const logit = (p: number): number => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};
