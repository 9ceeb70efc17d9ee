/**
 * `npm run train:injection [-- --report]`: trains the injection classifier and writes
 * src/guards/securityguard/injection/model.weights.json.
 *
 * Data (scripts/injection-data.ts): injection/dev.jsonl and extra.jsonl attacks and benign prompts,
 * harmful_requests.jsonl as hard negatives (a dangerous topic is not an attack), and our synthetic
 * families (game attacks demanding "Access Granted", fake end-of-prompt markers, instructions dressed
 * as code, story or translation, spaced-out letters, benign imperatives that must pass, harmful
 * requests and questions asked straight that must pass).
 *
 * Model: logistic regression over hashed word 1-2-grams and character 3-5-grams of the normalized
 * text, with the pattern library's score as a fixed prior (model.ts PATTERN_PRIOR; no learned weight
 * per pattern id, see detector.ts evidence); a very strong pattern match still decides alone (model.ts
 * riskOf).
 *
 * Threshold: picked on the `tune` share (20%) of the benign and harmful rows, which the final model
 * does not train on, as the lowest logit at which at most 0.8% of each benign source and 1.5% of the
 * harmful requests (pooled) fire.
 *
 * `--report` also prints the leave-one-source-out figures (the same as `npm run eval -- securityguard`).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  encodeWeights,
  PATTERN_PRIOR,
  patternFeature,
  sigmoid,
  WEIGHTS_URL,
} from '../src/guards/securityguard/injection/model.js';
import { injectionRows } from './injection-data.js';
import {
  detectorFeaturizer,
  FPR_TARGET,
  fires,
  fitScorer,
  HARMFUL_FPR_TARGET,
  leaveOneSourceOut,
  ratio,
} from './injection-loso.js';

const SEED = 20261130;
const started = Date.now();
const rows = injectionRows();
const data = rows.map((r) => detectorFeaturizer.featurize(r));
console.log(`rows: ${rows.length}; features ready in ${Date.now() - started} ms`);

if (process.argv.includes('--report')) {
  const loso = leaveOneSourceOut(data, true, console.log);
  console.log(`in-distribution recall ${ratio(loso.inDistribution.recall).toFixed(3)}`);
}

const train = data.filter((x) => x.y === 1 || x.row.role !== 'tune');
const tune = data.filter((x) => x.y === 0 && x.row.role === 'tune');
const scorer = fitScorer(train, tune, true, SEED);
const tuneBenign = tune.filter((x) => x.row.kind === 'benign');
const tuneHarmful = tune.filter((x) => x.row.kind === 'harmful');
const fp = tuneBenign.filter((x) => fires(scorer, x)).length;
const recall =
  data.filter((x) => x.y === 1 && fires(scorer, x)).length / data.filter((x) => x.y === 1).length;
console.log(
  `final model: ${train.length} training rows; logit threshold ${scorer.threshold.toFixed(3)}; tune benign FPR ${(fp / tuneBenign.length).toFixed(4)}, harmful ${(tuneHarmful.filter((x) => fires(scorer, x)).length / tuneHarmful.length).toFixed(4)}; attack recall (in-sample) ${recall.toFixed(3)}; ${Date.now() - started} ms`,
);

const file = encodeWeights(
  scorer.model.w,
  scorer.model.bias,
  { a: PATTERN_PRIOR, b: 1, c: -PATTERN_PRIOR * patternFeature(0) },
  sigmoid(scorer.threshold),
  {
    trainedAt: new Date().toISOString().slice(0, 10),
    rows: rows.length,
    trainRows: train.length,
    tuneRows: tune.length,
    seed: SEED,
    fprTarget: FPR_TARGET,
    harmfulFprTarget: HARMFUL_FPR_TARGET,
    thresholdFrom: 'benign and harmful tune share (20% by id hash), unseen in training',
  },
);
const path = fileURLToPath(WEIGHTS_URL);
writeFileSync(path, JSON.stringify(file));
console.log(
  `wrote ${path}: ${file.idx.length} non-zero weights, ${(JSON.stringify(file).length / 1024).toFixed(0)} KB`,
);
