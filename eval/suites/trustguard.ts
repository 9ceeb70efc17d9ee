/**
 * TrustGuard evaluation.
 * Headline, grounded: HaluEval QA, BEGIN (attributable vs not, Generic left out) and SummEdits,
 * each measured with the model trained on the other two (leave-one-data-set-out; the decision
 * point is the calibrated 0.5, fixed before seeing the held-out set). Beside it, on the same
 * rows, the baseline: share of the answer's content words found in the sources, with its
 * threshold tuned on those very rows (its best case, an oracle) and tuned on the training sets
 * (the model's own protocol); AUC for both, which needs no threshold.
 * Second line: SummEdits by document split (5 folds over doc_id; training also sees HaluEval
 * and BEGIN), so no model sees a test document.
 * Without sources: HaluEval general by 5-fold cross-validation, AUC, beside the rule-based risk
 * signals (noisy-OR) the guard used before.
 */

import {
  type GeneralRow,
  type GroundedExample,
  groundedExamples,
  groundedRows,
  ungroundedExamples,
} from '../../scripts/lib/trust-data.js';
import { type FittedLinear, fitGrounded, fitUngrounded, probability } from '../../scripts/lib/trust-train.js';
import { testConfig } from '../../src/config.js';
import { evaluateTrust } from '../../src/guards/trustguard/index.js';
import { groundedRisk, riskScale } from '../../src/guards/trustguard/model.js';
import { detectPatterns } from '../../src/guards/trustguard/patterns.js';
import { combineRisk } from '../../src/guards/trustguard/scoring.js';
import { riskSignals } from '../../src/guards/trustguard/signals.js';
import { mulberry32 } from '../../src/util/prng.js';
import { readJsonl } from '../lib/datasets.js';
import { auc, fmt, percentile } from '../lib/metrics.js';

export const name = 'trustguard';

/** The guard's default flag threshold (TRUSTGUARD_FLAG_THRESHOLD): the calibrated decision point maps here. */
const FLAG_AT = 0.5;

interface Scored {
  y: number;
  s: number;
}

function accuracies(xs: Scored[], t: number): { acc: number; bal: number } {
  let tp = 0;
  let tn = 0;
  let p = 0;
  let n = 0;
  for (const x of xs) {
    if (x.y === 1) {
      p++;
      if (x.s >= t) tp++;
    } else {
      n++;
      if (x.s < t) tn++;
    }
  }
  return { acc: (tp + tn) / Math.max(1, p + n), bal: (tp / Math.max(1, p) + tn / Math.max(1, n)) / 2 };
}

const aucOf = (xs: Scored[]) =>
  auc(
    xs.filter((x) => x.y === 1).map((x) => x.s),
    xs.filter((x) => x.y === 0).map((x) => x.s),
  );

/** The baseline's best threshold on some rows (balanced accuracy), and its figures there. */
function bestBaseline(xs: Scored[]): { acc: number; bal: number; t: number } {
  let best = { acc: 0, bal: 0, t: 1 };
  for (const t of [...new Set(xs.map((x) => x.s))]) {
    const r = accuracies(xs, t);
    if (r.bal > best.bal) best = { ...r, t };
  }
  return best;
}

const baselineScores = (xs: GroundedExample[]): Scored[] => xs.map((e) => ({ y: e.y, s: 1 - e.overlap }));

/**
 * The model at its fixed decision point beside the word-overlap baseline on the same rows, twice:
 * with the threshold tuned on these very rows (the baseline's best case, an oracle) and, when
 * `train` is given, with the threshold tuned on the training rows (the same protocol as the model).
 */
function report(
  label: string,
  test: GroundedExample[],
  s: (e: GroundedExample) => number,
  train?: GroundedExample[],
): void {
  const m: Scored[] = test.map((e) => ({ y: e.y, s: s(e) }));
  const b = baselineScores(test);
  const r = accuracies(m, FLAG_AT);
  const br = bestBaseline(b);
  const fair = train ? accuracies(b, bestBaseline(baselineScores(train)).t) : null;
  console.log(
    `${label.padEnd(26)} balanced ${fmt(r.bal)} (accuracy ${fmt(r.acc)}) AUC ${fmt(aucOf(m))}` +
      ` | word overlap: threshold tuned on these rows balanced ${fmt(br.bal)} (accuracy ${fmt(br.acc)})` +
      (fair ? `, threshold tuned on the training sets balanced ${fmt(fair.bal)}` : '') +
      `, AUC ${fmt(aucOf(b))}`,
  );
}

/** The guard's grounded risk for an example under a fitted model (override included). */
const riskOf = (fit: FittedLinear, e: GroundedExample): number =>
  groundedRisk(probability(fit, e), fit.threshold, FLAG_AT, e.contradicted, fit.median, e.extractive);

/** Folds that keep a source document (or a HaluEval row's two answers) on one side. */
function groupFolds(examples: GroundedExample[], k: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const fold = new Map<string, number>();
  return examples.map((e) => {
    // A synthetic row falls in the fold of the document it was made from.
    const key = `${e.row.origin ?? e.row.set}:${e.row.group}`;
    let f = fold.get(key);
    if (f === undefined) {
      f = Math.floor(rand() * k);
      fold.set(key, f);
    }
    return f;
  });
}

/**
 * TRUSTGUARD_EVAL picks the parts to run while iterating (comma-separated: lodo, folds, general,
 * latency; all when unset), e.g. `TRUSTGUARD_EVAL=folds npm run eval -- trustguard`.
 */
const PARTS = new Set(
  (process.env.TRUSTGUARD_EVAL ?? 'lodo,folds,general,latency').split(',').map((p) => p.trim()),
);

export async function run(): Promise<void> {
  const examples = groundedExamples(groundedRows());
  if (PARTS.has('lodo')) lodo(examples);
  if (PARTS.has('folds')) folds(examples);
  if (PARTS.has('general')) general();
  if (PARTS.has('latency')) latency(examples);
}

const sets = ['halueval', 'begin', 'summedits'] as const;
/** TRUSTGUARD_FOLD_SEED draws other document folds (99 by default): the spread over fold draws. */
const FOLD_SEED = Number(process.env.TRUSTGUARD_FOLD_SEED ?? 99);

function lodo(examples: GroundedExample[]): void {
  console.log(
    'headline: each data set scored by the model trained on the other two (leave-one-data-set-out)',
  );
  for (const held of sets) {
    // Synthetic rows made from the held-out set's documents are left out with it.
    const train = examples.filter((e) => e.row.set !== held && e.row.origin !== held);
    const fit = fitGrounded(train);
    const test = examples.filter((e) => e.row.set === held);
    report(`  ${held} (n=${test.length})`, test, (e) => riskOf(fit, e), train);
  }
}

function folds(examples: GroundedExample[]): void {
  console.log(
    'second line: 5 folds by source document over all three sets (training sees the other two sets and the other documents of this one)',
  );
  const fold = groupFolds(examples, 5, FOLD_SEED);
  const scored = new Map<GroundedExample, number>();
  for (let f = 0; f < 5; f++) {
    const fit = fitGrounded(examples.filter((_, i) => fold[i] !== f));
    examples.forEach((e, i) => {
      if (fold[i] === f) scored.set(e, riskOf(fit, e));
    });
  }
  for (const set of sets) {
    const test = examples.filter((e) => e.row.set === set);
    report(`  ${set} (n=${test.length})`, test, (e) => scored.get(e) ?? 0);
  }
  editTypeRecall(examples, (e) => scored.get(e));
}

/** SummEdits recall at the flag threshold by edit type (a row with several types counts in each). */
function editTypeRecall(examples: GroundedExample[], s: (e: GroundedExample) => number | undefined): void {
  const by = new Map<string, { n: number; hit: number }>();
  for (const e of examples) {
    const score = s(e);
    if (e.row.set !== 'summedits' || e.y !== 1 || score === undefined) continue;
    const types = e.row.editTypes?.length ? e.row.editTypes : ['(none given)'];
    for (const t of types) {
      const c = by.get(t) ?? { n: 0, hit: 0 };
      c.n++;
      if (score >= FLAG_AT) c.hit++;
      by.set(t, c);
    }
  }
  console.log(
    `  summedits recall by edit type: ${[...by]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([t, c]) => `${t} ${fmt(c.hit / c.n)} (n=${c.n})`)
      .join(', ')}`,
  );
}

function general(): void {
  const rand = mulberry32(7);
  const generalRows = ungroundedExamples();
  const rows = readJsonl<GeneralRow>('hallucination/halueval_general_dev.jsonl');
  const gFold = generalRows.map(() => Math.floor(rand() * 5));
  const cv: Scored[] = [];
  for (let f = 0; f < 5; f++) {
    const fit = fitUngrounded(generalRows.filter((_, i) => gFold[i] !== f));
    generalRows.forEach((e, i) => {
      if (gFold[i] === f)
        cv.push({ y: e.y, s: riskScale(probability(fit, e), fit.threshold, FLAG_AT, fit.median) });
    });
  }
  const rules: Scored[] = rows.map((r) => ({
    y: r.hallucination ? 1 : 0,
    s: combineRisk(0, riskSignals(r.response, r.query), detectPatterns(r.response)),
  }));
  const pos = cv.filter((x) => x.y === 1);
  const neg = cv.filter((x) => x.y === 0);
  const recall = pos.filter((x) => x.s >= FLAG_AT).length / Math.max(1, pos.length);
  const fpr = neg.filter((x) => x.s >= FLAG_AT).length / Math.max(1, neg.length);
  console.log(
    `halueval_general without sources (n=${rows.length}), 5-fold CV: AUC ${fmt(aucOf(cv))}; flagged at the guard's threshold: recall ${fmt(recall)} FPR ${fmt(fpr)}` +
      `   | baseline rule signals: AUC ${fmt(aucOf(rules))}`,
  );
}

function latency(examples: GroundedExample[]): void {
  // Latency of the committed guard path.
  const config = testConfig();
  const opts = {
    flagThreshold: config.TRUSTGUARD_FLAG_THRESHOLD,
    blockThreshold: config.TRUSTGUARD_BLOCK_THRESHOLD,
    supportThreshold: config.TRUSTGUARD_SUPPORT_THRESHOLD,
  };
  const times: number[] = [];
  for (const e of examples.slice(0, 1000)) {
    const t0 = performance.now();
    evaluateTrust({ text: e.row.text, sources: e.row.sources, question: e.row.question }, opts);
    times.push(performance.now() - t0);
  }
  console.log(
    `evaluateTrust latency (HaluEval QA rows): p50 ${fmt(percentile(times, 50))} ms  p95 ${fmt(percentile(times, 95))} ms`,
  );
}
