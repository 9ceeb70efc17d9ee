/**
 * `npx tsx scripts/injection-flagged.ts <source> [seeds] [top]`: how the leave-one-source-out fold
 * of one source scores its rows: a negative source's highest-scoring rows (false positives first),
 * an attack source's lowest (misses first), each with the model logit, the pattern prior and the
 * pattern hits behind it, so a false positive or a miss can be traced to its features. `seeds` is a comma list of fold seeds (the eval's fold of a source takes
 * 11 + its index among the attack sources, then the negative sources, plus 1000 per further seed);
 * `top` rows are printed per seed (default 10). Before them, each tuning group's own threshold
 * (injection-loso.ts groupThresholds), its top three tune logits and the source's figure had that
 * group set the fold's threshold: the fold's threshold is the highest, often one small source's single
 * top row (scripts/train-injection.ts). Reads DATASETS_DIR like the evaluation.
 */
import { evidence } from '../src/guards/securityguard/injection/detector.js';
import { injectionRows } from './injection-data.js';
import { detectorFeaturizer, fires, fitScorer, groupThresholds, HARMFUL_GROUP } from './injection-loso.js';
import { logitOf } from './injection-lr.js';

const [source = 'own-benign-imperative', seedList = '30', topArg = '10'] = process.argv.slice(2);
const data = injectionRows().map((r) => detectorFeaturizer.featurize(r));
const negative = data.some((x) => x.y === 0 && x.row.source === source);
const attackRow = (x: (typeof data)[number]): boolean => x.y === 1 && x.row.source === source;
// The fold as leaveOneSourceOut builds it: the source out of training, and of tuning when negative.
const train = data.filter((x) =>
  negative
    ? x.row.source !== source && x.row.origin !== source && (x.y === 1 || x.row.role === 'train')
    : x.y === 1
      ? !attackRow(x)
      : x.row.role === 'train',
);
const tune = data.filter((x) => x.y === 0 && x.row.role === 'tune' && x.row.source !== source);
const own = data.filter((x) => x.row.source === source);
for (const seed of seedList.split(',').map(Number)) {
  const scorer = fitScorer(train, tune, true, seed);
  const scored = own.map((x) => ({ x, logit: logitOf(scorer.model, x) })).sort((a, b) => b.logit - a.logit);
  const flagged = own.filter((x) => fires(scorer, x)).length;
  console.log(`seed ${seed}: threshold ${scorer.threshold.toFixed(3)}, fired ${flagged}/${own.length}`);
  const firedAt = (t: number): number =>
    own.filter((x) => fires({ ...scorer, threshold: t }, x)).length / own.length;
  for (const [group, t] of groupThresholds(scorer.model, tune, true)) {
    const top = tune
      .filter((x) => (group === HARMFUL_GROUP ? x.row.kind === 'harmful' : x.row.source === group))
      .map((x) => logitOf(scorer.model, x))
      .sort((a, b) => b - a)
      .slice(0, 3);
    console.log(
      `  group ${group.trim().padEnd(24)} threshold ${t.toFixed(3)} top ${top.map((v) => v.toFixed(2)).join(' ')}; ${source} fired at it ${firedAt(t).toFixed(4)}`,
    );
  }
  const shown = negative ? scored : [...scored].reverse();
  for (const { x, logit } of shown.slice(0, Number(topArg))) {
    const hits = evidence(x.row.text).hits.map((h) => `${h.id}:${h.weight.toFixed(2)}`);
    console.log(
      `  ${fires(scorer, x) ? 'FIRES' : '     '} logit ${logit.toFixed(2)} prior ${x.offset.toFixed(2)} [${hits.join(', ')}] ${JSON.stringify(x.row.text.slice(0, 160))}`,
    );
  }
}
