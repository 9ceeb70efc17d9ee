/**
 * `npm run train:biasguard`: trains the BiasGuard classifier on the rows of scripts/lib/bias-data.ts
 * (read from ../shared/datasets, DATASETS_DIR) and writes src/guards/biasguard/model.weights.json.
 * The procedure (folds, calibration, threshold) is scripts/lib/bias-train.ts; the figures that
 * matter, measured on groups left out of training, come from `npm run eval -- biasguard`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BIAS_WEIGHTS_URL, encodeBiasWeights } from '../src/guards/biasguard/model.js';
import { allBiasRows } from './lib/bias-data.js';
import { BIAS_TRAIN, featurize, fitBias } from './lib/bias-train.js';

const started = Date.now();
const rows = allBiasRows();
const examples = featurize(rows);
const counts: Record<string, [number, number]> = {};
for (const r of rows) {
  const c = counts[r.source] ?? [0, 0];
  c[r.y === 1 ? 1 : 0] += 1;
  counts[r.source] = c;
}
console.log(
  `rows ${rows.length} (source: [neutral, biased]) ${JSON.stringify(counts)}; features in ${Date.now() - started} ms`,
);
const fit = fitBias(examples);
console.log(
  `calibration a=${fit.calibration.a.toFixed(3)} c=${fit.calibration.c.toFixed(3)}; threshold ${fit.threshold.toFixed(3)}`,
);
const file = encodeBiasWeights(fit.model.w, fit.model.dense, fit.model.bias, fit.calibration, fit.threshold, {
  trainedAt: new Date().toISOString().slice(0, 10),
  rows: counts,
  ...BIAS_TRAIN,
});
const path = fileURLToPath(BIAS_WEIGHTS_URL);
writeFileSync(path, JSON.stringify(file));
console.log(
  `wrote ${path}: ${file.idx.length} non-zero weights, ${(JSON.stringify(file).length / 1024).toFixed(0)} KB in ${Date.now() - started} ms`,
);
