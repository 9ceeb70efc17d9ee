import {
  DIMS,
  type HashOptions,
  hashedDot,
  hashedIndices,
  namedFeature,
} from '../../../text/hashed-ngrams.js';

/**
 * Features of the injection model: the project's hashed word 1-2-grams and character 3-5-grams
 * (src/text/hashed-ngrams.ts) of the normalized text, without edge padding (how the model was
 * trained). Features are binary and scaled by 1/sqrt(count), so long and short prompts sit on one
 * scale. Training and inference both read through here.
 */

export { DIMS, namedFeature };

/** Long texts are read at the head and the tail only, which bounds the cost of a check. */
export const HEAD_CHARS = 3072;
export const TAIL_CHARS = 1024;

const UNPADDED: HashOptions = { pad: false };

/** Window of the text the model reads. */
export function modelWindow(text: string): string {
  if (text.length <= HEAD_CHARS + TAIL_CHARS) return text;
  return `${text.slice(0, HEAD_CHARS)} ${text.slice(text.length - TAIL_CHARS)}`;
}

/** The unique feature indices of `text` (for training and tests). */
export const featureIndices = (text: string): Int32Array => hashedIndices(modelWindow(text), UNPADDED);

/**
 * The model's raw logit: bias + sum of unique n-gram weights / sqrt(unique count). Pattern hits
 * reach the model through the fixed pattern prior only (model.ts).
 */
export function dotLogit(text: string, weights: Float32Array, bias: number): number {
  const { sum, count } = hashedDot(modelWindow(text), weights, UNPADDED);
  return count === 0 ? bias : bias + sum / Math.sqrt(count);
}
