/**
 * `npm run train:trustguard`: trains TrustGuard's grounded model on HaluEval QA, BEGIN and
 * SummEdits, and its ungrounded model on HaluEval general (scripts/lib/trust-*.ts; data read from
 * ../shared/datasets, DATASETS_DIR), and writes src/guards/trustguard/model.weights.json. The
 * out-of-source figures come from `npm run eval -- trustguard`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TRUST_WEIGHTS_URL, type TrustWeightsFile } from '../src/guards/trustguard/model.js';
import { encodeSparse } from '../src/text/sparse-weights.js';
import { groundedExamples, groundedRows, UNGROUNDED_DIMS, ungroundedExamples } from './lib/trust-data.js';
import {
  fitGrounded,
  fitUngrounded,
  GROUNDED_TRAIN,
  RESIDUE_TRAIN,
  UNGROUNDED_TRAIN,
} from './lib/trust-train.js';

const started = Date.now();
const grounded = fitGrounded(groundedExamples(groundedRows()));
const ungrounded = fitUngrounded(ungroundedExamples());
const r = (x: number) => Math.round(x * 1e5) / 1e5;
const scale = 1e4;
const { idx, w } = encodeSparse(ungrounded.model.w, 2e-3, scale);
const file: TrustWeightsFile = {
  version: 1,
  grounded: {
    w: [...grounded.model.dense].map(r),
    bias: r(grounded.model.bias),
    residue: { scale, ...encodeSparse(grounded.model.w, 2e-3, scale) },
    a: r(grounded.a),
    c: r(grounded.c),
    threshold: grounded.threshold,
    median: r(grounded.median),
    ...(grounded.long ? { long: { a: r(grounded.long.a), c: r(grounded.long.c) } } : {}),
  },
  ungrounded: {
    dims: UNGROUNDED_DIMS,
    scale,
    idx,
    w,
    dense: [...ungrounded.model.dense].map(r),
    bias: r(ungrounded.model.bias),
    a: r(ungrounded.a),
    c: r(ungrounded.c),
    threshold: ungrounded.threshold,
    median: r(ungrounded.median),
  },
  meta: {
    trainedAt: new Date().toISOString().slice(0, 10),
    grounded: GROUNDED_TRAIN,
    residue: RESIDUE_TRAIN,
    ungrounded: UNGROUNDED_TRAIN,
  },
};
const path = fileURLToPath(TRUST_WEIGHTS_URL);
writeFileSync(path, JSON.stringify(file));
console.log(`grounded weights ${JSON.stringify(file.grounded)}`);
console.log(
  `wrote ${path}: ${(JSON.stringify(file).length / 1024).toFixed(0)} KB in ${Date.now() - started} ms`,
);
