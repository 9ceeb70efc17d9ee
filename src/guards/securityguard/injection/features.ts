/**
 * Hashed features for the injection model: word 1-2-grams and character 3-5-grams of the
 * normalized text, hashed (FNV-1a) into 2^18 buckets. Features are binary and scaled by
 * 1/sqrt(count), so long and short prompts sit on one scale. Both training and inference use this
 * one function, so they cannot drift apart.
 */

export const HASH_BITS = 18;
export const DIMS = 1 << HASH_BITS;
const MASK = DIMS - 1;
/** Long texts are read at the head and the tail only, which bounds the cost of a check. */
export const HEAD_CHARS = 3072;
export const TAIL_CHARS = 1024;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEED_WORD = 0x9e3779b1;
const SEED_BIGRAM = 0x85ebca6b;
const SEED_CHAR = 0xc2b2ae35;

const isWordChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x27 || (c >= 0xc0 && c !== 0x2019);

/** Window of the text the model reads. */
export function modelWindow(text: string): string {
  if (text.length <= HEAD_CHARS + TAIL_CHARS) return text;
  return `${text.slice(0, HEAD_CHARS)} ${text.slice(text.length - TAIL_CHARS)}`;
}

/**
 * Calls `visit(index)` for every hashed feature of `text` (with repeats; callers deduplicate).
 * Expects the normalized (lower-case) text.
 */
export function forEachFeature(text: string, visit: (index: number) => void): void {
  const len = text.length;
  // Word unigrams and bigrams.
  let prev = 0;
  let hasPrev = false;
  let h = FNV_OFFSET ^ SEED_WORD;
  let inWord = false;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? text.charCodeAt(i) : 0x20;
    if (isWordChar(c)) {
      h = Math.imul(h ^ c, FNV_PRIME);
      inWord = true;
    } else if (inWord) {
      const word = h >>> 0;
      visit(word & MASK);
      if (hasPrev) visit((Math.imul(prev ^ SEED_BIGRAM, FNV_PRIME) ^ word) & MASK);
      prev = word;
      hasPrev = true;
      h = FNV_OFFSET ^ SEED_WORD;
      inWord = false;
    }
  }
  // Character 3-5-grams, whitespace runs read as one space.
  for (let i = 0; i + 3 <= len; i++) {
    let g = FNV_OFFSET ^ SEED_CHAR;
    for (let k = 0; k < 5 && i + k < len; k++) {
      let c = text.charCodeAt(i + k);
      if (c === 0x0a || c === 0x09 || c === 0x0d) c = 0x20;
      g = Math.imul(g ^ c, FNV_PRIME);
      if (k >= 2) visit((Math.imul(g ^ k, FNV_PRIME) >>> 0) & MASK);
    }
  }
}

const stamp = new Uint32Array(DIMS);
let generation = 0;

/** The unique feature indices of `text` (for training and tests). */
export function featureIndices(text: string): Int32Array {
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    stamp.fill(0);
    generation = 1;
  }
  const gen = generation;
  const out: number[] = [];
  forEachFeature(modelWindow(text), (index) => {
    if (stamp[index] !== gen) {
      stamp[index] = gen;
      out.push(index);
    }
  });
  return Int32Array.from(out);
}

/**
 * Index of a named evidence feature (a pattern id, a structure cue). These sit beside the n-grams
 * but are not scaled by the text length: one "ignore previous instructions" weighs the same in a
 * short and a long prompt.
 */
export function namedFeature(name: string): number {
  let h = FNV_OFFSET ^ 0x27d4eb2f;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), FNV_PRIME);
  return (h >>> 0) & MASK;
}

/**
 * The model's raw logit: bias + sum of unique n-gram weights / sqrt(unique count) + the weights of
 * the named evidence features.
 */
export function dotLogit(
  text: string,
  weights: Float32Array,
  bias: number,
  named: readonly number[] = [],
): number {
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    stamp.fill(0);
    generation = 1;
  }
  const gen = generation;
  let sum = 0;
  let count = 0;
  forEachFeature(modelWindow(text), (index) => {
    if (stamp[index] !== gen) {
      stamp[index] = gen;
      sum += weights[index] ?? 0;
      count++;
    }
  });
  let extra = 0;
  for (const f of named) extra += weights[f] ?? 0;
  return extra + (count === 0 ? bias : bias + sum / Math.sqrt(count));
}
