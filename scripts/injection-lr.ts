/**
 * The injection and document models' samples on the project's one logistic regression
 * (scripts/lib/logreg.ts), shared by `npm run train:injection`, the document-mode training and the
 * evaluation's leave-one-source-out folds. Features come in two
 * groups: n-grams scaled by 1/sqrt(count) (long and short texts on one scale) and named evidence
 * features (pattern ids) added unscaled.
 */
import { DIMS } from '../src/guards/securityguard/injection/features.js';
import { logitOf as logitOfExample, type SparseExample, trainLogReg } from './lib/logreg.js';

export interface Sample {
  y: 0 | 1;
  /** Extra weight of a row (hard negatives count a little more). */
  weight: number;
  grams: Int32Array;
  named: readonly number[];
  /** A fixed term added to the logit (the pattern library's prior), not learned. */
  offset: number;
}

export interface LinearModel {
  w: Float32Array;
  bias: number;
}

export interface LrOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

const NO_DENSE = new Float64Array(0);

const asExample = (s: Sample): SparseExample => ({
  idx: s.grams,
  named: s.named,
  dense: NO_DENSE,
  offset: s.offset,
  y: s.y,
  weight: s.weight,
});

export const logitOf = (model: LinearModel, s: Pick<Sample, 'grams' | 'named' | 'offset'>): number =>
  logitOfExample(model, { idx: s.grams, named: s.named, dense: NO_DENSE, offset: s.offset });

/** Class-balanced logistic regression with lazy sparse Adam and L2 (scripts/lib/logreg.ts), 32-bit weights. */
export function trainLr(samples: readonly Sample[], opts: LrOptions = {}): LinearModel {
  const { epochs = 6, learningRate = 0.03, l2 = 2e-6, seed = 1 } = opts;
  const model = trainLogReg(samples.map(asExample), {
    dims: DIMS,
    denseDims: 0,
    epochs,
    learningRate,
    l2,
    seed,
    float32: true,
  });
  return { w: model.w instanceof Float32Array ? model.w : Float32Array.from(model.w), bias: model.bias };
}

/**
 * The (1 - target) quantile of `scores` (negative rows), interpolated between neighbours: a
 * threshold at which about `target` of them fire. Unlike thresholdForFpr it does not jump to "above
 * the maximum" on a small set.
 */
export function quantileThreshold(scores: readonly number[], target: number): number {
  if (scores.length === 0) return Number.NEGATIVE_INFINITY;
  const sorted = [...scores].sort((a, b) => a - b);
  const pos = (1 - target) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/**
 * The lowest threshold on `scores` (of negative rows) at which at most `target` of them reach it;
 * `forced` counts negatives that fire whatever the threshold (a strong-pattern override).
 */
export function thresholdForFpr(scores: readonly number[], target: number, forced = 0): number {
  const sorted = [...scores].sort((a, b) => b - a);
  const n = scores.length + forced;
  const allowed = Math.floor(target * n) - forced;
  if (allowed < 0) return Number.POSITIVE_INFINITY;
  if (allowed >= sorted.length) return Number.NEGATIVE_INFINITY;
  // Strictly above the (allowed+1)-th highest negative score.
  const at = sorted[allowed] as number;
  return at + Math.max(1e-6, Math.abs(at) * 1e-6);
}
