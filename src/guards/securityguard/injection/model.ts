import { existsSync, readFileSync } from 'node:fs';
import { decodeSparse, encodeSparse } from '../../../text/sparse-weights.js';
import { sharedFloat32 } from '../../../util/shared-memory.js';
import { DIMS, dotLogit } from './features.js';

/**
 * The in-repo injection classifier: logistic regression over hashed word and character n-grams,
 * trained by `npm run train:injection` (scripts/train-injection.ts), plus the tiny combiner that
 * turns pattern score and model logit into one calibrated probability, and the decision threshold.
 */

export interface Combiner {
  /** Weight of logit(pattern score). */
  a: number;
  /** Weight of the model logit. */
  b: number;
  c: number;
}

export interface WeightsFile {
  version: 1;
  dims: number;
  bias: number;
  /** Weights are stored as integers q with w = q / scale. */
  scale: number;
  /** Delta-coded indices of the non-zero weights. */
  idx: number[];
  w: number[];
  combiner: Combiner;
  threshold: number;
  meta: Record<string, unknown>;
}

export interface InjectionModel {
  weights: Float32Array;
  bias: number;
  combiner: Combiner;
  threshold: number;
  meta: Record<string, unknown>;
}

export const WEIGHTS_URL = new URL('./model.weights.json', import.meta.url);
/** `tsc` does not copy the weights into dist/, so a build also looks for them in the sources. */
const SOURCE_WEIGHTS_URL = new URL(
  '../../../../src/guards/securityguard/injection/model.weights.json',
  import.meta.url,
);

/** When no weights file exists the detector runs on patterns alone. */
export const PATTERN_ONLY: InjectionModel = {
  weights: new Float32Array(DIMS),
  bias: 0,
  combiner: { a: 1, b: 0, c: 0 },
  threshold: 0.5,
  meta: { patternOnly: true },
};

export function decodeWeights(file: WeightsFile): InjectionModel {
  if (file.dims !== DIMS) throw new Error(`injection weights have ${file.dims} dims, expected ${DIMS}`);
  const weights = decodeSparse(DIMS, file);
  return { weights, bias: file.bias, combiner: file.combiner, threshold: file.threshold, meta: file.meta };
}

export function encodeWeights(
  weights: Float64Array | Float32Array,
  bias: number,
  combiner: Combiner,
  threshold: number,
  meta: Record<string, unknown>,
  minAbs = 1e-3,
  scale = 1e4,
): WeightsFile {
  const { idx, w } = encodeSparse(weights, minAbs, scale);
  return { version: 1, dims: weights.length, bias, scale, idx, w, combiner, threshold, meta };
}

let loaded: InjectionModel | null = null;

/** The committed model, loaded once, its weights on shared memory (see adoptInjectionModel). */
export function loadInjectionModel(): InjectionModel {
  if (loaded !== null) return loaded;
  const url = [WEIGHTS_URL, SOURCE_WEIGHTS_URL].find((u) => existsSync(u));
  const model = url ? decodeWeights(JSON.parse(readFileSync(url, 'utf8')) as WeightsFile) : PATTERN_ONLY;
  loaded = { ...model, weights: sharedFloat32(model.weights) };
  return loaded;
}

/** In a worker thread: the model another thread loaded (its weights shared), instead of reading the file. */
export function adoptInjectionModel(model: InjectionModel): void {
  loaded = model;
}

/** A pattern score at least this high decides on its own (see riskOf). */
export const STRONG_PATTERN = 0.8;

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const logit = (p: number): number => Math.log(p / (1 - p));

/**
 * Pattern score clipped and put on the logit scale, the combiner's input. The floor is high (0.2) so a
 * single weak hint (a harmful topic word, "hypothetically") moves the score a little, not by several
 * logits as it would from a floor near 0.
 */
export const PATTERN_FLOOR = 0.2;
export const patternFeature = (patternScore: number): number =>
  logit(Math.min(0.98, Math.max(PATTERN_FLOOR, patternScore)));

/**
 * The pattern library enters the model as a fixed prior: PATTERN_PRIOR * (logit(score) - logit(floor)),
 * zero without evidence. The learned weights adjust around it, so a pattern family that no training
 * source shows (left out in evaluation, or new in the field) still counts. The combiner stores it as
 * a = PATTERN_PRIOR, c = -a * patternFeature(0). It is the only way pattern hits reach the model (no
 * learned weight per pattern id, see detector.ts evidence); 2 rather than 1 makes up for the per-id
 * weights it replaced (leave-one-source-out, 3 seeds: 1.5 lowered PAIR recall to 0.59, 2 kept it).
 * Higher priors trade benign flags for PAIR recall (2026-12-02, h-pair, with the hedge cues recorded
 * in cues.ts; `PRIOR=x npx tsx scripts/injection-variants.ts`, fold seeds 11,1011,2011, chosen on
 * PAIR's left-out fold): 3 gives PAIR 0.882 but HaluEval left out 1.05% (1.67% on one seed), own
 * benign imperatives 2.0%, Do-Not-Answer 1.53%; 2.5 gives PAIR 0.842 but HaluEval 1.22-1.27% on two
 * seeds, own benign imperatives 1.33% on two seeds, Do-Not-Answer 1.21%. Kept at 2.
 */
export const PATTERN_PRIOR = 2;
export const patternOffset = (prior: number, patternScore: number): number =>
  prior * (patternFeature(patternScore) - patternFeature(0));

export function modelLogit(model: InjectionModel, normalizedText: string): number {
  return dotLogit(normalizedText, model.weights, model.bias);
}

/** Calibrated probability of an attack. */
export function combine(model: InjectionModel, patternScore: number, logitValue: number): number {
  const { a, b, c } = model.combiner;
  return sigmoid(a * patternFeature(patternScore) + b * logitValue + c);
}

/**
 * Risk on the guard's common scale, where 0.5 is the decision boundary: the probability is mapped
 * piecewise-linearly so the trained threshold lands on 0.5. A very strong pattern match (score at
 * least STRONG_PATTERN) is enough on its own, whatever the model says, so generic attacks the model never saw
 * are still caught.
 */
export function riskOf(model: InjectionModel, probability: number, patternScore: number): number {
  const t = model.threshold;
  const fromProbability =
    probability < t ? (0.5 * probability) / t : 0.5 + (0.5 * (probability - t)) / (1 - t);
  const fromPatterns =
    patternScore >= STRONG_PATTERN
      ? Math.min(1, 0.5 + ((patternScore - STRONG_PATTERN) / (1 - STRONG_PATTERN)) * 0.45)
      : 0;
  return Math.max(fromProbability, fromPatterns);
}
