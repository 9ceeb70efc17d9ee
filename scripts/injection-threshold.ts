/**
 * `npx tsx scripts/injection-threshold.ts <out.json> [seeds]`: the leave-one-source-out folds of
 * scripts/injection-variants.ts (same folds, seeds and models), with what other threshold rules
 * need recorded per fold, so the rules are compared on the same models
 * (`npx tsx scripts/injection-threshold-rules.ts <out.json>...` prints them):
 *
 * - the default rule's threshold, each tuning group's tune logits;
 * - the left-out rows' logits (the attack source's, or the negative source's);
 * - nested leave-one-negative-source-out: for the fold's training negatives, each negative source b
 *   in turn is left out of training and tuning, the default rule picks the inner threshold, and b's
 *   logits are kept (its offset = the threshold b needed minus the inner one). The attack folds share
 *   one nested run with every attack source in training (the final model's); a negative fold's nested
 *   run leaves its source out.
 *
 * Reads DATASETS_DIR and INJECTION_ROLE_SALT like the evaluation.
 */
import { writeFileSync } from 'node:fs';
import { STRONG_PATTERN } from '../src/guards/securityguard/injection/model.js';
import { injectionRows } from './injection-data.js';
import { detectorFeaturizer, type Featured, fitScorer, HARMFUL_GROUP } from './injection-loso.js';
import { logitOf } from './injection-lr.js';

export interface Scores {
  /** Logits of the rows no strong pattern fires on. */
  logits: number[];
  /** Rows a strong pattern fires on (fire at any threshold). */
  strong: number;
}
export interface Inner {
  source: string;
  threshold: number;
  scores: Scores;
}
export interface Fold {
  kind: 'attack' | 'negative';
  source: string;
  seed: number;
  threshold: number;
  /** Tune logits per tuning group (non-strong) and strong counts. */
  groups: Record<string, Scores>;
  scores: Scores;
  /** Key of the nested run it uses. */
  nested: string;
}
export interface Dump {
  salt: string;
  folds: Fold[];
  nested: Record<string, Inner[]>;
}

const strong = (x: Featured): boolean => x.patternScore >= STRONG_PATTERN;
const scoresOf = (model: Parameters<typeof logitOf>[0], xs: Featured[]): Scores => ({
  logits: xs.filter((x) => !strong(x)).map((x) => logitOf(model, x)),
  strong: xs.filter(strong).length,
});
const groupOf = (x: Featured): string => (x.row.kind === 'harmful' ? HARMFUL_GROUP : x.row.source);
const outOf = (x: Featured, source: string): boolean => x.row.source === source || x.row.origin === source;

const [outPath = '/tmp/threshold.json', seedList = '11,1011,2011'] = process.argv.slice(2);
const seeds = seedList.split(',').map(Number);
const started = Date.now();
const data = injectionRows().map((r) => detectorFeaturizer.featurize(r));
const attackSources = [...new Set(data.filter((x) => x.y === 1).map((x) => x.row.source))].sort();
const negativeSources = [...new Set(data.filter((x) => x.y === 0).map((x) => x.row.source))].sort();
const dump: Dump = { salt: process.env.INJECTION_ROLE_SALT ?? '', folds: [], nested: {} };

/** Nested leave-one-negative-source-out over the negatives of `train`/`tune`. */
function nested(key: string, train: Featured[], tune: Featured[], seed: number): void {
  const inner: Inner[] = [];
  const sources = [...new Set(train.filter((x) => x.y === 0).map((x) => x.row.source))].sort();
  let s = seed;
  for (const b of sources) {
    const scorer = fitScorer(
      train.filter((x) => !outOf(x, b)),
      tune.filter((x) => !outOf(x, b)),
      true,
      s++,
    );
    const rows = data.filter((x) => x.y === 0 && x.row.source === b);
    inner.push({ source: b, threshold: scorer.threshold, scores: scoresOf(scorer.model, rows) });
  }
  dump.nested[key] = inner;
}

for (const firstSeed of seeds) {
  let seed = firstSeed;
  const fold = (
    kind: Fold['kind'],
    source: string,
    train: Featured[],
    tune: Featured[],
    key: string,
  ): void => {
    const scorer = fitScorer(train, tune, true, seed++);
    const groups: Record<string, Scores> = {};
    for (const g of new Set(tune.map(groupOf))) {
      groups[g] = scoresOf(
        scorer.model,
        tune.filter((x) => groupOf(x) === g),
      );
    }
    const own = data.filter((x) => x.row.source === source);
    dump.folds.push({
      kind,
      source,
      seed: seed - 1,
      threshold: scorer.threshold,
      groups,
      scores: scoresOf(scorer.model, own),
      nested: key,
    });
  };
  const tuneAll = data.filter((x) => x.y === 0 && x.row.role === 'tune');
  for (const source of attackSources) {
    const train = data.filter((x) => (x.y === 1 ? x.row.source !== source : x.row.role === 'train'));
    fold('attack', source, train, tuneAll, `all:${firstSeed}`);
  }
  for (const source of negativeSources) {
    const train = data.filter((x) => !outOf(x, source) && (x.y === 1 || x.row.role === 'train'));
    const tune = tuneAll.filter((x) => x.row.source !== source);
    fold('negative', source, train, tune, `${source}:${firstSeed}`);
    nested(`${source}:${firstSeed}`, train, tune, firstSeed * 31 + 7);
  }
  nested(
    `all:${firstSeed}`,
    data.filter((x) => x.y === 1 || x.row.role === 'train'),
    tuneAll,
    firstSeed * 31 + 7,
  );
  console.log(`seed ${firstSeed} done, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
writeFileSync(outPath, JSON.stringify(dump));
console.log(`wrote ${outPath}`);
