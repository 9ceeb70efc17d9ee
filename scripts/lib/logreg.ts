/**
 * Logistic regression for every small linear model of the project (the injection and document
 * models, BiasGuard, TrustGuard): sparse binary hashed features scaled by 1/sqrt(count), named
 * evidence features added unscaled, a few dense features and a fixed offset, trained with Adam
 * (lazy on the sparse part), L2 and class-balanced example weights. Deterministic for a seed.
 */
import { mulberry32 } from '../../src/util/prng.js';

export interface SparseExample {
  /** Unique hashed feature indices, scaled by 1/sqrt(count). */
  idx: Int32Array;
  /** Named evidence features (pattern ids) in the same weight space, added unscaled. */
  named?: readonly number[];
  dense: ArrayLike<number>;
  /** A fixed term added to the logit (a prior), not learned. */
  offset?: number;
  y: number;
  /** Relative weight of the example (before class balancing). */
  weight: number;
}

export interface LinearModel {
  w: Float64Array | Float32Array;
  dense: Float64Array;
  bias: number;
}

export interface TrainOptions {
  dims: number;
  denseDims: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Keep the sparse weights and their Adam moments in 32-bit floats (the injection model's size). */
  float32?: boolean;
  /**
   * Decay the learning rate linearly to zero over the run (BiasGuard): the last steps are small,
   * so frequent features settle instead of ending wherever the last shuffle left them.
   */
  decay?: boolean;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function logitOf(
  m: Pick<LinearModel, 'w' | 'bias'> & { dense?: Float64Array },
  ex: Pick<SparseExample, 'idx' | 'named' | 'dense' | 'offset'>,
): number {
  let z = m.bias + (ex.offset ?? 0);
  if (ex.idx.length > 0) {
    let s = 0;
    for (const f of ex.idx) s += m.w[f] ?? 0;
    z += s / Math.sqrt(ex.idx.length);
  }
  if (ex.named) for (const f of ex.named) z += m.w[f] ?? 0;
  if (m.dense) for (let i = 0; i < ex.dense.length; i++) z += (m.dense[i] ?? 0) * (ex.dense[i] ?? 0);
  return z;
}

export function trainLogReg(examples: SparseExample[], o: TrainOptions): LinearModel {
  const Sparse = o.float32 ? Float32Array : Float64Array;
  const w = new Sparse(o.dims);
  const mw = new Sparse(o.dims);
  const vw = new Sparse(o.dims);
  const dense = new Float64Array(o.denseDims);
  const md = new Float64Array(o.denseDims);
  const vd = new Float64Array(o.denseDims);
  let bias = 0;
  let mb = 0;
  let vb = 0;
  const b1 = 0.9;
  const b2 = 0.999;
  const eps = 1e-8;
  let pos = 0;
  let neg = 0;
  for (const e of examples) {
    if (e.y === 1) pos += e.weight;
    else neg += e.weight;
  }
  const total = pos + neg;
  const wPos = total / (2 * Math.max(1e-9, pos));
  const wNeg = total / (2 * Math.max(1e-9, neg));
  const rand = mulberry32(o.seed);
  const order = examples.map((_, i) => i);
  let t = 0;
  const steps = o.epochs * examples.length;
  let lr = o.learningRate;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = tmp;
    }
    for (const k of order) {
      const ex = examples[k];
      if (!ex) continue;
      const x = ex.idx.length > 0 ? 1 / Math.sqrt(ex.idx.length) : 0;
      const g = (sigmoid(logitOf({ w, dense, bias }, ex)) - ex.y) * (ex.y === 1 ? wPos : wNeg) * ex.weight;
      t++;
      if (o.decay) lr = o.learningRate * (1 - (t - 1) / steps);
      const c1 = 1 - b1 ** t;
      const c2 = 1 - b2 ** t;
      const step = (f: number, xf: number): void => {
        const wf = w[f] ?? 0;
        const grad = g * xf + o.l2 * wf;
        const m = b1 * (mw[f] ?? 0) + (1 - b1) * grad;
        const v = b2 * (vw[f] ?? 0) + (1 - b2) * grad * grad;
        mw[f] = m;
        vw[f] = v;
        w[f] = wf - (lr * (m / c1)) / (Math.sqrt(v / c2) + eps);
      };
      for (const f of ex.idx) step(f, x);
      if (ex.named) for (const f of ex.named) step(f, 1);
      for (let i = 0; i < o.denseDims; i++) {
        const xi = ex.dense[i] ?? 0;
        if (xi === 0) continue;
        const di = dense[i] ?? 0;
        const grad = g * xi + o.l2 * di;
        const m = b1 * (md[i] ?? 0) + (1 - b1) * grad;
        const v = b2 * (vd[i] ?? 0) + (1 - b2) * grad * grad;
        md[i] = m;
        vd[i] = v;
        dense[i] = di - (lr * (m / c1)) / (Math.sqrt(v / c2) + eps);
      }
      mb = b1 * mb + (1 - b1) * g;
      vb = b2 * vb + (1 - b2) * g * g;
      bias -= (lr * (mb / c1)) / (Math.sqrt(vb / c2) + eps);
    }
  }
  return { w, dense, bias };
}

/** Platt scaling p = sigmoid(a * logit + c), fit by gradient descent, class-balanced. */
export function fitPlatt(logits: number[], ys: number[]): { a: number; c: number } {
  let a = 1;
  let c = 0;
  const pos = ys.filter((y) => y === 1).length;
  const neg = ys.length - pos;
  for (let iter = 0; iter < 2000; iter++) {
    let ga = 0;
    let gc = 0;
    for (let i = 0; i < logits.length; i++) {
      const x = logits[i] ?? 0;
      const y = ys[i] ?? 0;
      const wgt = y === 1 ? 0.5 / Math.max(1, pos) : 0.5 / Math.max(1, neg);
      const g = (sigmoid(a * x + c) - y) * wgt;
      ga += g * x;
      gc += g;
    }
    a -= 0.5 * ga;
    c -= 0.5 * gc;
  }
  return { a, c };
}

/** The threshold on `scores` that maximizes F1 (ties: the higher threshold). */
export function bestF1Threshold(scores: number[], ys: number[]): number {
  const pairs = scores.map((s, i) => ({ s, y: ys[i] ?? 0 })).sort((p, q) => q.s - p.s);
  const pos = pairs.filter((p) => p.y === 1).length;
  let tp = 0;
  let fp = 0;
  let best = 0;
  let bestT = 0.5;
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    if (!p) continue;
    if (p.y === 1) tp++;
    else fp++;
    const next = pairs[i + 1];
    if (next && next.s === p.s) continue;
    const f1 = (2 * tp) / (tp + fp + pos);
    if (f1 > best) {
      best = f1;
      bestT = next ? (p.s + next.s) / 2 : p.s;
    }
  }
  return bestT;
}
