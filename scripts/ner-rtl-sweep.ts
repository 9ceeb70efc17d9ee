/**
 * The right-to-left tagger's settings on the validation fold: `NER_WEIGHTS=<file written by
 * NER_RTL=1 NER_VALIDATE=1 NER_OUT=<file> npm run train:ner> tsx scripts/ner-rtl-sweep.ts`. Prints
 * the whole detector's person F1 (exact span, P and R) on the fold (a fifth of wnut17_train and btc,
 * never trained on; never ner/wnut17_dev) for each way of joining the two taggers (model.ts
 * RTL_COMBINE: off, add, best, agree), left-to-right PER bias (NER_BIASES) and right-to-left PER bias
 * (NER_RTL_BIASES), as written and with NER_CASES (lib/ner-rows.ts recase: names25, lower).
 */
import { readFileSync } from 'node:fs';
import { readJsonl } from '../eval/lib/datasets.js';
import { joinTokens, personRanges, tokenRanges } from '../eval/lib/spans.js';
import { detectEntities } from '../src/guards/securityguard/pii/entities.js';
import { TAGS } from '../src/guards/securityguard/pii/ner/features.js';
import {
  decodeNerWeights,
  type NerWeightsFile,
  RTL_COMBINE,
} from '../src/guards/securityguard/pii/ner/model.js';
import { isValidationRow, joinHandles, type NerRow, recase } from './lib/ner-rows.js';

const file = process.env.NER_WEIGHTS;
if (!file) throw new Error('NER_WEIGHTS=<weights file trained with NER_RTL=1 NER_VALIDATE=1>');
const model = decodeNerWeights(JSON.parse(readFileSync(file, 'utf8')) as NerWeightsFile);
const rtl = model.rtl;
if (!rtl) throw new Error('no right-to-left tagger in the weights file');
const list = (v: string | undefined, d: string) => (v ?? d).split(',').map(Number);
const BIASES = list(process.env.NER_BIASES, '8,12,16,20');
const RTL_BIASES = list(process.env.NER_RTL_BIASES, '8,16,24');
const MODES = (process.env.NER_MODES ?? 'off,add,best,agree').split(',') as (typeof RTL_COMBINE.mode)[];
const CASES = (process.env.NER_CASES ?? 'as-written,names25').split(',');
const perBias = (b: number) => Float32Array.from(TAGS.map((t) => (t.endsWith('-PER') ? b : 0)));

const rows = ['ner/wnut17_train.jsonl', 'ner/btc.jsonl']
  .flatMap((f) => readJsonl<NerRow>(f))
  .filter((r) => isValidationRow(r))
  .map(joinHandles);

function score(val: NerRow[]): string {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of val) {
    const { text, offsets } = joinTokens(row.tokens);
    const gold = personRanges(row.tags).filter(([a, b]) => !(a === b && /^[@#]/.test(row.tokens[a] ?? '')));
    const pred = tokenRanges(
      detectEntities(text, model).filter((e) => e.type === 'PERSON'),
      offsets,
    );
    const g = new Set(gold.map((r) => `${r[0]}:${r[1]}`));
    const p = new Set(pred.map((r) => `${r[0]}:${r[1]}`));
    for (const k of p) g.has(k) ? tp++ : fp++;
    for (const k of g) if (!p.has(k)) fn++;
  }
  const pr = tp / (tp + fp || 1);
  const rc = tp / (tp + fn || 1);
  return `F1 ${((2 * pr * rc) / (pr + rc || 1)).toFixed(3)} P ${pr.toFixed(3)} R ${rc.toFixed(3)}`;
}

for (const c of CASES) {
  const val = c === 'as-written' ? rows : rows.map((r) => recase(r, c));
  for (const mode of MODES) {
    RTL_COMBINE.mode = mode;
    for (const b of BIASES) {
      model.tagBias = perBias(b);
      for (const rb of mode === 'off' ? [0] : RTL_BIASES) {
        rtl.tagBias = perBias(rb);
        console.log(`${c} ${mode} ltr ${b} rtl ${mode === 'off' ? '-' : rb}: ${score(val)}`);
      }
    }
  }
}
