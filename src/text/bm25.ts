import { documentFrequencies } from './tfidf.js';

/** Okapi BM25 over a small in-memory corpus of term lists (built per request; cheap). */
export class Bm25Index {
  private readonly df: Map<string, number>;
  private readonly tfs: Map<string, number>[];
  private readonly lengths: number[];
  private readonly avgLength: number;

  constructor(
    private readonly docs: readonly (readonly string[])[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.df = documentFrequencies(docs);
    this.tfs = docs.map((d) => {
      const tf = new Map<string, number>();
      for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
      return tf;
    });
    this.lengths = docs.map((d) => d.length);
    this.avgLength = this.lengths.reduce((a, b2) => a + b2, 0) / Math.max(1, docs.length);
  }

  get size(): number {
    return this.docs.length;
  }

  idf(term: string): number {
    const n = this.docs.length;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  score(query: readonly string[], doc: number): number {
    const tf = this.tfs[doc];
    if (!tf) return 0;
    const len = this.lengths[doc] ?? 0;
    let s = 0;
    for (const q of new Set(query)) {
      const f = tf.get(q);
      if (!f) continue;
      s +=
        (this.idf(q) * f * (this.k1 + 1)) /
        (f + this.k1 * (1 - this.b + (this.b * len) / (this.avgLength || 1)));
    }
    return s;
  }

  /** The best `k` documents for a query, best first. */
  search(query: readonly string[], k = 3): { doc: number; score: number }[] {
    const scored: { doc: number; score: number }[] = [];
    for (let i = 0; i < this.docs.length; i++) {
      const score = this.score(query, i);
      if (score > 0) scored.push({ doc: i, score });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, k);
  }
}
