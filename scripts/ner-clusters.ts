/**
 * Context clusters for the entity tagger, learned from unlabelled text: each frequent word gets a
 * 16-bit code, the signs of a random projection of the words seen right before and after it
 * (a sign-random-projection hash of its context distribution, centred over the vocabulary). Words
 * used alike ("monday"/"tuesday", "john"/"mike") share code bits; the tagger reads code prefixes.
 * A Brown-clustering stand-in that runs in one linear pass plus one pass over the vocabulary.
 * The default of scripts/train-ner.ts; NER_CLUSTERS=divisive uses buildDivisiveClusters below and
 * NER_CLUSTERS=svd buildSvdClusters.
 */
import { hashString } from '../src/guards/securityguard/pii/ner/features.js';
import { ppmiCsr, svdRows } from './lib/svd.js';

const BITS = 16;
const MIN_COUNT = 3;
const MAX_WORDS = 40000;

/** The ±1 vector of a context word (left and right contexts use different seeds). */
function signs(word: string, side: number, cache: Map<string, Int8Array>): Int8Array {
  const key = `${side}\u0000${word}`;
  let v = cache.get(key);
  if (v) return v;
  v = new Int8Array(BITS);
  const h1 = hashString(word, 0x9747b28c + side);
  const h2 = hashString(word, 0x85ebca6b + side);
  for (let d = 0; d < BITS; d++) v[d] = ((d < 16 ? h1 >>> d : h2 >>> (d - 16)) & 1) === 1 ? 1 : -1;
  cache.set(key, v);
  return v;
}

/** Word -> cluster code, for the `MAX_WORDS` most frequent words seen at least `MIN_COUNT` times. */
export function buildClusters(sentences: Iterable<readonly string[]>): Record<string, number> {
  const count = new Map<string, number>();
  const acc = new Map<string, Float64Array>();
  const cache = new Map<string, Int8Array>();
  for (const raw of sentences) {
    const s = raw.map((w) => w.toLowerCase());
    for (let i = 0; i < s.length; i++) {
      const w = s[i]!;
      count.set(w, (count.get(w) ?? 0) + 1);
      let v = acc.get(w);
      if (!v) {
        v = new Float64Array(BITS);
        acc.set(w, v);
      }
      const l = signs(s[i - 1] ?? '<s>', 0, cache);
      const r = signs(s[i + 1] ?? '</s>', 1, cache);
      for (let d = 0; d < BITS; d++) v[d]! += l[d]! + r[d]!;
    }
  }
  const vocab = [...count]
    .filter(([w, c]) => c >= MIN_COUNT && /\p{L}/u.test(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_WORDS)
    .map(([w]) => w);
  const mean = new Float64Array(BITS);
  const unit = new Map<string, Float64Array>();
  for (const w of vocab) {
    const v = acc.get(w)!;
    let n = 0;
    for (let d = 0; d < BITS; d++) n += v[d]! * v[d]!;
    const u = v.map((x) => x / (Math.sqrt(n) || 1));
    unit.set(w, u);
    for (let d = 0; d < BITS; d++) mean[d]! += u[d]! / vocab.length;
  }
  const out: Record<string, number> = {};
  for (const w of vocab) {
    const u = unit.get(w)!;
    let code = 0;
    for (let d = 0; d < BITS; d++) if (u[d]! > mean[d]!) code |= 1 << (BITS - 1 - d);
    out[w] = code;
  }
  return out;
}

/** Width of the context vectors of the divisive clustering: left and right neighbours, DIV_DIM / 2 each. */
const DIV_DIM = 128;

/**
 * Brown-style hierarchical word classes from unlabelled text: each frequent word's contexts (the word
 * right before and right after it, each occurrence weighted by how rare the context word is,
 * log(N / count) over the N tokens of the text) are summed as a DIV_DIM-wide random projection and scaled to unit length;
 * the vocabulary is then split in two by the sign of each word's projection on the principal direction
 * of its group (principal direction divisive partitioning), and each half again, BITS levels deep. A
 * word's code is its path of left/right choices, so a code prefix is a cluster at that depth, as in
 * Brown clustering: the first bits split broad word classes, the later ones finer ones.
 */
export function buildDivisiveClusters(sentences: Iterable<readonly string[]>): Record<string, number> {
  const lowered: string[][] = [];
  const count = new Map<string, number>();
  let total = 0;
  for (const raw of sentences) {
    const s = raw.map((w) => w.toLowerCase());
    lowered.push(s);
    for (const w of s) count.set(w, (count.get(w) ?? 0) + 1);
    total += s.length;
  }
  const vocab = [...count]
    .filter(([w, c]) => c >= MIN_COUNT && /\p{L}/u.test(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_WORDS)
    .map(([w]) => w);
  const index = new Map(vocab.map((w, i) => [w, i]));
  const half = DIV_DIM / 2;
  const X = new Float64Array(vocab.length * DIV_DIM);
  const proj = new Map<string, Float64Array>();
  /** The context word's ±idf vector (DIV_DIM / 2 wide; seeds differ by side). */
  const context = (w: string, side: number): Float64Array => {
    const key = `${side}\u0000${w}`;
    let v = proj.get(key);
    if (v) return v;
    // The sentence edges count once a sentence.
    const idf = Math.log(total / (count.get(w) ?? lowered.length));
    v = new Float64Array(half);
    let h = hashString(w, 0x2f6b1e3d + side);
    for (let d = 0; d < half; d++) {
      if (d % 32 === 0) h = hashString(w, 0x2f6b1e3d + side + 7919 * (d / 32 + 1));
      v[d] = ((h >>> (d % 32)) & 1) === 1 ? idf : -idf;
    }
    proj.set(key, v);
    return v;
  };
  for (const s of lowered) {
    for (let i = 0; i < s.length; i++) {
      const k = index.get(s[i]!);
      if (k === undefined) continue;
      const l = context(s[i - 1] ?? '<s>', 0);
      const r = context(s[i + 1] ?? '</s>', 1);
      const base = k * DIV_DIM;
      for (let d = 0; d < half; d++) {
        X[base + d]! += l[d]!;
        X[base + half + d]! += r[d]!;
      }
    }
  }
  unitRows(X, vocab.length, DIV_DIM);
  const mean = new Float64Array(DIV_DIM);
  const dir = new Float64Array(DIV_DIM);
  const next = new Float64Array(DIV_DIM);
  const sideOf = (members: number[], depth: number): boolean[] => {
    mean.fill(0);
    for (const k of members)
      for (let d = 0; d < DIV_DIM; d++) mean[d]! += X[k * DIV_DIM + d]! / members.length;
    // Principal direction of the centred group by power iteration (a fixed start: deterministic).
    for (let d = 0; d < DIV_DIM; d++) dir[d] = Math.cos(d + depth);
    const proj1 = new Float64Array(members.length);
    for (let it = 0; it < 12; it++) {
      next.fill(0);
      for (const k of members) {
        let p = 0;
        for (let d = 0; d < DIV_DIM; d++) p += (X[k * DIV_DIM + d]! - mean[d]!) * dir[d]!;
        for (let d = 0; d < DIV_DIM; d++) next[d]! += p * (X[k * DIV_DIM + d]! - mean[d]!);
      }
      let n = 0;
      for (let d = 0; d < DIV_DIM; d++) n += next[d]! ** 2;
      const inv = 1 / (Math.sqrt(n) || 1);
      for (let d = 0; d < DIV_DIM; d++) dir[d] = next[d]! * inv;
    }
    members.forEach((k, m) => {
      let p = 0;
      for (let d = 0; d < DIV_DIM; d++) p += (X[k * DIV_DIM + d]! - mean[d]!) * dir[d]!;
      proj1[m] = p;
    });
    return members.map((_, m) => proj1[m]! > 0);
  };
  return bisectCodes(vocab, sideOf, false);
}

/** Scales each of the `rows` rows (`dims` wide, row-major) of X to unit length, in place. */
function unitRows(X: Float64Array, rows: number, dims: number): void {
  for (let k = 0; k < rows; k++) {
    let n = 0;
    for (let d = 0; d < dims; d++) n += X[k * dims + d]! ** 2;
    const inv = 1 / (Math.sqrt(n) || 1);
    for (let d = 0; d < dims; d++) X[k * dims + d]! *= inv;
  }
}

/**
 * Codes of a top-down binary split of the vocabulary, BITS levels deep: `sideOf` splits a group of
 * word indices (true: the right half, whose bit at this depth is set); a word's code is its path. With
 * `stopOneSided`, a group that `sideOf` leaves whole is split no further.
 */
function bisectCodes(
  vocab: readonly string[],
  sideOf: (members: number[], depth: number) => boolean[],
  stopOneSided: boolean,
): Record<string, number> {
  const codes = new Int32Array(vocab.length);
  const split = (members: number[], depth: number): void => {
    if (depth >= BITS || members.length < 2) return;
    const side = sideOf(members, depth);
    const left: number[] = [];
    const right: number[] = [];
    members.forEach((k, m) => {
      if (side[m]) {
        codes[k] = codes[k]! | (1 << (BITS - 1 - depth));
        right.push(k);
      } else left.push(k);
    });
    if (stopOneSided && (left.length === 0 || right.length === 0)) return;
    split(left, depth + 1);
    split(right, depth + 1);
  };
  split(
    vocab.map((_, k) => k),
    0,
  );
  const out: Record<string, number> = {};
  vocab.forEach((w, k) => {
    out[w] = codes[k]!;
  });
  return out;
}

/** Context words (each side) of the PPMI matrix of buildSvdClusters: the most frequent words. */
const SVD_CONTEXTS = 4000;
/** Dimensions kept of the PPMI matrix's truncated SVD (NER_SVD_DIMS). */
const SVD_DIMS = Number(process.env.NER_SVD_DIMS ?? 48);

/**
 * Hierarchical word classes from a PPMI + truncated SVD embedding (NER_CLUSTERS=svd): a frequent
 * word's row holds the positive PMI of the words right before it and right after it (two separate
 * context sets, the SVD_CONTEXTS most frequent words each, the context distribution smoothed by
 * counts^0.75, Levy, Goldberg and Dagan 2015), reduced to SVD_DIMS dimensions (U Sigma^0.5,
 * scripts/lib/svd.ts) and scaled to unit length. The vocabulary is then split in two, BITS levels
 * deep, by bisecting 2-means (cosine), each split seeded by the principal direction of its group: a
 * code prefix is a cluster at that depth, as in Brown clustering.
 */
export function buildSvdClusters(sentences: Iterable<readonly string[]>): Record<string, number> {
  const lowered: string[][] = [];
  const count = new Map<string, number>();
  for (const raw of sentences) {
    const s = raw.map((w) => w.toLowerCase());
    lowered.push(s);
    for (const w of s) count.set(w, (count.get(w) ?? 0) + 1);
  }
  const byFreq = [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const vocab = byFreq
    .filter(([w, c]) => c >= MIN_COUNT && /\p{L}/u.test(w))
    .slice(0, MAX_WORDS)
    .map(([w]) => w);
  const index = new Map(vocab.map((w, i) => [w, i]));
  // Contexts: any frequent token (punctuation too) and the two sentence edges.
  const ctxIndex = new Map<string, number>([
    ['<s>', 0],
    ['</s>', 1],
  ]);
  for (const [w] of byFreq) {
    if (ctxIndex.size >= SVD_CONTEXTS) break;
    if (!ctxIndex.has(w)) ctxIndex.set(w, ctxIndex.size);
  }
  const C1 = ctxIndex.size;
  const C = 2 * C1;
  const V = vocab.length;
  const counts = new Map<number, number>();
  const add = (k: number): void => {
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  for (const s of lowered) {
    for (let i = 0; i < s.length; i++) {
      const a = index.get(s[i]!);
      if (a === undefined) continue;
      const l = ctxIndex.get(i === 0 ? '<s>' : s[i - 1]!);
      const r = ctxIndex.get(i === s.length - 1 ? '</s>' : s[i + 1]!);
      if (l !== undefined) add(a * C + l);
      if (r !== undefined) add(a * C + C1 + r);
    }
  }
  const D = SVD_DIMS;
  const X = Float64Array.from(svdRows(ppmiCsr(counts, V, C), V, C, D));
  unitRows(X, V, D);
  const mean = new Float64Array(D);
  const cA = new Float64Array(D);
  const cB = new Float64Array(D);
  const dir = new Float64Array(D);
  const next = new Float64Array(D);
  const dot = (k: number, v: Float64Array): number => {
    let p = 0;
    for (let d = 0; d < D; d++) p += X[k * D + d]! * v[d]!;
    return p;
  };
  const sideOf = (members: number[], depth: number): boolean[] => {
    mean.fill(0);
    for (const k of members) for (let d = 0; d < D; d++) mean[d]! += X[k * D + d]! / members.length;
    // Principal direction of the centred group (power iteration from a fixed start).
    for (let d = 0; d < D; d++) dir[d] = Math.cos(d + depth);
    for (let it = 0; it < 10; it++) {
      next.fill(0);
      for (const k of members) {
        const p = dot(k, dir) - dotArr(mean, dir);
        for (let d = 0; d < D; d++) next[d]! += p * (X[k * D + d]! - mean[d]!);
      }
      let n = 0;
      for (let d = 0; d < D; d++) n += next[d]! ** 2;
      const inv = 1 / (Math.sqrt(n) || 1);
      for (let d = 0; d < D; d++) dir[d] = next[d]! * inv;
    }
    const md = dotArr(mean, dir);
    let side = members.map((k) => dot(k, dir) > md);
    // 2-means refinement (cosine to the two centroids).
    for (let it = 0; it < 8; it++) {
      cA.fill(0);
      cB.fill(0);
      members.forEach((k, m) => {
        const c = side[m] ? cB : cA;
        for (let d = 0; d < D; d++) c[d]! += X[k * D + d]!;
      });
      const nA = norm(cA) || 1;
      const nB = norm(cB) || 1;
      const next2 = members.map((k) => dot(k, cB) / nB > dot(k, cA) / nA);
      const changed = next2.some((s, m) => s !== side[m]);
      side = next2;
      if (!changed) break;
    }
    return side;
  };
  return bisectCodes(vocab, sideOf, true);
}

function dotArr(a: Float64Array, b: Float64Array): number {
  let p = 0;
  for (let d = 0; d < a.length; d++) p += a[d]! * b[d]!;
  return p;
}

const norm = (a: Float64Array): number => Math.sqrt(dotArr(a, a));
