import type { Corpus } from './corpus.js';
import { hashedFeatures } from './hashed.js';

/**
 * Out-of-fold label probabilities (confident-learning style, Northcutt et al. 2021): a softmax
 * regression over hashed n-grams is trained on the dataset itself K times, each time without one
 * fold, and predicts the rows of the fold it did not see. A row's probability of its own label
 * therefore never comes from a model that read that row, so a flipped label cannot vouch for itself.
 */

export interface LabelModelOptions {
  folds: number;
  epochs: number;
  bits: number;
  learningRate: number;
  l2: number;
  /** Balance the classes in training. */
  balanced: boolean;
}

export const defaultLabelModelOptions: LabelModelOptions = {
  folds: 4,
  epochs: 4,
  bits: 18,
  learningRate: 0.2,
  l2: 1e-6,
  balanced: false,
};

/** Row-major [N x L] probabilities; NaN rows for unlabelled rows. */
export function outOfFoldProbabilities(
  corpus: Corpus,
  opts: LabelModelOptions = defaultLabelModelOptions,
  onRow?: (i: number) => void,
  /** Texts to read instead of the rows' own (found trigger phrases masked out). */
  texts?: readonly string[],
): Float64Array {
  const N = corpus.size;
  const L = corpus.labels.length;
  const out = new Float64Array(N * Math.max(1, L)).fill(Number.NaN);
  if (L < 2) return out;
  const feats: Int32Array[] = corpus.rows.map((r, i) => hashedFeatures(texts?.[i] ?? r.text, opts.bits));
  const D = 1 << opts.bits;
  // Class weights balance the classes, so a rare class is not suspect for being rare.
  const counts = new Float64Array(L);
  for (const y of corpus.y) if (y >= 0) counts[y] = (counts[y] ?? 0) + 1;
  const labelled = counts.reduce((a, b) => a + b, 0);
  const classWeight = Float64Array.from(counts, (c) =>
    opts.balanced ? (c > 0 ? labelled / (L * c) : 0) : 1,
  );
  // Folds by a fixed stride over the row order (deterministic, no RNG needed).
  const w = new Float32Array(D * L);
  const bias = new Float64Array(L);
  const z = new Float64Array(L);
  const scores = (f: Int32Array): void => {
    const scale = f.length > 0 ? 1 / Math.sqrt(f.length) : 0;
    for (let l = 0; l < L; l++) z[l] = bias[l] ?? 0;
    for (let k = 0; k < f.length; k++) {
      const base = (f[k] ?? 0) * L;
      for (let l = 0; l < L; l++) z[l] = (z[l] ?? 0) + (w[base + l] ?? 0) * scale;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let l = 0; l < L; l++) max = Math.max(max, z[l] ?? 0);
    let sum = 0;
    for (let l = 0; l < L; l++) {
      const e = Math.exp((z[l] ?? 0) - max);
      z[l] = e;
      sum += e;
    }
    for (let l = 0; l < L; l++) z[l] = (z[l] ?? 0) / sum;
  };
  for (let fold = 0; fold < opts.folds; fold++) {
    w.fill(0);
    bias.fill(0);
    let step = 0;
    // Small datasets get more passes, so the model sees about as many updates as on a large one.
    const epochs = Math.min(24, Math.max(opts.epochs, Math.ceil(24_000 / Math.max(1, N))));
    for (let epoch = 0; epoch < epochs; epoch++) {
      // A different stride walk per epoch stands in for shuffling.
      const stride = [1, 7919, 104729, 15485863][epoch % 4] ?? 1;
      for (let n = 0; n < N; n++) {
        const i = (n * stride) % N;
        const y = corpus.y[i] ?? -1;
        if (y < 0 || i % opts.folds === fold) continue;
        const f = feats[i] ?? new Int32Array(0);
        scores(f);
        const lr = (opts.learningRate / (1 + step++ / N)) * (classWeight[y] ?? 1);
        const scale = f.length > 0 ? 1 / Math.sqrt(f.length) : 0;
        for (let l = 0; l < L; l++) {
          const g = (z[l] ?? 0) - (l === y ? 1 : 0);
          bias[l] = (bias[l] ?? 0) - lr * g * 0.1;
          if (g === 0) continue;
          for (let k = 0; k < f.length; k++) {
            const idx = (f[k] ?? 0) * L + l;
            w[idx] = (w[idx] ?? 0) * (1 - opts.l2) - lr * g * scale;
          }
        }
      }
    }
    for (let i = fold; i < N; i += opts.folds) {
      onRow?.(i);
      if ((corpus.y[i] ?? -1) < 0) continue;
      scores(feats[i] ?? new Int32Array(0));
      for (let l = 0; l < L; l++) out[i * L + l] = z[l] ?? 0;
    }
  }
  return out;
}
