import { logit, sigmoid } from './hashed.js';
import type { CombinerWeights } from './model.js';

/**
 * The signals of one row, and the learned combiner that weighs them into one probability that the
 * row is poisoned. A weak signal alone (a mildly surprising label, a loose injection-like phrase)
 * does not reach the threshold; two together, or one strong one, do.
 */
export interface RowSignals {
  /** Score of the found backdoor trigger the row carries with the trigger's label, else 0. */
  trigger: number;
  /** Instruction-cue model, max over the row's pieces (0..1). */
  cue: number;
  /** Injection score of the threat scanner, max over the row's sentences (0..1). */
  scanner: number;
  /** Out-of-fold probability of the row's own label, and the best other label's. NaN when unlabelled. */
  pOwn: number;
  pOther: number;
  duplicateConflict: number;
  outlier: number;
}

export const FEATURES = [
  'trigger',
  'cue_logit',
  'scanner_logit',
  'cue_x_scanner',
  'neg_log_p_own',
  'log_other_over_own',
  'duplicate_conflict',
  'outlier',
] as const;

const clip = (x: number, lim = 8): number => Math.max(-lim, Math.min(lim, x));

export function featureVector(s: RowSignals): number[] {
  const cue = clip(logit(s.cue));
  const scan = clip(logit(s.scanner));
  const labelled = !Number.isNaN(s.pOwn);
  return [
    s.trigger,
    cue,
    scan,
    (sigmoid(cue) * sigmoid(scan)) ** 0.5,
    labelled ? clip(-Math.log(Math.max(1e-6, s.pOwn)), 12) : 0,
    labelled ? clip(Math.log(Math.max(1e-6, s.pOther) / Math.max(1e-6, s.pOwn)), 12) : 0,
    s.duplicateConflict,
    s.outlier,
  ];
}

export function combine(c: CombinerWeights, s: RowSignals): number {
  const x = featureVector(s);
  let z = c.bias;
  for (let i = 0; i < x.length; i++) z += (c.weights[i] ?? 0) * (x[i] ?? 0);
  return sigmoid(z);
}
