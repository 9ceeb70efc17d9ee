/** The TrustGuard training procedures, shared by `npm run train:trustguard` and the evaluation. */
import {
  GROUNDED_DIMS,
  GROUNDED_FEATURES,
  GROUNDED_FREE_SIGN,
  GROUNDED_LONG,
  GROUNDED_SHORT,
  LONG_OF,
  UNGROUNDED_DENSE,
} from '../../src/guards/trustguard/model.js';
import { DIMS } from '../../src/text/hashed-ngrams.js';
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
  /** The long answers' own calibration, when they are calibrated apart. */
  long?: { a: number; c: number };
  /** The short answers' own calibration (answers judged with their question), when calibrated apart. */
  short?: { a: number; c: number };
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export const GROUNDED_TRAIN = {
  dims: 0,
  denseDims: GROUNDED_DIMS,
  iterations: 5000,
  learningRate: 0.5,
  l2: 1e-3,
  nonNegative: 'all but short_answer and long_answer',
};
/** The long answers' residue lexicon: hashed residue words on top of the dense logit. */
export const RESIDUE_TRAIN = {
  dims: DIMS,
  denseDims: 0,
  epochs: 5,
  learningRate: 0.03,
  l2: 1e-4,
  seed: 31,
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

/** The synthetic question-answer rows' total weight, as a share of one data set's (TRUSTGUARD_SYNTH). */
export const SYNTH_WEIGHT = Number(process.env.SYNTH_WEIGHT ?? 1);
/**
 * The synthetic question-answer rows (trust-synth.ts) teach only the short-answer block and the
 * short answers' own calibration: they stay out of the shared fit and of the others' calibration,
 * which reads short answers through the block as the real rows alone teach it, so no other
 * answer's decision point moves. TRUSTGUARD_SYNTH_SHARED=1 lets them fit the shared weights and
 * the others' calibration too; TRUSTGUARD_SHORT_CAL=0 calibrates short answers with the others
 * (=2: apart, and the others' fit no longer reads them); TRUSTGUARD_SHORT_MAIN=block lets the
 * others' calibration read the block fit with the synthetic rows. Figures in train-trustguard.ts.
 */
/**
 * The synthetic edited summaries (trust-synth-summary.ts, TRUSTGUARD_SUMSYNTH=1): their total
 * weight as a share of one data set's (SUMSYNTH_WEIGHT); TRUSTGUARD_SUMSYNTH_USE=block (default)
 * keeps them out of the shared fit (they teach the long-answer block and residue lexicon), =all
 * lets them fit the shared weights too; TRUSTGUARD_SUMSYNTH_CAL=1 lets them into the long answers'
 * calibration.
 */
export const SUMSYNTH_WEIGHT = Number(process.env.SUMSYNTH_WEIGHT ?? 0.35);
const SUMSYNTH_USE = process.env.TRUSTGUARD_SUMSYNTH_USE ?? 'block';
const SUMSYNTH_CAL = process.env.TRUSTGUARD_SUMSYNTH_CAL === '1';
export const SYNTH_SHARED = process.env.TRUSTGUARD_SYNTH_SHARED === '1';
export const SHORT_CAL = process.env.TRUSTGUARD_SHORT_CAL !== '0';
const SHORT_OUT_OF_MAIN = process.env.TRUSTGUARD_SHORT_CAL === '2';
const SHORT_MAIN_REAL = process.env.TRUSTGUARD_SHORT_MAIN !== 'block';

export function fitGrounded(train: GroundedExample[]): FittedLinear {
  const perSet = new Map<string, number>();
  for (const e of train) perSet.set(e.row.set, (perSet.get(e.row.set) ?? 0) + 1);
  // SummEdits' one-word edits are mostly beyond lexical features: it counts a third as much.
  const weights = train.map(
    (e) =>
      ((e.row.set === 'summedits'
        ? SUMMEDITS_WEIGHT
        : e.row.set === 'synthqa'
          ? SYNTH_WEIGHT
          : e.row.set === 'synthsum'
            ? SUMSYNTH_WEIGHT
            : 1) *
        1000) /
      (perSet.get(e.row.set) ?? 1),
  );
  // Stages, one linear model: the shared weights on every row (the blocks held at zero), then
  // the short-answer block on the short answers only and the long-answer block on the long ones,
  // each on top of the shared logit. Every row, short answers and summaries included, fits the
  // shared weights; each block then corrects the shared logit for its own kind of answer only.
  const X = train.map((e) => e.dense);
  const Y = train.map((e) => e.y);
  const isSynth = train.map(
    (e) => e.row.set === 'synthqa' || (e.row.set === 'synthsum' && SUMSYNTH_USE !== 'all'),
  );
  const isSumSynth = train.map((e) => e.row.set === 'synthsum');
  // Without them, the synthetic rows are left out of the shared fit (its standardization too).
  const sharedIds = train.map((_, i) => i).filter((i) => SYNTH_SHARED || !isSynth[i]);
  const shared = fitNonNegative(
    sharedIds.map((i) => X[i] ?? new Float64Array(0)),
    sharedIds.map((i) => Y[i] ?? 0),
    sharedIds.map((i) => weights[i] ?? 0),
    SHARED_FEATURES,
  );
  const dense = Float64Array.from(shared.dense);
  // The short block as the real rows alone teach it: what the others' calibration reads, so the
  // synthetic rows move no other answer's decision point.
  const realShort = SHORT_MAIN_REAL ? Float64Array.from(shared.dense) : undefined;
  // A long answer's novelty weight may fall below the shared one, never below zero in total.
  const floors = new Map([...LONG_OF].map(([j, base]) => [j, -(shared.dense[base] ?? 0)]));
  for (const [flag, features, lower, target, withSynth] of [
    [GROUNDED_SHORT, SHORT_FEATURES, undefined, dense, true],
    [GROUNDED_LONG, LONG_FEATURES, floors, dense, true],
    ...(realShort ? ([[GROUNDED_SHORT, SHORT_FEATURES, undefined, realShort, false]] as const) : []),
  ] as const) {
    const rows = train.map((_, i) => i).filter((i) => (X[i]?.[flag] ?? 0) > 0 && (withSynth || !isSynth[i]));
    // Too few long answers (SummEdits left out) teach no summary block: they keep the shared weights.
    if (rows.length === 0 || (flag === GROUNDED_LONG && rows.length < LONG_CALIBRATION_ROWS)) continue;
    const block = fitNonNegative(
      rows.map((i) => X[i] ?? new Float64Array(0)),
      rows.map((i) => Y[i] ?? 0),
      rows.map((i) => weights[i] ?? 0),
      features,
      rows.map((i) => logitOf(shared, { idx: new Int32Array(0), dense: X[i] ?? new Float64Array(0) })),
      lower,
    );
    for (const j of features) target[j] = block.dense[j] ?? 0;
    // The block's intercept rides on its flag (1 on exactly these rows).
    target[flag] = (target[flag] ?? 0) + block.bias;
  }
  const denseOnly: LinearModel = { w: new Float64Array(0), dense, bias: shared.bias };
  const lexicon = fitResidue(train, weights, denseOnly);
  dense[GROUNDED_LONG] = (dense[GROUNDED_LONG] ?? 0) + lexicon.all.bias;
  const model: LinearModel = { w: lexicon.all.w, dense, bias: shared.bias };
  // Calibrated on out-of-fold lexicon logits, so its in-sample fit does not inflate the slope;
  // long answers (summaries) apart when there are enough of them, so their part (mostly
  // SummEdits) does not move the decision point of the others.
  const logits = train.map((e, i) => lexicon.outOfFold[i] ?? logitOf(model, e));
  const mainLogits = realShort
    ? train.map((e, i) =>
        (e.dense[GROUNDED_SHORT] ?? 0) > 0
          ? logitOf(
              { w: new Float64Array(0), dense: realShort, bias: shared.bias },
              { idx: new Int32Array(0), dense: e.dense },
            )
          : (logits[i] ?? 0),
      )
    : logits;
  const isLong = train.map((e) => (e.dense[GROUNDED_LONG] ?? 0) > 0);
  // The synthetic edited summaries stay out of the long answers' calibration unless SUMSYNTH_CAL.
  const longIds = train.map((_, i) => i).filter((i) => isLong[i] && (SUMSYNTH_CAL || !isSumSynth[i]));
  const apart = longIds.length >= LONG_CALIBRATION_ROWS && new Set(longIds.map((i) => Y[i])).size === 2;
  const platt = (ids: number[], from: (number | undefined)[] = logits) =>
    fitPlatt(
      ids.map((i) => from[i] ?? 0),
      ids.map((i) => Y[i] ?? 0),
    );
  const isShort = train.map((e) => (e.dense[GROUNDED_SHORT] ?? 0) > 0);
  const shortIds = train.map((_, i) => i).filter((i) => isShort[i] && !isLong[i]);
  const shortApart =
    SHORT_CAL && shortIds.length >= LONG_CALIBRATION_ROWS && new Set(shortIds.map((i) => Y[i])).size === 2;
  // Without the shared fit, the synthetic rows stay out of the others' calibration too.
  const { a, c } = platt(
    train
      .map((_, i) => i)
      .filter(
        (i) =>
          (!apart || !isLong[i]) &&
          (SYNTH_SHARED || !isSynth[i]) &&
          !(shortApart && SHORT_OUT_OF_MAIN && isShort[i]),
      ),
    mainLogits,
  );
  const long = apart ? platt(longIds) : undefined;
  const short = shortApart ? platt(shortIds) : undefined;
  const median = medianOf(
    train
      .map((_, i) => i)
      .filter(
        (i) =>
          Y[i] === 0 &&
          !(apart && isLong[i]) &&
          (SYNTH_SHARED || !isSynth[i]) &&
          !(shortApart && SHORT_OUT_OF_MAIN && isShort[i]),
      )
      .map((i) => {
        const e = train[i] as GroundedExample;
        return sigmoid(a * (realShort && isShort[i] ? (mainLogits[i] ?? 0) : logitOf(model, e)) + c);
      }),
  );
  return { model, a, c, threshold: 0.5, median, ...(long ? { long } : {}), ...(short ? { short } : {}) };
}

/**
 * The residue lexicon on the long answers (a summary's words that its sources never write), fit
 * on top of the dense logit, and the out-of-fold logits of those rows (3 folds by source
 * document) for calibration. Its intercept rides on the long-answer flag.
 */
function fitResidue(
  train: GroundedExample[],
  weights: number[],
  base: LinearModel,
): { all: LinearModel; outOfFold: (number | undefined)[] } {
  const rows = train.map((_, i) => i).filter((i) => (train[i]?.dense[GROUNDED_LONG] ?? 0) > 0);
  if (rows.length < LONG_CALIBRATION_ROWS)
    return {
      all: { w: new Float64Array(0), dense: new Float64Array(0), bias: 0 },
      outOfFold: new Array(train.length).fill(undefined),
    };
  const examples = (ids: number[]): SparseExample[] =>
    ids.map((i) => {
      const e = train[i] as GroundedExample;
      return {
        idx: e.idx,
        dense: [],
        offset: logitOf(base, { idx: new Int32Array(0), dense: e.dense }),
        y: e.y,
        weight: weights[i] ?? 0,
      };
    });
  const outOfFold: (number | undefined)[] = new Array(train.length).fill(undefined);
  if (rows.length === 0)
    return { all: { w: new Float64Array(0), dense: new Float64Array(0), bias: 0 }, outOfFold };
  const all = trainLogReg(examples(rows), RESIDUE_TRAIN);
  const rand = mulberry32(RESIDUE_TRAIN.seed);
  const foldOf = new Map<string, number>();
  const fold = rows.map((i) => {
    const key = `${train[i]?.row.origin ?? train[i]?.row.set}:${train[i]?.row.group}`;
    const f = foldOf.get(key) ?? Math.floor(rand() * 3);
    foldOf.set(key, f);
    return f;
  });
  for (let f = 0; f < 3; f++) {
    const m = trainLogReg(examples(rows.filter((_, k) => fold[k] !== f)), {
      ...RESIDUE_TRAIN,
      seed: RESIDUE_TRAIN.seed + f + 1,
    });
    const held = rows.filter((_, k) => fold[k] === f);
    examples(held).forEach((ex, k) => {
      outOfFold[held[k] ?? 0] = logitOf(m, ex);
    });
  }
  return { all, outOfFold };
}

/**
 * Full-batch logistic regression on standardized dense features, class-balanced and weighted, by
 * projected gradient descent: every weight except GROUNDED_FREE_SIGN's (the intercepts of short
 * and of long answers) is kept at or above zero, since each feature points towards "not
 * supported". Deterministic (no sampling).
 */
/** The short- and long-answer blocks (intercept and own measures) and the shared features. */
const blockOf = (prefix: string): Set<number> =>
  new Set(GROUNDED_FEATURES.map((f, j) => (f.startsWith(prefix) ? j : -1)).filter((j) => j >= 0));
const SHORT_FEATURES = blockOf('short_');
const LONG_FEATURES = blockOf('long_');
const SHARED_FEATURES = new Set(
  GROUNDED_FEATURES.map((_, j) => j).filter((j) => !SHORT_FEATURES.has(j) && !LONG_FEATURES.has(j)),
);

export function fitNonNegative(
  X: ArrayLike<number>[],
  Y: number[],
  W: number[],
  active: ReadonlySet<number>,
  offsets?: number[],
  /** Lower bounds on some weights (unscaled), in place of zero. */
  floors?: ReadonlyMap<number, number>,
): LinearModel {
  const F = GROUNDED_DIMS;
  const N = X.length;
  const mu = new Float64Array(F);
  const sd = new Float64Array(F);
  for (const x of X) for (let j = 0; j < F; j++) mu[j] = (mu[j] ?? 0) + (x[j] ?? 0) / N;
  for (const x of X) for (let j = 0; j < F; j++) sd[j] = (sd[j] ?? 0) + ((x[j] ?? 0) - (mu[j] ?? 0)) ** 2 / N;
  for (let j = 0; j < F; j++) sd[j] = Math.sqrt(sd[j] ?? 0) || 1;
  // Standardized rows in one flat array (row-major) for a tight inner loop.
  const Z = new Float64Array(N * F);
  X.forEach((x, i) => {
    for (let j = 0; j < F; j++) Z[i * F + j] = ((x[j] ?? 0) - (mu[j] ?? 0)) / (sd[j] ?? 1);
  });
  let pos = 0;
  let neg = 0;
  Y.forEach((y, i) => {
    if (y === 1) pos += W[i] ?? 0;
    else neg += W[i] ?? 0;
  });
  const cw = Float64Array.from(Y, (y, i) => (W[i] ?? 0) * (y === 1 ? 0.5 / pos : 0.5 / neg));
  const ys = Float64Array.from(Y);
  const off = Float64Array.from({ length: N }, (_, i) => offsets?.[i] ?? 0);
  const w = new Float64Array(F);
  let b = 0;
  const g = new Float64Array(F);
  const lr = GROUNDED_TRAIN.learningRate;
  const l2 = GROUNDED_TRAIN.l2;
  for (let it = 0; it < GROUNDED_TRAIN.iterations; it++) {
    g.fill(0);
    let gb = 0;
    for (let i = 0; i < N; i++) {
      const o = i * F;
      let s = b + (off[i] as number);
      for (let j = 0; j < F; j++) s += (w[j] as number) * (Z[o + j] as number);
      const d = (sigmoid(s) - (ys[i] as number)) * (cw[i] as number);
      for (let j = 0; j < F; j++) g[j] = (g[j] as number) + d * (Z[o + j] as number);
      gb += d;
    }
    for (let j = 0; j < F; j++) {
      if (!active.has(j)) continue;
      let v = (w[j] as number) - lr * ((g[j] as number) + l2 * (w[j] as number));
      const floor = floors?.get(j);
      if (floor !== undefined) v = Math.max(v, floor * (sd[j] ?? 1));
      else if (v < 0 && !GROUNDED_FREE_SIGN.has(j)) v = 0;
      w[j] = v;
    }
    b -= lr * gb;
  }
  const dense = Float64Array.from(w, (v, j) => v / (sd[j] ?? 1));
  let bias = b;
  for (let j = 0; j < F; j++) bias -= (dense[j] ?? 0) * (mu[j] ?? 0);
  return { w: new Float64Array(0), dense, bias };
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

/** Long answers are calibrated apart when there are at least this many in training. */
export const LONG_CALIBRATION_ROWS = 200;

export const probability = (fit: FittedLinear, e: SparseExample): number => {
  const cal =
    fit.long && (e.dense[GROUNDED_LONG] ?? 0) > 0
      ? fit.long
      : fit.short && (e.dense[GROUNDED_SHORT] ?? 0) > 0
        ? fit.short
        : fit;
  return sigmoid(cal.a * logitOf(fit.model, e) + cal.c);
};
