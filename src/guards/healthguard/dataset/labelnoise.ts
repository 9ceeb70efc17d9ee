import type { Corpus } from './corpus.js';
import type { ReasonSink } from './types.js';

/**
 * Label noise and flips: a row whose label both its TF-IDF cosine nearest neighbours and a
 * leave-one-out naive Bayes model find unlikely. Neighbours come from an inverted index over each
 * row's top-weighted words, skipping very common words, so the cost stays near linear.
 */

export interface LabelNoiseOptions {
  k: number;
  termsPerRow: number;
  maxPosting: number;
  minSimilarity: number;
  /** Below this combined probability of its own label a row is reported. */
  maxOwnProbability: number;
}

export const defaultLabelNoiseOptions = (n: number): LabelNoiseOptions => ({
  k: 10,
  termsPerRow: 10,
  maxPosting: Math.max(200, Math.min(1500, Math.round(n * 0.02))),
  minSimilarity: 0.15,
  maxOwnProbability: 0.08,
});

/** Sparse TF-IDF vectors (top terms only, L2-normalized). */
function vectors(corpus: Corpus, termsPerRow: number): { terms: string[][]; weights: Float64Array[] } {
  const N = corpus.size;
  const terms: string[][] = new Array(N);
  const weights: Float64Array[] = new Array(N);
  for (let i = 0; i < N; i++) {
    const tf = new Map<string, number>();
    for (const w of corpus.tokens[i] ?? []) tf.set(w, (tf.get(w) ?? 0) + 1);
    const entries = [...tf].map(
      ([w, c]) => [w, (1 + Math.log(c)) * Math.log((N + 1) / ((corpus.df.get(w) ?? 0) + 1))] as const,
    );
    entries.sort((a, b) => b[1] - a[1]);
    const top = entries.slice(0, termsPerRow);
    const norm = Math.sqrt(top.reduce((s, [, v]) => s + v * v, 0)) || 1;
    terms[i] = top.map(([w]) => w);
    weights[i] = Float64Array.from(top.map(([, v]) => v / norm));
  }
  return { terms, weights };
}

export function knnLabelShare(
  corpus: Corpus,
  opts: LabelNoiseOptions,
  onRow?: (i: number) => void,
): Float64Array {
  const N = corpus.size;
  const share = new Float64Array(N).fill(Number.NaN);
  const { terms, weights } = vectors(corpus, opts.termsPerRow);
  const index = new Map<string, { rows: number[]; w: number[] }>();
  for (let i = 0; i < N; i++) {
    const t = terms[i] ?? [];
    const w = weights[i] ?? new Float64Array(0);
    for (let j = 0; j < t.length; j++) {
      const term = t[j] ?? '';
      let p = index.get(term);
      if (!p) {
        p = { rows: [], w: [] };
        index.set(term, p);
      }
      p.rows.push(i);
      p.w.push(w[j] ?? 0);
    }
  }
  const acc = new Float64Array(N);
  const touched: number[] = [];
  for (let i = 0; i < N; i++) {
    onRow?.(i);
    const own = corpus.y[i] ?? -1;
    if (own < 0) continue;
    const t = terms[i] ?? [];
    const w = weights[i] ?? new Float64Array(0);
    for (let j = 0; j < t.length; j++) {
      const p = index.get(t[j] ?? '');
      if (!p || p.rows.length > opts.maxPosting) continue;
      const wi = w[j] ?? 0;
      for (let q = 0; q < p.rows.length; q++) {
        const r = p.rows[q] ?? 0;
        if (r === i) continue;
        if (acc[r] === 0) touched.push(r);
        acc[r] = (acc[r] ?? 0) + wi * (p.w[q] ?? 0);
      }
    }
    // Top k by similarity among the touched rows.
    const best: [number, number][] = [];
    for (const r of touched) {
      const s = acc[r] ?? 0;
      acc[r] = 0;
      if (s < opts.minSimilarity || (corpus.y[r] ?? -1) < 0) continue;
      if (best.length < opts.k) {
        best.push([r, s]);
        if (best.length === opts.k) best.sort((a, b) => a[1] - b[1]);
      } else if (s > (best[0]?.[1] ?? 0)) {
        best[0] = [r, s];
        best.sort((a, b) => a[1] - b[1]);
      }
    }
    touched.length = 0;
    if (best.length === 0) continue;
    let same = 0;
    let total = 0;
    for (const [r, s] of best) {
      total += s;
      if (corpus.y[r] === own) same += s;
    }
    share[i] = same / total;
  }
  return share;
}

export function findLabelNoise(
  corpus: Corpus,
  sink: ReasonSink,
  opts: LabelNoiseOptions,
  onRow?: (i: number) => void,
): Float64Array {
  const knn = knnLabelShare(corpus, opts, onRow);
  // Class priors: probabilities are divided by them so a rare class is not suspect for being rare.
  const L = corpus.labels.length;
  const prior = new Float64Array(L);
  for (const li of corpus.y) if (li >= 0) prior[li] = (prior[li] ?? 0) + 1;
  const labelled = prior.reduce((a, b) => a + b, 0) || 1;
  for (let l = 0; l < L; l++) prior[l] = Math.max(1e-6, (prior[l] ?? 0) / labelled);
  const balanced = (p: number, own: number, all: ArrayLike<number>): number => {
    let z = 0;
    for (let l = 0; l < L; l++) z += (all[l] ?? 0) / (prior[l] ?? 1);
    return z > 0 ? p / (prior[own] ?? 1) / z : 0;
  };
  const nbOwn = new Float64Array(corpus.size);
  for (let i = 0; i < corpus.size; i++) {
    const own = corpus.y[i] ?? -1;
    if (own < 0) continue;
    const post = corpus.posterior(i);
    nbOwn[i] = post[own] ?? 0;
    const pNb = balanced(post[own] ?? 0, own, post);
    const k = knn[i] ?? Number.NaN;
    const p = Number.isNaN(k) ? pNb : 0.5 * pNb + 0.5 * k;
    if (p >= opts.maxOwnProbability) continue;
    let bestLabel = 0;
    for (let l = 1; l < post.length; l++) if ((post[l] ?? 0) > (post[bestLabel] ?? 0)) bestLabel = l;
    sink(i, {
      type: 'label_noise',
      score: round(Math.min(1, 0.5 + (opts.maxOwnProbability - p) / opts.maxOwnProbability / 2)),
      detail: `label "${corpus.labels[own]}" disagrees with neighbours and content (p=${p.toFixed(3)}; likely "${corpus.labels[bestLabel]}")`,
    });
  }
  return nbOwn;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
