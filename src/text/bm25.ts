/**
 * Okapi BM25 over a small in-memory corpus of term lists (built per request; cheap). An inverted
 * index means a query only touches the documents that share a term with it.
 */
export class Bm25Index {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[];
  private readonly avgLength: number;

  constructor(
    docs: readonly (readonly string[])[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.lengths = docs.map((d) => d.length);
    this.avgLength = this.lengths.reduce((a, c) => a + c, 0) / Math.max(1, docs.length) || 1;
    docs.forEach((terms, doc) => {
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, f] of tf) {
        let list = this.postings.get(t);
        if (!list) {
          list = [];
          this.postings.set(t, list);
        }
        list.push({ doc, tf: f });
      }
    });
  }

  get size(): number {
    return this.lengths.length;
  }

  /** How many documents hold the term. */
  df(term: string): number {
    return this.postings.get(term)?.length ?? 0;
  }

  idf(term: string): number {
    const n = this.lengths.length;
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** BM25 scores of every document that shares a term with the query. */
  scores(query: readonly string[]): Map<number, number> {
    const out = new Map<number, number>();
    for (const q of new Set(query)) {
      const list = this.postings.get(q);
      if (!list) continue;
      const idf = this.idf(q);
      for (const { doc, tf } of list) {
        const len = this.lengths[doc] ?? 0;
        const s =
          (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * len) / this.avgLength));
        out.set(doc, (out.get(doc) ?? 0) + s);
      }
    }
    return out;
  }

  score(query: readonly string[], doc: number): number {
    return this.scores(query).get(doc) ?? 0;
  }

  /** The best `k` documents for a query, best first (ties by document order). */
  search(query: readonly string[], k = 3): { doc: number; score: number }[] {
    return [...this.scores(query)]
      .map(([doc, score]) => ({ doc, score }))
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, k);
  }
}
