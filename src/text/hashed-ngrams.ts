/**
 * Hashed word 1-2-grams and character 3-5-grams (FNV-1a into 2^18 buckets): the sparse features
 * of the project's small linear text models (SecurityGuard's injection model, BiasGuard,
 * TrustGuard). One function serves training and inference, so the two cannot drift apart. Linear
 * in the text's length.
 */

export const HASH_BITS = 18;
export const DIMS = 1 << HASH_BITS;
const MASK = DIMS - 1;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEED_WORD = 0x9e3779b1;
const SEED_BIGRAM = 0x85ebca6b;
const SEED_CHAR = 0xc2b2ae35;

const isWordChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x27 || (c >= 0xc0 && c !== 0x2019);

/** Lower case, NFKC, typographic apostrophes folded: both sides of the model read this form. */
export const normalizeForModel = (text: string): string =>
  text.normalize('NFKC').toLowerCase().replaceAll('’', "'");

export interface HashOptions {
  /**
   * Pad the text with a space on each side before taking character n-grams, so word starts and
   * ends at the text's edges are features too (BiasGuard, TrustGuard; the injection model was
   * trained without).
   */
  pad: boolean;
}

const PADDED: HashOptions = { pad: true };

/**
 * Hashed feature indices are written here, then read by the callers' loops: a callback per feature
 * would box the callers' running sums (a captured number is a heap object), about 50 KB of garbage
 * per 1 KB text. Grown on demand; a buffer past RETAINED_MAX is used once and not kept.
 */
let buffer = new Int32Array(16_384);
const RETAINED_MAX = 1 << 20;

/** An upper bound on the features of a text of `len` characters (words, bigrams, char 3-5-grams). */
const maxFeatures = (len: number): number => 2 * (len + 1) + 3 * (len + 2);

/** Writes every hashed feature of normalized `text` (with repeats) into `out`; returns the count. */
function writeHashed(text: string, options: HashOptions): { out: Int32Array; n: number } {
  const len = text.length;
  const need = maxFeatures(len);
  let out = buffer;
  if (need > out.length) {
    out = new Int32Array(need);
    if (need <= RETAINED_MAX) buffer = out;
  }
  let n = 0;
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
      out[n++] = word & MASK;
      if (hasPrev) out[n++] = (Math.imul(prev ^ SEED_BIGRAM, FNV_PRIME) ^ word) & MASK;
      prev = word;
      hasPrev = true;
      h = FNV_OFFSET ^ SEED_WORD;
      inWord = false;
    }
  }
  // Character 3-5-grams; whitespace reads as a space. The padding is read, not concatenated.
  const pad = options.pad ? 1 : 0;
  const plen = len + 2 * pad;
  for (let i = 0; i + 3 <= plen; i++) {
    let g = FNV_OFFSET ^ SEED_CHAR;
    for (let k = 0; k < 5 && i + k < plen; k++) {
      const at = i + k - pad;
      let c = at < 0 || at >= len ? 0x20 : text.charCodeAt(at);
      if (c === 0x0a || c === 0x09 || c === 0x0d) c = 0x20;
      g = Math.imul(g ^ c, FNV_PRIME);
      if (k >= 2) out[n++] = (Math.imul(g ^ k, FNV_PRIME) >>> 0) & MASK;
    }
  }
  return { out, n };
}

/** Calls `visit(index)` for every hashed feature of normalized `text` (with repeats). */
export function forEachHashed(
  text: string,
  visit: (index: number) => void,
  options: HashOptions = PADDED,
): void {
  const { out, n } = writeHashed(text, options);
  for (let i = 0; i < n; i++) visit(out[i] as number);
}

const stamp = new Uint32Array(DIMS);
let generation = 0;

function nextGeneration(): number {
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    stamp.fill(0);
    generation = 1;
  }
  return generation;
}

/** The unique hashed feature indices of normalized `text` (training and tests). */
export function hashedIndices(text: string, options: HashOptions = PADDED): Int32Array {
  const gen = nextGeneration();
  const { out, n } = writeHashed(text, options);
  const unique = new Int32Array(n);
  let u = 0;
  for (let i = 0; i < n; i++) {
    const index = out[i] as number;
    if (stamp[index] !== gen) {
      stamp[index] = gen;
      unique[u++] = index;
    }
  }
  return unique.slice(0, u);
}

/** Sum of the weights of the unique hashed features of `text`, and their count. */
export function hashedDot(
  text: string,
  weights: Float32Array,
  options: HashOptions = PADDED,
): { sum: number; count: number } {
  const gen = nextGeneration();
  const { out, n } = writeHashed(text, options);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const index = out[i] as number;
    if (stamp[index] !== gen) {
      stamp[index] = gen;
      sum += weights[index] ?? 0;
      count++;
    }
  }
  return { sum, count };
}

/**
 * Index of a named evidence feature (a pattern id, a structure cue), hashed into the same space
 * as the n-grams.
 */
export function namedFeature(name: string): number {
  let h = FNV_OFFSET ^ 0x27d4eb2f;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), FNV_PRIME);
  return (h >>> 0) & MASK;
}
