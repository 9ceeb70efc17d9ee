/**
 * The BiasGuard training procedure, shared by `npm run train:biasguard` and the leave-one-group-out
 * evaluation: features, out-of-fold logits (toxigen rows folded by target group, so calibration
 * sees groups its model did not), Platt calibration, an F1-best threshold on those out-of-fold
 * scores, and the final model on every row.
 *
 * Tried and dropped (issue 11, toxigen leave-one-group-out as in `npm run eval -- biasguard`; the
 * seed spread of the current model over BIAS_EVAL_SEED 0/1/2 is F1 0.847/0.845/0.849, AUC
 * 0.881/0.884/0.878): distributional word features from ContextGuard's PPMI + WordNet SVD vectors
 * (drift.weights.json, stemmed lookup). Classes of a spherical k-means over the vectors as hashed
 * features (each content word's class, and bigrams where a content word reads as its class and
 * function words and the group slot as themselves, "zqg are C17"), k=256: F1 0.840/0.839 (seeds
 * 0/1), AUC 0.880/0.883; class unigrams only, k=1024: F1 0.848, AUC 0.881; classes and words within
 * 6 words after the slot or a group pronoun only: F1 0.848, AUC 0.880; the k=256 features unscaled
 * (named): F1 0.759, AUC 0.801; the mean of the content words' unit vectors as 64 dense features:
 * F1 0.830, AUC 0.861; k=256 with l2 1e-5: F1 0.844, AUC 0.883 (the current model at l2 1e-5:
 * 0.847, 0.884). None beyond the seed spread. Those vectors also read the ToxiGen texts (no labels).
 */
import { trainingInput } from '../../src/guards/biasguard/detect.js';
import { DENSE, DIMS, denseFeatures, hashedIndices } from '../../src/guards/biasguard/features.js';
import { mulberry32 } from '../../src/util/prng.js';
import type { BiasRow } from './bias-data.js';
import {
  bestF1Threshold,
  fitPlatt,
  type LinearModel,
  logitOf,
  type SparseExample,
  sigmoid,
  trainLogReg,
} from './logreg.js';

export const BIAS_TRAIN = {
  dims: DIMS,
  denseDims: DENSE,
  epochs: 6,
  learningRate: 0.03,
  l2: 1e-6,
  seed: 20261130,
  decay: true,
  /** Models averaged into the final one (see averaged). */
  average: 5,
};
const FOLDS = 4;
/** Share of ordinary text (out of fold) the threshold may flag. */
const ORDINARY_FPR = 0.01;

export interface BiasExample extends SparseExample {
  row: BiasRow;
}

const cache = new Map<string, { idx: Int32Array; dense: Float64Array }>();

export function featurize(rows: BiasRow[]): BiasExample[] {
  return rows.map((row) => {
    let f = cache.get(row.text);
    if (!f) {
      const input = trainingInput(row.text);
      const idx = hashedIndices(input.normalized);
      f = { idx, dense: denseFeatures(input.lexicon, idx.length) };
      cache.set(row.text, f);
    }
    return { ...f, y: row.y, weight: row.weight, row };
  });
}

export interface FittedBias {
  model: LinearModel;
  calibration: { a: number; c: number };
  threshold: number;
}

export function fitBias(examples: BiasExample[], seed = BIAS_TRAIN.seed, folds = FOLDS): FittedBias {
  const rand = mulberry32(seed);
  const groups = [...new Set(examples.map((e) => e.row.group).filter((g): g is string => !!g))].sort();
  const groupFold = new Map(groups.map((g, i) => [g, i % folds]));
  const fold = examples.map((e) =>
    e.row.group ? (groupFold.get(e.row.group) ?? 0) : Math.floor(rand() * folds),
  );
  const oof = new Array<number>(examples.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const model = trainLogReg(
      examples.filter((_, i) => fold[i] !== f),
      { ...BIAS_TRAIN, seed: seed + f },
    );
    examples.forEach((e, i) => {
      if (fold[i] === f) oof[i] = logitOf(model, e);
    });
  }
  // Calibration and threshold read the statements about groups (ToxiGen, out of group).
  const use = examples.map((e) => e.row.source === 'toxigen');
  const logits = oof.filter((_, i) => use[i]);
  const ys = examples.filter((_, i) => use[i]).map((e) => e.y);
  const calibration = fitPlatt(logits, ys);
  const probs = logits.map((z) => sigmoid(calibration.a * z + calibration.c));
  // The F1-best threshold, but never one that flags more than ORDINARY_FPR of ordinary text.
  const ordinary = oof
    .filter((_, i) => examples[i]?.row.source === 'ordinary')
    .map((z) => sigmoid(calibration.a * z + calibration.c))
    .sort((x, y) => y - x);
  const floor = ordinary[Math.floor(ORDINARY_FPR * ordinary.length)] ?? 0;
  const threshold = Math.min(0.95, Math.max(0.1, bestF1Threshold(probs, ys), floor + 1e-6));
  return { model: averaged(examples, seed, BIAS_TRAIN.average), calibration, threshold };
}

/**
 * The mean of `k` models trained on the same rows in different orders: one linear model again (the
 * same cost to run), with less of the noise one shuffle leaves on rare n-grams, so the order of
 * two nearly equal sentences does not hang on the seed.
 */
export function averaged(examples: BiasExample[], seed: number, k: number): LinearModel {
  const models = Array.from({ length: k }, (_, j) =>
    trainLogReg(examples, { ...BIAS_TRAIN, seed: seed + 7919 * j }),
  );
  const first = models[0];
  if (!first || k === 1) return first ?? trainLogReg(examples, { ...BIAS_TRAIN, seed });
  const w = new Float64Array(first.w.length);
  const dense = new Float64Array(first.dense.length);
  let bias = 0;
  for (const m of models) {
    for (let i = 0; i < w.length; i++) w[i] = (w[i] ?? 0) + (m.w[i] ?? 0) / k;
    for (let i = 0; i < dense.length; i++) dense[i] = (dense[i] ?? 0) + (m.dense[i] ?? 0) / k;
    bias += m.bias / k;
  }
  return { w, dense, bias };
}

export const probabilityOf = (fit: FittedBias, e: SparseExample): number =>
  sigmoid(fit.calibration.a * logitOf(fit.model, e) + fit.calibration.c);
