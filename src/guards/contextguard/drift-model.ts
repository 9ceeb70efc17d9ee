import { existsSync, readFileSync } from 'node:fs';

/**
 * ContextGuard's learned drift model, trained by `npm run train:contextguard`
 * (scripts/train-contextguard.ts) and committed as drift.weights.json:
 * - word vectors: per stemmed content word, the frequency-weighted mean of the GloVe 6B vectors of
 *   its surface words, PCA to 64 dimensions, int8 (derived at training time; GloVe is never read
 *   here), so words that keep the same company ("container", "pod", "memory"; "mortgage",
 *   "pension") point the same way even when two turns share no word;
 * - background inverse document frequencies, so "make" or "use" weigh less than "mortgage";
 * - a logistic combiner over similarity and discourse features, with the decision threshold
 *   picked on training conversations.
 */

export interface DriftWeightsFile {
  version: 1;
  dims: number;
  vocab: string[];
  /** int8 vectors, row-major, base64. */
  vectors: string;
  /** Per vocab entry, IDF x 100 rounded. */
  idf: number[];
  maxIdf: number;
  features: string[];
  weights: number[];
  bias: number;
  threshold: number;
  /**
   * Document frequencies of content terms in the training conversations (one document per
   * on-topic conversation; terms in two documents or more): how specific a word is in
   * conversations, beside the background IDF. The evaluation rebuilds it from the training sources
   * of each fold.
   */
  convDf?: { n: number; terms: string[]; df: number[] };
  /**
   * The mean semantic vector of the training conversations' turns: the direction every turn shares
   * (generic words, the register of chat). Similarities measured from it read topic, not genre.
   */
  semMean?: number[];
  /** The IDF-weighted mean of the unit word vectors of the training conversations' words. */
  wordMean?: number[];
  /**
   * The semantic veto's point (semantic-veto.ts): a flagged turn whose sentence-encoder cosine to
   * the session's earlier turns reaches it is on topic. Absent: no veto.
   */
  vetoAbove?: number;
  /** The veto's point for a session in a user's chat register (semantic-veto.ts chatRegister). */
  vetoChatAbove?: number;
  meta: Record<string, unknown>;
}

export interface DriftModel {
  dims: number;
  index: Map<string, number>;
  vectors: Int8Array;
  idf: Float32Array;
  maxIdf: number;
  weights: number[];
  bias: number;
  threshold: number;
  /** Conversation document frequencies (see DriftWeightsFile.convDf); empty with convN 0 when absent. */
  convDf: Map<string, number>;
  convN: number;
  /** See DriftWeightsFile.semMean; zeros when absent. */
  semMean: Float32Array;
  /** See DriftWeightsFile.wordMean; zeros when absent. */
  wordMean: Float32Array;
  /** See DriftWeightsFile.vetoAbove; null when absent. */
  vetoAbove: number | null;
  /** See DriftWeightsFile.vetoChatAbove; null when absent. */
  vetoChatAbove: number | null;
}

export const DRIFT_WEIGHTS_URL = new URL('./drift.weights.json', import.meta.url);
/** `tsc` does not copy the weights into dist/, so a build also looks in the sources. */
const SOURCE_URL = new URL('../../../src/guards/contextguard/drift.weights.json', import.meta.url);

export function decodeDriftModel(file: DriftWeightsFile): DriftModel {
  const buf = Buffer.from(file.vectors, 'base64');
  return {
    dims: file.dims,
    index: new Map(file.vocab.map((w, i) => [w, i])),
    vectors: new Int8Array(buf.buffer, buf.byteOffset, buf.byteLength),
    idf: Float32Array.from(file.idf, (x) => x / 100),
    maxIdf: file.maxIdf,
    weights: file.weights,
    bias: file.bias,
    threshold: file.threshold,
    convDf: new Map((file.convDf?.terms ?? []).map((t, i) => [t, file.convDf?.df[i] ?? 0])),
    convN: file.convDf?.n ?? 0,
    semMean: Float32Array.from(file.semMean ?? new Array<number>(file.dims).fill(0)),
    wordMean: Float32Array.from(file.wordMean ?? new Array<number>(file.dims).fill(0)),
    vetoAbove: file.vetoAbove ?? null,
    vetoChatAbove: file.vetoChatAbove ?? null,
  };
}

/** Document frequencies of the content terms of `docs` (each a list of terms), kept when >= 2. */
export function conversationDf(docs: readonly (readonly string[])[]): {
  n: number;
  terms: string[];
  df: number[];
} {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const kept = [...df].filter(([, c]) => c >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { n: docs.length, terms: kept.map(([t]) => t), df: kept.map(([, c]) => c) };
}

/** The mean semantic vector of the turns of `docs` (each a list of turns' terms). */
export function conversationSemMean(model: DriftModel, turns: readonly (readonly string[])[]): number[] {
  const out = new Array<number>(model.dims).fill(0);
  let n = 0;
  for (const t of turns) {
    if (t.length < 3) continue;
    const v = semanticVector(model, t);
    for (let d = 0; d < model.dims; d++) out[d] = (out[d] ?? 0) + (v[d] ?? 0);
    n++;
  }
  return out.map((v) => Math.round((v / Math.max(1, n)) * 10_000) / 10_000);
}

/** The IDF-weighted mean of the unit word vectors of the words of `turns`. */
export function conversationWordMean(model: DriftModel, turns: readonly (readonly string[])[]): number[] {
  const D = model.dims;
  const out = new Array<number>(D).fill(0);
  let total = 0;
  for (const t of turns) {
    for (const w of t) {
      const i = model.index.get(w);
      if (i === undefined) continue;
      let n = 0;
      for (let d = 0; d < D; d++) n += (model.vectors[i * D + d] ?? 0) ** 2;
      if (n === 0) continue;
      const idf = model.idf[i] ?? 1;
      for (let d = 0; d < D; d++)
        out[d] = (out[d] ?? 0) + (idf * (model.vectors[i * D + d] ?? 0)) / Math.sqrt(n);
      total += idf;
    }
  }
  return out.map((v) => Math.round((v / Math.max(1e-9, total)) * 10_000) / 10_000);
}

/** Cosine of a - m and b - m (0 when either is m). */
export function centeredCosine(a: ArrayLike<number>, b: ArrayLike<number>, m: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let d = 0; d < m.length; d++) {
    const x = (a[d] ?? 0) - (m[d] ?? 0);
    const y = (b[d] ?? 0) - (m[d] ?? 0);
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** IDF of a term in the training conversations (0 without a table). */
export function convIdfOf(model: DriftModel, term: string): number {
  if (model.convN === 0) return 0;
  return Math.log((model.convN + 1) / ((model.convDf.get(term) ?? 0) + 1));
}

let loaded: DriftModel | null | undefined;

/** The committed model, or null without a weights file (drift then falls back to TF-IDF rules). */
export function loadDriftModel(): DriftModel | null {
  if (loaded !== undefined) return loaded;
  const url = [DRIFT_WEIGHTS_URL, SOURCE_URL].find((u) => existsSync(u));
  loaded = url ? decodeDriftModel(JSON.parse(readFileSync(url, 'utf8')) as DriftWeightsFile) : null;
  return loaded;
}

export function idfOf(model: DriftModel, term: string): number {
  const i = model.index.get(term);
  return i === undefined ? model.maxIdf : (model.idf[i] ?? model.maxIdf);
}

/** IDF-weighted sum of the word vectors of `terms`, unit length (zeros when no term is known). */
export function semanticVector(model: DriftModel, terms: readonly string[]): Float32Array {
  const out = new Float32Array(model.dims);
  const D = model.dims;
  for (const t of terms) {
    const i = model.index.get(t);
    if (i === undefined) continue;
    const w = model.idf[i] ?? 1;
    const base = i * D;
    for (let d = 0; d < D; d++) out[d] = (out[d] ?? 0) + w * (model.vectors[base + d] ?? 0);
  }
  let n = 0;
  for (let d = 0; d < D; d++) n += (out[d] ?? 0) ** 2;
  n = Math.sqrt(n);
  if (n > 0) for (let d = 0; d < D; d++) out[d] = (out[d] ?? 0) / n;
  return out;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}
