/** The TrustGuard training procedures, shared by `npm run train:trustguard` and the evaluation. */
import { GROUNDED_DIMS, UNGROUNDED_DENSE } from '../../src/guards/trustguard/model.js';
import { mulberry32 } from '../../src/util/prng.js';
import { fitPlatt, type LinearModel, logitOf, type SparseExample, sigmoid, trainLogReg } from './logreg.js';
import type { GroundedExample } from './trust-data.js';
import { UNGROUNDED_DIMS } from './trust-data.js';

export interface FittedLinear {
  model: LinearModel;
  a: number;
  c: number;
  threshold: number;
  /** Median calibrated probability of the negatives (right answers). */
  median: number;
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export const GROUNDED_TRAIN = {
  dims: 1,
  denseDims: GROUNDED_DIMS,
  epochs: 40,
  learningRate: 0.02,
  l2: 1e-4,
  seed: 17,
};
export const UNGROUNDED_TRAIN = {
  dims: UNGROUNDED_DIMS,
  denseDims: UNGROUNDED_DENSE,
  epochs: 5,
  learningRate: 0.001,
  l2: 1e-5,
  seed: 23,
};

/**
 * Grounded model: each data set weighs the same in total (SummEdits has five times the rows), the
 * classes are balanced, and the calibrated decision point is 0.5.
 */
export const SUMMEDITS_WEIGHT = Number(process.env.SUMMEDITS_WEIGHT ?? 0.35);

export function fitGrounded(train: GroundedExample[]): FittedLinear {
  const perSet = new Map<string, number>();
  for (const e of train) perSet.set(e.row.set, (perSet.get(e.row.set) ?? 0) + 1);
  // SummEdits' one-word edits are mostly beyond lexical features: it counts a third as much.
  const weighted = train.map((e) => ({
    ...e,
    weight: ((e.row.set === 'summedits' ? SUMMEDITS_WEIGHT : 1) * 1000) / (perSet.get(e.row.set) ?? 1),
  }));
  const model = trainLogReg(weighted, GROUNDED_TRAIN);
  const { a, c } = fitPlatt(
    train.map((e) => logitOf(model, e)),
    train.map((e) => e.y),
  );
  const median = medianOf(train.filter((e) => e.y === 0).map((e) => sigmoid(a * logitOf(model, e) + c)));
  return { model, a, c, threshold: 0.5, median };
}

/**
 * Ungrounded model. Its signal is weak (AUC about 0.7), so its decision point is set where it
 * flags UNGROUNDED_FPR of the right answers out of fold: it raises risk, it rarely flags alone.
 */
export const UNGROUNDED_FPR = 0.05;

export function fitUngrounded(train: SparseExample[]): FittedLinear {
  const model = trainLogReg(train, UNGROUNDED_TRAIN);
  // Calibrate on out-of-fold logits so the in-sample fit of the n-grams does not inflate a.
  const rand = mulberry32(5);
  const fold = train.map(() => Math.floor(rand() * 3));
  const logits = new Array<number>(train.length).fill(0);
  for (let f = 0; f < 3; f++) {
    const m = trainLogReg(
      train.filter((_, i) => fold[i] !== f),
      { ...UNGROUNDED_TRAIN, seed: UNGROUNDED_TRAIN.seed + f },
    );
    train.forEach((e, i) => {
      if (fold[i] === f) logits[i] = logitOf(m, e);
    });
  }
  const { a, c } = fitPlatt(
    logits,
    train.map((e) => e.y),
  );
  const negatives = logits
    .filter((_, i) => train[i]?.y === 0)
    .map((z) => sigmoid(a * z + c))
    .sort((x, y) => y - x);
  const threshold = Math.min(0.99, (negatives[Math.floor(UNGROUNDED_FPR * negatives.length)] ?? 0.5) + 1e-6);
  return { model, a, c, threshold, median: negatives[Math.floor(negatives.length / 2)] ?? 0 };
}

export const probability = (fit: FittedLinear, e: SparseExample): number =>
  sigmoid(fit.a * logitOf(fit.model, e) + fit.c);
