/** The TrustGuard training procedures, shared by `npm run train:trustguard` and the evaluation. */
import { GROUNDED_FEATURES, UNGROUNDED_DENSE } from '../../src/guards/trustguard/model.js';
import { mulberry32 } from '../../src/util/prng.js';
import { fitPlatt, type LinearModel, logitOf, type SparseExample, sigmoid, trainLogReg } from './logreg.js';
import type { GroundedExample } from './trust-data.js';
import { UNGROUNDED_DIMS } from './trust-data.js';

export interface FittedLinear {
  model: LinearModel;
  a: number;
  c: number;
  threshold: number;
}

export const GROUNDED_TRAIN = {
  dims: 1,
  denseDims: GROUNDED_FEATURES.length,
  epochs: 40,
  learningRate: 0.02,
  l2: 1e-4,
  seed: 17,
};
export const UNGROUNDED_TRAIN = {
  dims: UNGROUNDED_DIMS,
  denseDims: UNGROUNDED_DENSE,
  epochs: 5,
  learningRate: 0.02,
  l2: 1e-5,
  seed: 23,
};

/**
 * Grounded model: each data set weighs the same in total (SummEdits has five times the rows), the
 * classes are balanced, and the calibrated decision point is 0.5.
 */
export function fitGrounded(train: GroundedExample[]): FittedLinear {
  const perSet = new Map<string, number>();
  for (const e of train) perSet.set(e.row.set, (perSet.get(e.row.set) ?? 0) + 1);
  const weighted = train.map((e) => ({ ...e, weight: 1000 / (perSet.get(e.row.set) ?? 1) }));
  const model = trainLogReg(weighted, GROUNDED_TRAIN);
  const { a, c } = fitPlatt(
    train.map((e) => logitOf(model, e)),
    train.map((e) => e.y),
  );
  return { model, a, c, threshold: 0.5 };
}

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
  return { model, a, c, threshold: 0.5 };
}

export const probability = (fit: FittedLinear, e: SparseExample): number =>
  sigmoid(fit.a * logitOf(fit.model, e) + fit.c);
