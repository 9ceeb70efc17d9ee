/**
 * `npx tsx scripts/injection-variants.ts [seeds]`: the detector's leave-one-source-out folds only
 * (no bag-of-words baseline, no document mode), once per fold seed (comma list, default the eval's
 * 11,1011,2011), printed per source as mean [per seed]: recall of each attack source left out with
 * its fold's false positives on benign test rows, and the rows flagged of each negative source left
 * out. Knobs, for variants measured without changing the shipped defaults:
 *
 * - PRIOR=x: the pattern prior's weight (model.ts PATTERN_PRIOR, 2).
 * - INJECTION_WRAP=share: wrapped harmful requests as an attack source (injection-data.ts).
 * - INJECTION_PERSUASION=1: the persuasion family (injection-persuasion.ts).
 *
 * Reads DATASETS_DIR like the evaluation.
 */
import { PATTERN_PRIOR, patternOffset } from '../src/guards/securityguard/injection/model.js';
import { injectionRows } from './injection-data.js';
import { detectorFeaturizer, leaveOneSourceOut, type Rate, ratio } from './injection-loso.js';

const seeds = (process.argv[2] ?? '11,1011,2011').split(',').map(Number);
const started = Date.now();
const prior = Number(process.env.PRIOR ?? PATTERN_PRIOR);
const data = injectionRows().map((r) => detectorFeaturizer.featurize(r));
for (const x of data) x.offset = patternOffset(prior, x.patternScore);
const runs = seeds.map((s) => leaveOneSourceOut(data, true, () => {}, s));
const first = runs[0];
if (first === undefined) throw new Error('no seeds');

const none: Rate = { hit: 0, n: 0 };
const show = (xs: number[], digits: number): string =>
  `${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(digits)} [${xs.map((x) => x.toFixed(digits)).join(' ')}]`;
for (const source of [...first.attack.keys()].sort()) {
  const recall = runs.map((r) => ratio(r.attack.get(source)?.recall ?? none));
  const fp = runs.map((r) => ratio(r.attack.get(source)?.benignFp ?? none));
  console.log(`recall  ${source.padEnd(24)} ${show(recall, 3)}  fold FP ${show(fp, 4)}`);
}
for (const source of [...first.negative.keys()].sort()) {
  console.log(
    `flagged ${source.padEnd(24)} ${show(
      runs.map((r) => ratio(r.negative.get(source) ?? none)),
      4,
    )}`,
  );
}
console.log(`prior ${prior}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
