/**
 * The test figures of `npm run eval -- securityguard-pii` (pii/dev F2, ner/wnut17_dev person F1,
 * addresses, phones, latency) for a weights file other than the committed one, e.g. one written by
 * `NER_SEED=7 NER_OUT=/tmp/w.json npm run train:ner`:
 * `NER_WEIGHTS=/tmp/w.json DATASETS_DIR=... tsx scripts/ner-testsets.ts`. Test sets: report them,
 * never choose settings on them (the validation fold of NER_VALIDATE=1 is for that).
 */
import { readFileSync } from 'node:fs';
import {
  adoptNerModel,
  decodeNerWeights,
  type NerWeightsFile,
} from '../src/guards/securityguard/pii/ner/model.js';

const file = process.env.NER_WEIGHTS;
if (!file) throw new Error('NER_WEIGHTS=<weights file written by npm run train:ner with NER_OUT>');
adoptNerModel(decodeNerWeights(JSON.parse(readFileSync(file, 'utf8')) as NerWeightsFile));
const suite = await import('../eval/suites/securityguard-pii.js');
await suite.run();
