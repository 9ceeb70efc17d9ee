/**
 * Leave-one-source-out evaluation of the injection model, shared by `npm run train:injection` (which
 * prints it) and `npm run eval -- securityguard` (the headline).
 *
 * - Each attack source in turn is left out of training; its recall is measured with a threshold
 *   picked on the `tune` negatives so that at most FPR_TARGET of each benign source's rows fire
 *   (and HARMFUL_FPR_TARGET of the harmful requests, pooled; see fitScorer). False
 *   positives of that fold are counted on the `test` negatives, which neither training nor the
 *   threshold saw.
 * - Each negative source in turn is left out of training and of threshold tuning (threshold from the
 *   other benign sources' `tune` rows); its false-positive rate is measured on all its rows.
 * - INJECTION_NESTED (nestedFolds) raises each fold's threshold by a margin from nested
 *   leave-one-negative-source-out inside the fold's training rows; the final model uses the same.
 * - A bag-of-words logistic regression (word unigrams, no patterns) runs through the same folds and
 *   thresholds as the baseline.
 */
import { evidence } from '../src/guards/securityguard/injection/detector.js';
import { featureIndices } from '../src/guards/securityguard/injection/features.js';
import { PATTERN_PRIOR, patternOffset, STRONG_PATTERN } from '../src/guards/securityguard/injection/model.js';
import type { LabelledRow } from './injection-data.js';
import { type LinearModel, logitOf, type Sample, thresholdForFpr, trainLr } from './injection-lr.js';

/** Most of the 1% false-positive budget, leaving a margin for benign text from elsewhere. */
export const FPR_TARGET = 0.008;
const OWN_BENIGN_WEIGHT = 2;
/** Our benign counterparts of attack shapes (own-benign-roleplay only with INJECTION_PERSUASION=1). */
const OWN_BENIGN_SOURCES = new Set([
  'own-benign-imperative',
  'own-benign-roleplay',
  'own-benign-pasted',
  'own-benign-secret',
  'own-benign-persona',
]);
const EPOCHS = 10;

export interface Featured extends Sample {
  row: LabelledRow;
  patternScore: number;
}

export interface Featurizer {
  name: string;
  /** Whether a strong pattern match fires on its own (the detector's override rule). */
  override: boolean;
  featurize(row: LabelledRow): Featured;
}

/**
 * Harmful requests count less: they teach that a topic alone is no attack, without pushing the topic
 * below zero. 0.35 (tried 2026-12-02, h-pair; scripts/injection-variants.ts, fold seeds
 * 11,1011,2011) gave PAIR 0.791 [0.817 0.769 0.787] against 0.779, within the seed spread, and
 * HaluEval left out 1.40% on one seed: kept at 0.7.
 */
const HARMFUL_WEIGHT = 0.7;
const weightOf = (row: LabelledRow): number =>
  OWN_BENIGN_SOURCES.has(row.source) ? OWN_BENIGN_WEIGHT : row.kind === 'harmful' ? HARMFUL_WEIGHT : 1;

export const detectorFeaturizer: Featurizer = {
  name: 'detector',
  override: true,
  featurize(row) {
    const ev = evidence(row.text);
    return {
      row,
      y: row.kind === 'attack' ? 1 : 0,
      weight: weightOf(row),
      grams: featureIndices(ev.normalized),
      named: [],
      offset: patternOffset(PATTERN_PRIOR, ev.patternScore),
      patternScore: ev.patternScore,
    };
  },
};

const WORD = /[\p{L}\p{N}']+/gu;

function wordIndices(text: string): Int32Array {
  const seen = new Set<number>();
  for (const m of text.toLowerCase().matchAll(WORD)) {
    let h = 0x811c9dc5;
    const w = m[0];
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
    seen.add((h >>> 0) & ((1 << 18) - 1));
  }
  return Int32Array.from(seen);
}

/** The baseline: bag of words, no character n-grams, no patterns, no normalization. */
export const bowFeaturizer: Featurizer = {
  name: 'bag-of-words LR',
  override: false,
  featurize(row) {
    return {
      row,
      y: row.kind === 'attack' ? 1 : 0,
      weight: weightOf(row),
      grams: wordIndices(row.text),
      named: [],
      offset: 0,
      patternScore: 0,
    };
  },
};

export interface Rate {
  hit: number;
  n: number;
}
const rate = (): Rate => ({ hit: 0, n: 0 });
export const ratio = (r: Rate): number => (r.n === 0 ? 0 : r.hit / r.n);

export interface LosoResult {
  /** Per attack source: recall when left out, and the fold's false positives on benign test rows. */
  attack: Map<string, { recall: Rate; benignFp: Rate; harmfulFlagged: Rate }>;
  /** Per negative source: rows flagged when the source was left out of training and tuning. */
  negative: Map<string, Rate>;
  /** One model on the train rows of every source (attack rows split by the same hash). */
  inDistribution: { recall: Rate; benignFp: Rate };
}

export interface Scorer {
  model: LinearModel;
  threshold: number;
  override: boolean;
}

export const fires = (s: Scorer, x: Featured): boolean =>
  logitOf(s.model, x) >= s.threshold || (s.override && x.patternScore >= STRONG_PATTERN);

/**
 * Harmful requests of the tune share, pooled into one group, may fire at most this often. Their
 * sources are small (HarmBench 42 tune rows, ours 7), so per source the rule would sit above each
 * one's top row; pooled, the group binds only when the large one (Do-Not-Answer) is left out, and
 * then keeps the others' top rows below the threshold (Do-Not-Answer left out: 1.07% -> 0.32%
 * flagged, 3 seeds, no attack source's recall changed).
 */
export const HARMFUL_FPR_TARGET = 0.015;

/**
 * Trains on `train` and picks the logit threshold on the negative rows of `tune`: for each benign
 * source, and for the harmful requests pooled, the lowest threshold at which at most FPR_TARGET
 * (HARMFUL_FPR_TARGET) of its rows fire (above its maximum when the group is small), and the
 * highest of these, so that no benign source seen in tuning goes over the budget (a pooled
 * threshold would be set by the largest, easiest source). A quantile estimate (quantileThreshold)
 * gave a little more recall but 1.6% false positives on a left-out benign source.
 *
 * The small benign sources (37-65 tune rows) thus set the threshold by their single top row, which
 * moves with the training data. Steadier rules for those sources were all looser and each put a
 * left-out benign source over 1% (3 seeds, without the persuasion family; judged on the left-out
 * folds): the small sources pooled (1.25% HaluEval), mean + 2.41 sd per source (7.6% own benign
 * imperatives, 2.3% self-instruct-user), mean of the top two rows (4.9%, 2.4%). The max is what
 * keeps an unseen benign source under budget.
 */
export const HARMFUL_GROUP = ' harmful requests';

/**
 * Each tuning group's own threshold (a benign source, or the harmful requests pooled): the lowest
 * logit at which at most FPR_TARGET (HARMFUL_FPR_TARGET) of its rows fire. The fold's threshold is
 * the highest of these; scripts/injection-flagged.ts prints them to show which group sets it.
 */
export function groupThresholds(
  model: LinearModel,
  tune: Featured[],
  override: boolean,
): Map<string, number> {
  const bySource = new Map<string, Featured[]>();
  for (const x of tune) {
    if (x.row.kind === 'attack') continue;
    const group = x.row.kind === 'harmful' ? HARMFUL_GROUP : x.row.source;
    const list = bySource.get(group) ?? [];
    list.push(x);
    bySource.set(group, list);
  }
  const out = new Map<string, number>();
  const strong = (x: Featured): boolean => override && x.patternScore >= STRONG_PATTERN;
  for (const [group, rows] of bySource) {
    out.set(
      group,
      thresholdForFpr(
        rows.filter((x) => !strong(x)).map((x) => logitOf(model, x)),
        group === HARMFUL_GROUP ? HARMFUL_FPR_TARGET : FPR_TARGET,
        rows.filter(strong).length,
      ),
    );
  }
  return out;
}

/**
 * INJECTION_NESTED=off|offset|absolute (off by default: the tune rule alone, the committed weights;
 * figures and why it is not the default yet in scripts/train-injection.ts): a
 * threshold margin from nested leave-one-negative-source-out. Each negative source b of the training
 * rows in turn is left out of training and tuning, the rule above picks the inner threshold, and the
 * threshold b needed to stay at NESTED_TARGET flagged (all its rows, unseen) is kept.
 * `offset` raises the threshold by the largest (needed - inner threshold), `absolute` to the largest
 * needed threshold itself. The attack folds of leaveOneSourceOut share the final model's nested run
 * (every attack source in training); a negative fold's nested run leaves its source out.
 */
export const NESTED_RULE = ((): '' | 'offset' | 'absolute' => {
  const v = process.env.INJECTION_NESTED ?? 'off';
  if (v === 'off') return '';
  if (v === 'offset' || v === 'absolute') return v;
  throw new Error(`INJECTION_NESTED=${v}: expected off, offset or absolute`);
})();
export const NESTED_TARGET = 0.01;

export interface NestedFold {
  source: string;
  /** The inner fold's threshold (the rule above, without b). */
  inner: number;
  /** The lowest threshold at which at most NESTED_TARGET of b's rows fire, b unseen. */
  needed: number;
}

const outOf = (x: Featured, source: string): boolean => x.row.source === source || x.row.origin === source;

/** The nested folds over the negative sources of `train`; b's rows are read from `data`. */
export function nestedFolds(
  data: Featured[],
  train: Featured[],
  tune: Featured[],
  override: boolean,
  seed: number,
): NestedFold[] {
  const sources = [...new Set(train.filter((x) => x.y === 0).map((x) => x.row.source))].sort();
  const strong = (x: Featured): boolean => override && x.patternScore >= STRONG_PATTERN;
  let s = seed;
  return sources.map((source) => {
    const scorer = fitScorer(
      train.filter((x) => !outOf(x, source)),
      tune.filter((x) => !outOf(x, source)),
      override,
      s++,
    );
    const rows = data.filter((x) => x.y === 0 && x.row.source === source);
    const needed = thresholdForFpr(
      rows.filter((x) => !strong(x)).map((x) => logitOf(scorer.model, x)),
      NESTED_TARGET,
      rows.filter(strong).length,
    );
    return { source, inner: scorer.threshold, needed };
  });
}

/** The scorer's threshold raised by the nested folds (NESTED_RULE); never lowered. */
export function withNested(scorer: Scorer, folds: readonly NestedFold[]): Scorer {
  const finite = folds.filter((f) => Number.isFinite(f.needed) && Number.isFinite(f.inner));
  if (NESTED_RULE === '' || finite.length === 0) return scorer;
  const raise =
    NESTED_RULE === 'offset'
      ? scorer.threshold + Math.max(0, ...finite.map((f) => f.needed - f.inner))
      : Math.max(scorer.threshold, ...finite.map((f) => f.needed));
  return { ...scorer, threshold: raise };
}

/** The nested run's first seed for a fold seed (scripts/injection-threshold.ts uses the same). */
export const nestedSeed = (seed: number): number => seed * 31 + 7;

export function fitScorer(train: Featured[], tune: Featured[], override: boolean, seed: number): Scorer {
  const model = trainLr(train, { seed, epochs: EPOCHS });
  let threshold = Number.NEGATIVE_INFINITY;
  for (const t of groupThresholds(model, tune, override).values()) {
    if (Number.isFinite(t)) threshold = Math.max(threshold, t);
  }
  return { model, threshold, override };
}

/**
 * `firstSeed` sets the shuffling seed of the first fold (each next fold takes the next seed); the
 * default is the headline's. Other values measure how much the figures move with the seed alone.
 */
export function leaveOneSourceOut(
  data: Featured[],
  override: boolean,
  log: (line: string) => void = () => {},
  firstSeed = 11,
): LosoResult {
  const attackSources = [...new Set(data.filter((x) => x.y === 1).map((x) => x.row.source))].sort();
  const negativeSources = [...new Set(data.filter((x) => x.y === 0).map((x) => x.row.source))].sort();
  const result: LosoResult = {
    attack: new Map(),
    negative: new Map(),
    inDistribution: { recall: rate(), benignFp: rate() },
  };
  let seed = firstSeed;
  const tuneAll = data.filter((x) => x.y === 0 && x.row.role === 'tune');
  // One nested run for every attack fold: with all attack sources, as the final model's.
  const shared =
    NESTED_RULE === ''
      ? []
      : nestedFolds(
          data,
          data.filter((x) => x.y === 1 || x.row.role === 'train'),
          tuneAll,
          override,
          nestedSeed(firstSeed),
        );
  for (const source of attackSources) {
    const train = data.filter((x) => (x.y === 1 ? x.row.source !== source : x.row.role === 'train'));
    const scorer = withNested(fitScorer(train, tuneAll, override, seed++), shared);
    const out = { recall: rate(), benignFp: rate(), harmfulFlagged: rate() };
    for (const x of data) {
      const target =
        x.y === 1
          ? x.row.source === source
            ? out.recall
            : null
          : x.row.role === 'test'
            ? x.row.kind === 'benign'
              ? out.benignFp
              : out.harmfulFlagged
            : null;
      if (target === null) continue;
      target.n++;
      if (fires(scorer, x)) target.hit++;
    }
    result.attack.set(source, out);
    log(`  left out ${source}: recall ${ratio(out.recall).toFixed(3)}`);
  }
  for (const source of negativeSources) {
    const train = data.filter((x) => !outOf(x, source) && (x.y === 1 || x.row.role === 'train'));
    const tune = data.filter((x) => x.y === 0 && x.row.source !== source && x.row.role === 'tune');
    const nested = NESTED_RULE === '' ? [] : nestedFolds(data, train, tune, override, nestedSeed(firstSeed));
    const scorer = withNested(fitScorer(train, tune, override, seed++), nested);
    const out = rate();
    for (const x of data) {
      if (x.row.source !== source) continue;
      out.n++;
      if (fires(scorer, x)) out.hit++;
    }
    result.negative.set(source, out);
    log(`  left out ${source}: flagged ${ratio(out).toFixed(4)}`);
  }
  // In distribution: attack rows take the same hash roles as the negatives.
  const train = data.filter((x) => x.row.role === 'train');
  const tune = data.filter((x) => x.row.role === 'tune');
  const scorer = withNested(fitScorer(train, tune, override, seed++), shared);
  for (const x of data) {
    if (x.row.role !== 'test') continue;
    const target =
      x.y === 1
        ? result.inDistribution.recall
        : x.row.kind === 'benign'
          ? result.inDistribution.benignFp
          : null;
    if (target === null) continue;
    target.n++;
    if (fires(scorer, x)) target.hit++;
  }
  return result;
}
