/**
 * Logistic regression over sparse hashed features, shared by `npm run train:injection`, the
 * document-mode training and the evaluation's leave-one-source-out folds. Features come in two
 * groups: n-grams scaled by 1/sqrt(count) (long and short texts on one scale) and named evidence
 * features (pattern ids) added unscaled.
 */
import { DIMS } from '../src/guards/securityguard/injection/features.js';
import { sigmoid } from '../src/guards/securityguard/injection/model.js';
import { mulberry32 } from '../src/util/prng.js';

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

export function logitOf(model: LinearModel, s: Pick<Sample, 'grams' | 'named' | 'offset'>): number {
  let z = model.bias + s.offset;
  if (s.grams.length > 0) {
    let sum = 0;
    for (const f of s.grams) sum += model.w[f] ?? 0;
    z += sum / Math.sqrt(s.grams.length);
  }
  for (const f of s.named) z += model.w[f] ?? 0;
  return z;
}

/** Class-balanced logistic regression with lazy sparse Adam and L2. */
export function trainLr(samples: readonly Sample[], opts: LrOptions = {}): LinearModel {
  const { epochs = 6, learningRate = 0.03, l2 = 2e-6, seed = 1 } = opts;
  const w = new Float32Array(DIMS);
  const m = new Float32Array(DIMS);
  const v = new Float32Array(DIMS);
  let bias = 0;
  let mb = 0;
  let vb = 0;
  const b1 = 0.9;
  const b2 = 0.999;
  const eps = 1e-8;
  let posW = 0;
  let negW = 0;
  for (const s of samples) {
    if (s.y === 1) posW += s.weight;
    else negW += s.weight;
  }
  const total = posW + negW;
  const wPos = total / (2 * Math.max(1e-9, posW));
  const wNeg = total / (2 * Math.max(1e-9, negW));
  const rand = mulberry32(seed);
  const order = samples.map((_, i) => i);
  let t = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = order[i] as number;
      order[i] = order[j] as number;
      order[j] = tmp;
    }
    for (const k of order) {
      const s = samples[k] as Sample;
      const p = sigmoid(logitOf({ w, bias }, s));
      const g = (p - s.y) * (s.y === 1 ? wPos : wNeg) * s.weight;
      t++;
      const c1 = 1 - b1 ** t;
      const c2 = 1 - b2 ** t;
      const step = (f: number, x: number): void => {
        const wf = w[f] as number;
        const grad = g * x + l2 * wf;
        const mf = b1 * (m[f] as number) + (1 - b1) * grad;
        const vf = b2 * (v[f] as number) + (1 - b2) * grad * grad;
        m[f] = mf;
        v[f] = vf;
        w[f] = wf - (learningRate * (mf / c1)) / (Math.sqrt(vf / c2) + eps);
      };
      const x = s.grams.length > 0 ? 1 / Math.sqrt(s.grams.length) : 0;
      for (const f of s.grams) step(f, x);
      for (const f of s.named) step(f, 1);
      mb = b1 * mb + (1 - b1) * g;
      vb = b2 * vb + (1 - b2) * g * g;
      bias -= (learningRate * (mb / c1)) / (Math.sqrt(vb / c2) + eps);
    }
  }
  return { w, bias };
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
