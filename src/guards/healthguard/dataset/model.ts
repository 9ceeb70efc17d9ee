import { existsSync, readFileSync } from 'node:fs';
import { decodeSparse, encodeSparse } from '../../../text/sparse-weights.js';

/**
 * HealthGuard's learned weights, trained by `npm run train:healthguard`
 * (scripts/train-healthguard.ts) and committed as model.weights.json: the instruction-cue model
 * (logistic regression over hashed n-grams: "this span is an instruction addressed to an AI") and
 * the combiner that turns a row's signals into one probability that the row is poisoned, with the
 * reporting threshold picked on tuning data.
 */

export interface CombinerWeights {
  features: string[];
  weights: number[];
  bias: number;
  threshold: number;
  /**
   * Per-signal levels from which one signal alone reports a row (precision >= 0.9 alone on the
   * tuning data); below them a signal only counts through the combiner.
   */
  strong: { trigger: number; cue: number; scanner: number };
}

export interface HealthWeightsFile {
  version: 1;
  bits: number;
  bias: number;
  scale: number;
  /** Delta-coded indices of the non-zero weights; values are integers q with w = q / scale. */
  idx: number[];
  w: number[];
  combiner: CombinerWeights;
  meta: Record<string, unknown>;
}

export interface HealthModel {
  bits: number;
  weights: Float32Array;
  bias: number;
  combiner: CombinerWeights;
  meta: Record<string, unknown>;
}

export const WEIGHTS_URL = new URL('./model.weights.json', import.meta.url);
/** `tsc` does not copy the weights into dist/, so a build also looks in the sources. */
const SOURCE_WEIGHTS_URL = new URL(
  '../../../../src/guards/healthguard/dataset/model.weights.json',
  import.meta.url,
);

export function encodeWeights(
  weights: ArrayLike<number>,
  bits: number,
  bias: number,
  combiner: CombinerWeights,
  meta: Record<string, unknown>,
  minAbs = 2e-3,
  scale = 1e4,
): HealthWeightsFile {
  const { idx, w } = encodeSparse(weights, minAbs, scale);
  return { version: 1, bits, bias, scale, idx, w, combiner, meta };
}

export function decodeWeights(file: HealthWeightsFile): HealthModel {
  const weights = decodeSparse(1 << file.bits, file);
  return { bits: file.bits, weights, bias: file.bias, combiner: file.combiner, meta: file.meta };
}

let loaded: HealthModel | null | undefined;

/** The committed model, or null when no weights file exists (the analysis then uses fixed rules). */
export function loadHealthModel(): HealthModel | null {
  if (loaded !== undefined) return loaded;
  const url = [WEIGHTS_URL, SOURCE_WEIGHTS_URL].find((u) => existsSync(u));
  loaded = url ? decodeWeights(JSON.parse(readFileSync(url, 'utf8')) as HealthWeightsFile) : null;
  return loaded;
}
