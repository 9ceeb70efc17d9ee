/** Sparse vectors as term -> weight maps, with TF-IDF weighting and cosine similarity. */
export type SparseVector = Map<string, number>;

export function termFrequencies(terms: readonly string[]): SparseVector {
  const tf: SparseVector = new Map();
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

/** Document frequencies across a corpus of term lists. */
export function documentFrequencies(docs: readonly (readonly string[])[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of docs) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
  return df;
}

/**
 * TF-IDF with sublinear term frequency and smoothed IDF; `df` and `n` describe the corpus.
 * Terms never seen get the maximum IDF, so new vocabulary counts fully.
 */
export function tfidf(terms: readonly string[], df: ReadonlyMap<string, number>, n: number): SparseVector {
  const v: SparseVector = new Map();
  for (const [t, f] of termFrequencies(terms)) {
    const idf = Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1;
    v.set(t, (1 + Math.log(f)) * idf);
  }
  return v;
}

export function norm(v: SparseVector): number {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return Math.sqrt(s);
}

export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) dot += w * o;
  }
  const d = norm(a) * norm(b);
  return d === 0 ? 0 : dot / d;
}

/** Scales a vector to unit length (a copy). */
export function normalize(v: SparseVector): SparseVector {
  const n = norm(v);
  const out: SparseVector = new Map();
  if (n === 0) return out;
  for (const [t, w] of v) out.set(t, w / n);
  return out;
}

/** `decay * a + (1 - decay) * b`, dropping tiny weights so the vector stays small. */
export function blend(a: SparseVector, b: SparseVector, decay: number, maxTerms = 200): SparseVector {
  const out: SparseVector = new Map();
  for (const [t, w] of a) out.set(t, w * decay);
  for (const [t, w] of b) out.set(t, (out.get(t) ?? 0) + w * (1 - decay));
  if (out.size <= maxTerms) return out;
  const kept = [...out].sort((x, y) => y[1] - x[1]).slice(0, maxTerms);
  return new Map(kept);
}
