import { existsSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { sharedFloat32, sharedInt16 } from '../../../../util/shared-memory.js';
import {
  allowed,
  COMMON_BIT,
  DIM_BITS,
  DIMS,
  type GloveTable,
  gloveCode,
  hashString,
  type Lexicons,
  MAX_FEATURES,
  NAME_BITS,
  NT,
  prevTagFeatures,
  scratchTable,
  staticFeatures,
  TAGS,
  type TokenTable,
  tagFeatures,
} from './features.js';
import { type NerToken, tokenizeForNer } from './tokenize.js';

/**
 * The entity tagger: an averaged perceptron over hashed token features with greedy left-to-right
 * decoding under the BIO constraint, trained by `npm run train:ner` (scripts/train-ner.ts). Weights
 * live in ner.weights.json: int16 values, deflated and base64-coded, plus the word lists the
 * gazetteer features use.
 */

export interface NerWeightsFile {
  version: 1;
  /** 'viterbi': trained as a first-order structured perceptron, decoded by viterbiTokens. Absent: greedy. */
  decoder?: 'viterbi';
  dimBits: number;
  tags: readonly string[];
  /** Weights are stored as integers q with w = q / scale. */
  scale: number;
  data: string;
  lexicons: {
    given: string[];
    surname: string[];
    place: string[];
    common: string[];
    clusters?: Record<string, number>;
    proper?: string[];
    /** GloVe word codes (Lexicons.glove), by word hash: uint32 hashes ascending and their uint16 codes, little-endian, base64. */
    glove?: { hashes: string; codes: string };
  };
  /** Added to each tag's score at decoding (recall/precision trade-off chosen at training time). */
  tagBias: number[];
  meta: Record<string, unknown>;
}

/**
 * Weights as the file stores them: int16 values `q` and the float32 value of every possible q
 * (`table[q + 32768]`, exactly the Math.fround(q / scale) a decoded float array would hold), so the
 * tagger holds 2 bytes a weight instead of 4 and scores the same.
 */
export interface QuantizedWeights {
  q: Int16Array;
  table: Float32Array;
}

export interface NerModel {
  /** Float weights (training) or the committed file's quantized ones. */
  weights: Float32Array | QuantizedWeights;
  tagBias: Float32Array;
  lex: Lexicons;
  meta: Record<string, unknown>;
  /** The decoder the weights were trained for (NerWeightsFile.decoder); greedy when absent. */
  decoder?: 'viterbi';
}

/** Weights as training (float64, float32) or the committed file (int16) holds them. */
export type AnyWeights = Float64Array | Float32Array | QuantizedWeights;

export type EntityKind = 'PER' | 'LOC' | 'ORG' | 'ADDR';

export interface NerSpan {
  kind: EntityKind;
  start: number;
  end: number;
  /** Token range [first, last]. */
  first: number;
  last: number;
  /** 0..1, from the smallest score margin of the span's tokens. */
  score: number;
}

const KIND_OF: readonly (EntityKind | undefined)[] = TAGS.map((t) =>
  t === 'O' ? undefined : (t.slice(2) as EntityKind),
);

/** The GloVe table of the weights file's compact form (little-endian arrays, base64). */
export function decodeGlove(g: { hashes: string; codes: string }): GloveTable {
  const h = Buffer.from(g.hashes, 'base64');
  const c = Buffer.from(g.codes, 'base64');
  const hashes = new Uint32Array(h.length / 4);
  const codes = new Uint16Array(c.length / 2);
  // Byte copies into aligned arrays (the host is little-endian, as the file; checked below).
  new Uint8Array(hashes.buffer).set(h);
  new Uint8Array(codes.buffer).set(c);
  if (hashes.length > 0 && hashes[0] !== h.readUInt32LE(0)) throw new Error('big-endian host');
  return { hashes, codes };
}

/** The compact form of word -> GloVe code (words most frequent first: on a shared hash the first is kept). */
export function encodeGlove(m: Record<string, number>): { hashes: string; codes: string } {
  const byHash = new Map<number, number>();
  for (const [w, code] of Object.entries(m)) {
    const h = hashString(w);
    if (!byHash.has(h)) byHash.set(h, code);
  }
  const keys = [...byHash.keys()].sort((x, y) => x - y);
  const h = Buffer.alloc(4 * keys.length);
  const c = Buffer.alloc(2 * keys.length);
  keys.forEach((k, i) => {
    h.writeUInt32LE(k, 4 * i);
    c.writeUInt16LE(byHash.get(k)!, 2 * i);
  });
  return { hashes: h.toString('base64'), codes: c.toString('base64') };
}

export function decodeNerWeights(file: NerWeightsFile): NerModel {
  if (file.dimBits !== DIM_BITS || file.tags.join() !== TAGS.join())
    throw new Error('entity tagger weights do not match the feature layout; run npm run train:ner');
  const raw = inflateSync(Buffer.from(file.data, 'base64'));
  const q = new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
  if (q.length !== DIMS * NT) throw new Error('entity tagger weights have the wrong length');
  const table = new Float32Array(65_536);
  for (let v = -32_768; v < 32_768; v++) table[v + 32_768] = v / file.scale;
  return {
    weights: { q, table },
    tagBias: Float32Array.from(file.tagBias ?? new Array<number>(NT).fill(0)),
    lex: {
      given: new Set(file.lexicons.given),
      surname: new Set(file.lexicons.surname),
      place: new Set(file.lexicons.place),
      common: new Set(file.lexicons.common),
      clusters: new Map(Object.entries(file.lexicons.clusters ?? {})),
      proper: new Set(file.lexicons.proper ?? []),
      ...(file.lexicons.glove ? { glove: decodeGlove(file.lexicons.glove) } : {}),
    },
    meta: file.meta,
    ...(file.decoder === 'viterbi' ? { decoder: 'viterbi' as const } : {}),
  };
}

const WEIGHTS_URL = new URL('./ner.weights.json', import.meta.url);
/** `tsc` does not copy the weights into dist/, so a build also looks for them in the sources. */
const SOURCE_WEIGHTS_URL = new URL(
  '../../../../../src/guards/securityguard/pii/ner/ner.weights.json',
  import.meta.url,
);

let cached: NerModel | null | undefined;

/** Any upper-case letter: text without one is tagged word by word (no pruning). */
export const UPPER_RE = /\p{Lu}/u;

/**
 * The committed tagger, loaded once; null when no weights file exists (rules only). Its weights
 * live on shared memory, so a worker thread given this model (adoptNerModel) reads the same copy.
 */
export function loadNerModel(): NerModel | null {
  if (cached !== undefined) return cached;
  const url = [WEIGHTS_URL, SOURCE_WEIGHTS_URL].find((u) => existsSync(u));
  const model = url ? decodeNerWeights(JSON.parse(readFileSync(url, 'utf8')) as NerWeightsFile) : null;
  if (model && !(model.weights instanceof Float32Array)) {
    model.weights = { q: sharedInt16(model.weights.q), table: sharedFloat32(model.weights.table) };
  }
  cached = model;
  return cached;
}

/** In a worker thread: the model another thread loaded (its weights shared), instead of reading the file. */
export function adoptNerModel(model: NerModel | null): void {
  cached = model;
}

/** Scores of every tag for token i given the previous tags, into `scores`. */
export function scoreToken(
  model: Pick<NerModel, 'weights' | 'tagBias'>,
  table: TokenTable,
  i: number,
  prev: number,
  prev2: number,
  feats: Int32Array,
  scores: Float32Array,
): number {
  let k = staticFeatures(table, i, feats, 0);
  k = tagFeatures(table, i, prev, prev2, feats, k);
  const weights = model.weights;
  scores.set(model.tagBias);
  if (weights instanceof Float32Array) {
    for (let f = 0; f < k; f++) {
      const base = feats[f]! * NT;
      for (let y = 0; y < NT; y++) scores[y]! += weights[base + y]!;
    }
    return k;
  }
  const { q, table: values } = weights;
  if (NT !== 9) {
    for (let f = 0; f < k; f++) {
      const base = feats[f]! * NT;
      for (let y = 0; y < NT; y++) scores[y]! += values[q[base + y]! + 32_768]!;
    }
    return k;
  }
  // The nine tag scores in locals, each sum rounded to float32 as a Float32Array store would be:
  // the same values as the loop above, without a store and a load per weight.
  const fr = Math.fround;
  let s0 = scores[0]!;
  let s1 = scores[1]!;
  let s2 = scores[2]!;
  let s3 = scores[3]!;
  let s4 = scores[4]!;
  let s5 = scores[5]!;
  let s6 = scores[6]!;
  let s7 = scores[7]!;
  let s8 = scores[8]!;
  for (let f = 0; f < k; f++) {
    const b = feats[f]! * 9;
    s0 = fr(s0 + values[q[b]! + 32_768]!);
    s1 = fr(s1 + values[q[b + 1]! + 32_768]!);
    s2 = fr(s2 + values[q[b + 2]! + 32_768]!);
    s3 = fr(s3 + values[q[b + 3]! + 32_768]!);
    s4 = fr(s4 + values[q[b + 4]! + 32_768]!);
    s5 = fr(s5 + values[q[b + 5]! + 32_768]!);
    s6 = fr(s6 + values[q[b + 6]! + 32_768]!);
    s7 = fr(s7 + values[q[b + 7]! + 32_768]!);
    s8 = fr(s8 + values[q[b + 8]! + 32_768]!);
  }
  scores[0] = s0;
  scores[1] = s1;
  scores[2] = s2;
  scores[3] = s3;
  scores[4] = s4;
  scores[5] = s5;
  scores[6] = s6;
  scores[7] = s7;
  scores[8] = s8;
  return k;
}

/**
 * Tags the tokens. In mixed-case text a lowercase word off the name lists (and not name-like by its
 * GloVe vector), or punctuation, outside an entity is tagged O without scoring: entities start at
 * capitalized words or numbers, and skipping the rest keeps the tagger cheap on long prose.
 */
/** A word of two or more letters within two tokens of i. */
function besideWord(t: TokenTable, i: number): boolean {
  for (let j = i - 2; j <= i + 2; j++) {
    if (j === i || j < 0 || j >= t.n) continue;
    const c = t.cap[j]!;
    if (c !== 3 && c !== 5 && t.len[j]! > 1) return true;
  }
  return false;
}

export interface Tagging {
  tags: Int8Array;
  /** Score margin of each chosen tag over the runner-up. */
  margins: Float32Array;
}

/**
 * The GloVe name-likeness bucket (0-7) from which a lower-case word off the name lists is scored in
 * mixed-case text. Chosen on the validation fold (NER_VALIDATE=1) over 4-7 and off: see the
 * doc comment of scripts/train-ner.ts (2026-12-04).
 */
const GLOVE_NAME_SCORED = 5;

// Work arrays of tagTokens, reused: it is synchronous and returns none of them.
const feats = new Int32Array(MAX_FEATURES);
const scores = new Float32Array(NT);
/** The scores of the previous token, when it was scored (the one-token look-back in tagTokens). */
const before = new Float32Array(NT);

/**
 * Whether token i opens no entity in mixed-case text (tagged O without scoring after an O): a
 * lowercase word off the name lists or punctuation, or a bare number or letter.
 */
function skippable(table: TokenTable, i: number, glove: GloveTable | undefined): boolean {
  const c = table.cap[i]!;
  const g = table.gaz[i]!;
  let ordinary = (c === 4 || c === 5 || c === 0) && ((g & NAME_BITS) === 0 || (g & COMMON_BIT) !== 0);
  // A lower-case word off the lists whose GloVe vector reads as a name is scored too ("with
  // kendrick"): one hash and one binary search, only for words off the common list.
  if (ordinary && c === 4 && (g & COMMON_BIT) === 0 && table.len[i]! > 2 && glove) {
    const code = gloveCode(glove, hashString(table.lower[i]!));
    if (code !== undefined && code >>> 10 >= GLOVE_NAME_SCORED) ordinary = false;
  }
  // A number or a lone capital letter opens an entity only beside a word ("12 Main", "J. Smith").
  return ordinary || ((c === 3 || table.len[i] === 1) && !besideWord(table, i));
}

export function tagTokens(
  model: Pick<NerModel, 'weights' | 'tagBias' | 'lex' | 'decoder'>,
  tokens: readonly NerToken[],
  text?: string,
): Tagging {
  if (model.decoder === 'viterbi') return viterbiTokens(model, tokens, text);
  const table = scratchTable(tokens, model.lex);
  const n = tokens.length;
  const tags = new Int8Array(n);
  const margins = new Float32Array(n);
  const mixedCase = text === undefined || UPPER_RE.test(text);
  const glove = model.lex.glove;
  let scoredBefore = false;
  let prev = 0;
  let prev2 = 0;
  for (let i = 0; i < n; i++) {
    if (mixedCase && prev === 0 && skippable(table, i, glove)) {
      prev2 = prev;
      prev = 0;
      scoredBefore = false;
      continue;
    }
    scoreToken(model, table, i, prev, prev2, feats, scores);
    let best = 0;
    let second = -Infinity;
    for (let y = 1; y < NT; y++) {
      if (!allowed(prev, y)) continue;
      if (scores[y]! > scores[best]!) {
        second = Math.max(second, scores[best]!);
        best = y;
      } else second = Math.max(second, scores[y]!);
    }
    if (best !== 0) second = Math.max(second, scores[0]!);
    tags[i] = best;
    margins[i] = scores[best]! - second;
    // One-token look-back: an entity opens here after an O; would it rather open one token earlier
    // ("Yesterday Siobhan Ní Bhriain": "Siobhan" is tagged before its surname is seen)? The two
    // tokens are rescored as B-X I-X and kept if that pair outscores O B-X.
    if (best % 2 === 1 && prev === 0 && scoredBefore && allowed(prev2, best)) {
      const stay = before[0]! + scores[best]!;
      scoreToken(model, table, i, best, prev2, feats, scores);
      const earlier = before[best]! + scores[best + 1]!;
      if (earlier > stay) {
        tags[i - 1] = best;
        margins[i - 1] = earlier - stay;
        tags[i] = best + 1;
        margins[i] = Math.min(margins[i]!, earlier - stay);
        prev2 = best;
        prev = best + 1;
        before.set(scores);
        continue;
      }
    }
    before.set(scores);
    scoredBefore = true;
    prev2 = prev;
    prev = best;
  }
  return { tags, margins };
}

// Module-local copies for the Viterbi loops: an imported binding is a getter call under tsx.
const T = NT;
const TT = NT * NT;
/** allowed(prev, tag) as a table, by prev * NT + tag. */
const ALLOWED = Uint8Array.from({ length: TT }, (_, k) => (allowed(Math.floor(k / T), k % T) ? 1 : 0));
const tagFeatures1 = prevTagFeatures;
const statics1 = staticFeatures;

/** Adds the weights of features [from, to) into the NT scores `out`. */
function addWeights(
  weights: AnyWeights,
  feats: Int32Array,
  from: number,
  to: number,
  out: Float64Array,
): void {
  if (weights instanceof Float32Array || weights instanceof Float64Array) {
    for (let f = from; f < to; f++) {
      const base = feats[f]! * T;
      for (let y = 0; y < T; y++) out[y]! += weights[base + y]!;
    }
    return;
  }
  const { q, table } = weights;
  if (T !== 9) {
    for (let f = from; f < to; f++) {
      const base = feats[f]! * T;
      for (let y = 0; y < T; y++) out[y]! += table[q[base + y]! + 32_768]!;
    }
    return;
  }
  // The nine sums in locals (as scoreToken): no store and load per weight.
  let s0 = out[0]!;
  let s1 = out[1]!;
  let s2 = out[2]!;
  let s3 = out[3]!;
  let s4 = out[4]!;
  let s5 = out[5]!;
  let s6 = out[6]!;
  let s7 = out[7]!;
  let s8 = out[8]!;
  for (let f = from; f < to; f++) {
    const b = feats[f]! * 9;
    s0 += table[q[b]! + 32_768]!;
    s1 += table[q[b + 1]! + 32_768]!;
    s2 += table[q[b + 2]! + 32_768]!;
    s3 += table[q[b + 3]! + 32_768]!;
    s4 += table[q[b + 4]! + 32_768]!;
    s5 += table[q[b + 5]! + 32_768]!;
    s6 += table[q[b + 6]! + 32_768]!;
    s7 += table[q[b + 7]! + 32_768]!;
    s8 += table[q[b + 8]! + 32_768]!;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
  out[4] = s4;
  out[5] = s5;
  out[6] = s6;
  out[7] = s7;
  out[8] = s8;
}

// Work arrays of viterbi, grown on demand: the scores of every (previous tag, tag) pair of every
// token (NT * NT a token), the best path score ending in each tag, and its back pointers.
let pairScores = new Float64Array(0);
let delta = new Float64Array(0);
let back = new Int8Array(0);
const vFeats = new Int32Array(MAX_FEATURES);
const vStatic = new Float64Array(NT);
const vTrans = new Float64Array(NT);
/** Best path scores at the previous token (before the text: only O, at 0). */
const vPrev = new Float64Array(NT);

/**
 * Exact first-order Viterbi decoding (the structured perceptron's decoder): the tag sequence with
 * the largest sum of token scores, each token scored given its previous tag (features.ts
 * prevTagFeatures), under the `allowed` constraint, starting after an O. With `skip`, a token with
 * skip[i] 1 is O without scoring (score 0 from any previous tag) unless the best path to the token
 * before it ends in an entity (it may continue one: "Taylor swift", "Bank of America"), as the
 * greedy decoder scores such a token only after an entity; on return skip[i] is 1 for the tokens
 * left unscored. Without `skip` every token is scored and the path is the exact best. `statics` (STATIC features a token, as
 * the training script keeps them) saves recomputing the tag-independent features. With `margins`,
 * each token's margin is its best path score minus the best path score with another tag there
 * (max-marginals, one backward pass; 0 for unscored tokens). Time O(n * NT^2).
 */
export function viterbi(
  weights: AnyWeights,
  tagBias: ArrayLike<number> | undefined,
  table: TokenTable,
  tags: Int8Array,
  options: { skip?: Uint8Array; margins?: Float32Array; statics?: Int32Array; nStatic?: number } = {},
): void {
  const n = table.n;
  if (n === 0) return;
  const { skip, margins, statics, nStatic = 0 } = options;
  if (pairScores.length < n * TT) {
    const cap = Math.max(n, 2 * (pairScores.length / TT), 256);
    pairScores = new Float64Array(cap * TT);
    delta = new Float64Array(cap * T);
    back = new Int8Array(cap * T);
  }
  vPrev.fill(-Infinity);
  vPrev[0] = 0;
  for (let i = 0; i < n; i++) {
    const ps = i * TT;
    const d = i * T;
    let open = false;
    if (i > 0)
      for (let p = 0; p < T; p++) {
        vPrev[p] = delta[d - T + p]!;
        if (p > 0 && vPrev[p]! > vPrev[0]!) open = true;
      }
    if (skip && skip[i] === 1 && open) skip[i] = 0;
    if (skip && skip[i] === 1) {
      // O at score 0 from the best previous tag (most tokens of prose: kept O(NT)).
      let arg = 0;
      for (let p = 1; p < T; p++) if (vPrev[p]! > vPrev[arg]!) arg = p;
      delta.fill(-Infinity, d, d + T);
      delta[d] = vPrev[arg]!;
      back.fill(0, d, d + T);
      back[d] = arg;
      continue;
    }
    vStatic.fill(0);
    if (tagBias) for (let y = 0; y < T; y++) vStatic[y] = tagBias[y]!;
    if (statics) {
      vFeats.set(statics.subarray(i * nStatic, (i + 1) * nStatic), 0);
      addWeights(weights, vFeats, 0, nStatic, vStatic);
    } else {
      const k = statics1(table, i, vFeats, 0);
      addWeights(weights, vFeats, 0, k, vStatic);
    }
    for (let p = 0; p < T; p++) {
      const row = ps + p * T;
      if (vPrev[p] === -Infinity) {
        pairScores.fill(-Infinity, row, row + T);
        continue;
      }
      vTrans.fill(0);
      const k = tagFeatures1(table, i, p, vFeats, 0);
      addWeights(weights, vFeats, 0, k, vTrans);
      for (let y = 0; y < T; y++)
        pairScores[row + y] = ALLOWED[p * T + y] === 1 ? vStatic[y]! + vTrans[y]! : -Infinity;
    }
    for (let y = 0; y < T; y++) {
      let best = -Infinity;
      let arg = 0;
      for (let p = 0; p < T; p++) {
        const v = vPrev[p]! + pairScores[ps + p * T + y]!;
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      delta[d + y] = best;
      back[d + y] = arg;
    }
  }
  let y = 0;
  const last = (n - 1) * T;
  for (let t = 1; t < T; t++) if (delta[last + t]! > delta[last + y]!) y = t;
  const total = delta[last + y]!;
  for (let i = n - 1; i >= 0; i--) {
    tags[i] = y;
    y = back[i * T + y]!;
  }
  if (!margins) return;
  // Backward pass: beta[y] = best score of tokens i+1.. given tag y at i (two rolling rows).
  let beta = new Float64Array(T);
  let next = new Float64Array(T);
  for (let i = n - 1; i >= 0; i--) {
    if (skip?.[i] === 1) {
      // Unscored O: every previous tag goes on at score 0.
      margins[i] = 0;
      beta.fill(beta[0]!);
      continue;
    }
    let rival = -Infinity;
    for (let t = 0; t < T; t++) if (t !== tags[i]) rival = Math.max(rival, delta[i * T + t]! + beta[t]!);
    margins[i] = total - rival;
    if (i === 0) break;
    const ps = i * TT;
    for (let p = 0; p < T; p++) {
      let best = -Infinity;
      for (let t = 0; t < T; t++) best = Math.max(best, pairScores[ps + p * T + t]! + beta[t]!);
      next[p] = best;
    }
    [beta, next] = [next, beta];
  }
}

// The tokens the Viterbi decoder may leave unscored, reused like the table.
let skipScratch = new Uint8Array(256);

/**
 * Tags the tokens with the first-order Viterbi decoder (weights trained for it: NerModel.decoder).
 * In mixed-case text the tokens tagTokens skips after an O are O without scoring unless the best
 * path to the token before ends in an entity (viterbi `skip`): the same pruning, on the best path.
 */
export function viterbiTokens(
  model: Pick<NerModel, 'weights' | 'tagBias' | 'lex'>,
  tokens: readonly NerToken[],
  text?: string,
): Tagging {
  const table = scratchTable(tokens, model.lex);
  const n = tokens.length;
  const tags = new Int8Array(n);
  const margins = new Float32Array(n);
  const mixedCase = text === undefined || UPPER_RE.test(text);
  if (!mixedCase) {
    viterbi(model.weights, model.tagBias, table, tags, { margins });
    return { tags, margins };
  }
  if (skipScratch.length < n) skipScratch = new Uint8Array(2 * n);
  const skip = skipScratch;
  const glove = model.lex.glove;
  for (let i = 0; i < n; i++) skip[i] = skippable(table, i, glove) ? 1 : 0;
  viterbi(model.weights, model.tagBias, table, tags, { skip, margins });
  return { tags, margins };
}

/** Entity spans from BIO tags (an I- without its B- opens a span as well). */
export function spansOf(tokens: readonly NerToken[], { tags, margins }: Tagging): NerSpan[] {
  const out: NerSpan[] = [];
  let open: NerSpan | undefined;
  let minMargin = Infinity;
  const close = () => {
    if (open) {
      open.score = 1 - Math.exp(-Math.max(0, minMargin) / 2);
      out.push(open);
    }
    open = undefined;
    minMargin = Infinity;
  };
  for (let i = 0; i < tokens.length; i++) {
    const y = tags[i]!;
    const kind = KIND_OF[y];
    const tok = tokens[i]!;
    const margin = margins[i]!;
    if (kind === undefined) {
      close();
      continue;
    }
    if (y % 2 === 1 || !open || open.kind !== kind) {
      close();
      open = { kind, start: tok.start, end: tok.end, first: i, last: i, score: 0 };
    } else {
      open.end = tok.end;
      open.last = i;
    }
    minMargin = Math.min(minMargin, margin);
  }
  close();
  return out;
}

/** Tokenizes and tags `text`; spans point into `text`. */
export function recognizeEntities(text: string, model: NerModel | null = loadNerModel()): NerSpan[] {
  if (!model) return [];
  const tokens = tokenizeForNer(text);
  return spansOf(tokens, tagTokens(model, tokens, text));
}
