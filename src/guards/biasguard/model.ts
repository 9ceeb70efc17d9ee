import { existsSync, readFileSync } from 'node:fs';
import { decodeSparse, encodeSparse } from '../../text/sparse-weights.js';
import { DENSE, DIMS, denseFeatures, hashedDot, type LexiconSignals } from './features.js';

/**
 * The BiasGuard classifier: logistic regression over hashed n-grams and lexicon signals, trained
 * by `npm run train:biasguard` (scripts/train-biasguard.ts), with Platt calibration fit on
 * out-of-fold logits and the decision threshold chosen on the training data.
 */

export interface BiasWeightsFile {
  version: 1;
  dims: number;
  bias: number;
  dense: number[];
  /** Hashed weights are stored as integers q with w = q / scale, at delta-coded indices. */
  scale: number;
  idx: number[];
  w: number[];
  /** Platt calibration: p = sigmoid(a * logit + c). */
  calibration: { a: number; c: number };
  /** Calibrated probability at which a text is flagged. */
  threshold: number;
  meta: Record<string, unknown>;
}

export interface BiasModel {
  weights: Float32Array;
  dense: Float64Array;
  bias: number;
  calibration: { a: number; c: number };
  threshold: number;
  meta: Record<string, unknown>;
}

/**
 * The guard's default flag threshold (BIASGUARD_FLAG_THRESHOLD, 0.4): the model's calibrated
 * probability is mapped piecewise-linearly so that its trained threshold lands here.
 */
export const FLAG_POINT = 0.4;

export const BIAS_WEIGHTS_URL = new URL('./model.weights.json', import.meta.url);
/** `tsc` does not copy the weights into dist/, so a build also looks for them in the sources. */
const SOURCE_WEIGHTS_URL = new URL('../../../../src/guards/biasguard/model.weights.json', import.meta.url);

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function decodeBiasWeights(file: BiasWeightsFile): BiasModel {
  if (file.dims !== DIMS) throw new Error(`biasguard weights have ${file.dims} dims, expected ${DIMS}`);
  if (file.dense.length !== DENSE)
    throw new Error(`biasguard weights have ${file.dense.length} dense features`);
  const weights = decodeSparse(DIMS, file);
  return {
    weights,
    dense: Float64Array.from(file.dense),
    bias: file.bias,
    calibration: file.calibration,
    threshold: file.threshold,
    meta: file.meta,
  };
}

export function encodeBiasWeights(
  weights: ArrayLike<number>,
  dense: Float64Array,
  bias: number,
  calibration: { a: number; c: number },
  threshold: number,
  meta: Record<string, unknown>,
  minAbs = 2e-3,
  scale = 1e4,
): BiasWeightsFile {
  const { idx, w } = encodeSparse(weights, minAbs, scale);
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  return {
    version: 1,
    dims: weights.length,
    bias: round(bias),
    dense: [...dense].map(round),
    scale,
    idx,
    w,
    calibration,
    threshold,
    meta,
  };
}

/** Raw logit of one normalized chunk with its lexicon signals. */
export function biasLogit(model: BiasModel, normalized: string, signals: LexiconSignals): number {
  const { sum, count } = hashedDot(normalized, model.weights);
  const d = denseFeatures(signals, count, normalized);
  let z = model.bias + (count === 0 ? 0 : sum / Math.sqrt(count));
  for (let i = 0; i < DENSE; i++) z += (model.dense[i] ?? 0) * (d[i] ?? 0);
  return z;
}

export const calibrated = (model: BiasModel, logit: number): number =>
  sigmoid(model.calibration.a * logit + model.calibration.c);

/** The calibrated probability on the guard's scale, where FLAG_POINT is the trained threshold. */
export function scaleOf(model: BiasModel, probability: number): number {
  const t = model.threshold;
  return probability < t
    ? (FLAG_POINT * probability) / t
    : FLAG_POINT + ((1 - FLAG_POINT) * (probability - t)) / (1 - t);
}

let loaded: BiasModel | null | undefined;

/** The committed model, loaded once; null when no weights file exists (lexicon scores only). */
export function loadBiasModel(): BiasModel | null {
  if (loaded !== undefined) return loaded;
  const url = [BIAS_WEIGHTS_URL, SOURCE_WEIGHTS_URL].find((u) => existsSync(u));
  loaded = url ? decodeBiasWeights(JSON.parse(readFileSync(url, 'utf8')) as BiasWeightsFile) : null;
  return loaded;
}
