import type { DatasetRow } from './types.js';
import { PLACEHOLDERS, words } from './words.js';

/**
 * The tokenized dataset every detector shares: unique words per row, label indices, document
 * frequencies and a multinomial naive Bayes model whose counts can leave one row out.
 */
export class Corpus {
  readonly tokens: string[][];
  /** Unique content words per row (no placeholders). */
  readonly uniq: string[][];
  readonly labels: string[];
  /** Label index per row, -1 when unlabelled. */
  readonly y: Int32Array;
  readonly df = new Map<string, number>();
  /** Word counts per label (naive Bayes). */
  private readonly counts = new Map<string, Float64Array>();
  private readonly labelTotals: Float64Array;
  private readonly labelDocs: Float64Array;
  private readonly labelled: number;

  constructor(readonly rows: DatasetRow[]) {
    const labelIndex = new Map<string, number>();
    this.labels = [];
    this.y = new Int32Array(rows.length).fill(-1);
    this.tokens = new Array(rows.length);
    this.uniq = new Array(rows.length);
    rows.forEach((row, i) => {
      if (row.label !== undefined && row.label !== '') {
        let li = labelIndex.get(row.label);
        if (li === undefined) {
          li = this.labels.length;
          labelIndex.set(row.label, li);
          this.labels.push(row.label);
        }
        this.y[i] = li;
      }
    });
    const L = Math.max(1, this.labels.length);
    this.labelTotals = new Float64Array(L);
    this.labelDocs = new Float64Array(L);
    let labelled = 0;
    rows.forEach((row, i) => {
      const toks = words(row.text).filter((w) => !PLACEHOLDERS.has(w));
      this.tokens[i] = toks;
      const u = [...new Set(toks)];
      this.uniq[i] = u;
      for (const w of u) this.df.set(w, (this.df.get(w) ?? 0) + 1);
      const li = this.y[i] ?? -1;
      if (li < 0) return;
      labelled++;
      this.labelDocs[li] = (this.labelDocs[li] ?? 0) + 1;
      for (const w of u) {
        let c = this.counts.get(w);
        if (!c) {
          c = new Float64Array(L);
          this.counts.set(w, c);
        }
        c[li] = (c[li] ?? 0) + 1;
        this.labelTotals[li] = (this.labelTotals[li] ?? 0) + 1;
      }
    });
    this.labelled = labelled;
  }

  get size(): number {
    return this.rows.length;
  }

  /**
   * P(label | words of row i except `skip`), with row i's own counts removed (leave one out), so a
   * row cannot vote for its own label. Bernoulli-style: each unique word counts once.
   */
  posterior(i: number, skip?: ReadonlySet<string>): Float64Array {
    const L = this.labels.length;
    const out = new Float64Array(L);
    if (L === 0) return out;
    const own = this.y[i] ?? -1;
    const V = this.counts.size + 1;
    const alpha = 0.5;
    for (let l = 0; l < L; l++) {
      const docs = (this.labelDocs[l] ?? 0) - (l === own ? 1 : 0);
      out[l] = Math.log((docs + 1) / (this.labelled - (own >= 0 ? 1 : 0) + L));
    }
    const words = this.uniq[i] ?? [];
    for (let l = 0; l < L; l++) {
      const total = (this.labelTotals[l] ?? 0) - (l === own ? words.length : 0);
      const denom = Math.log(total + alpha * V);
      let s = 0;
      for (const w of words) {
        if (skip?.has(w)) continue;
        const c = this.counts.get(w);
        const n = (c?.[l] ?? 0) - (l === own ? 1 : 0);
        // Words seen only in this row carry no evidence once the row is left out.
        if (c && (this.df.get(w) ?? 0) > 1) s += Math.log(Math.max(0, n) + alpha) - denom;
      }
      out[l] = (out[l] ?? 0) + s;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (const v of out) if (v > max) max = v;
    let sum = 0;
    for (let l = 0; l < L; l++) {
      const e = Math.exp((out[l] ?? 0) - max);
      out[l] = e;
      sum += e;
    }
    for (let l = 0; l < L; l++) out[l] = (out[l] ?? 0) / sum;
    return out;
  }
}
