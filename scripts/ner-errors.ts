/**
 * Error buckets of the person detector on the validation fold of `NER_VALIDATE=1 npm run train:ner`
 * (a fifth of wnut17_train and btc by row id, never trained on; never ner/wnut17_dev):
 * `NER_WEIGHTS=<file written with NER_VALIDATE=1 NER_OUT=<file>> tsx scripts/ner-errors.ts`.
 * Prints exact-span P/R/F1 and how each wrong prediction and each missed name went wrong.
 */
import { readFileSync } from 'node:fs';
import { readJsonl } from '../eval/lib/datasets.js';
import { joinTokens, personRanges, type TokenRange, tokenRanges } from '../eval/lib/spans.js';
import { detectEntities } from '../src/guards/securityguard/pii/entities.js';
import { TAGS } from '../src/guards/securityguard/pii/ner/features.js';
import { decodeNerWeights, type NerWeightsFile } from '../src/guards/securityguard/pii/ner/model.js';
import { isValidationRow, joinHandles, type NerRow, recase } from './lib/ner-rows.js';

const file = process.env.NER_WEIGHTS;
if (!file) throw new Error('NER_WEIGHTS=<weights file trained with NER_VALIDATE=1>');
const model = decodeNerWeights(JSON.parse(readFileSync(file, 'utf8')) as NerWeightsFile);
// NER_BIAS=<n> replaces the file's PER bias (to compare models at the same bias).
if (process.env.NER_BIAS !== undefined)
  model.tagBias = Float32Array.from(TAGS.map((t) => (t.endsWith('-PER') ? Number(process.env.NER_BIAS) : 0)));
const SHOW = Number(process.env.NER_SHOW ?? 6);

const rows = ['ner/wnut17_train.jsonl', 'ner/btc.jsonl']
  .flatMap((f) => readJsonl<NerRow>(f))
  .filter((r) => isValidationRow(r))
  .filter((r) => !process.env.NER_SOURCE || r.source.startsWith(process.env.NER_SOURCE));

const buckets = new Map<string, string[]>();
const add = (k: string, s: string) => {
  const l = buckets.get(k) ?? [];
  l.push(s);
  buckets.set(k, l);
};
let tp = 0;
let fp = 0;
let fn = 0;
const shape = (w: string): string =>
  /^[@#]/.test(w)
    ? 'handle'
    : w === w.toLowerCase()
      ? 'lower'
      : w.length > 1 && w === w.toUpperCase()
        ? 'upper'
        : 'cap';
for (const raw of rows) {
  const row = recase(joinHandles(raw), process.env.NER_CASE);
  const { text, offsets } = joinTokens(row.tokens);
  const gold = personRanges(row.tags).filter(([a, b]) => !(a === b && /^[@#]/.test(row.tokens[a] ?? '')));
  const pred = tokenRanges(
    detectEntities(text, model).filter((e) => e.type === 'PERSON'),
    offsets,
  );
  const key = (r: TokenRange) => `${r[0]}:${r[1]}`;
  const g = new Set(gold.map(key));
  const p = new Set(pred.map(key));
  const ov = (a: TokenRange, b: TokenRange) => a[0] <= b[1] && b[0] <= a[1];
  const show = (r: TokenRange) => {
    const a = Math.max(0, r[0] - 4);
    const b = Math.min(row.tokens.length, r[1] + 5);
    return row.tokens
      .slice(a, b)
      .map((t, j) => (j + a === r[0] ? `[${t}` : t) + (j + a === r[1] ? ']' : ''))
      .join(' ');
  };
  for (const r of pred) {
    if (g.has(key(r))) {
      tp++;
      continue;
    }
    fp++;
    const x = gold.find((y) => ov(r, y));
    if (x) {
      const kind =
        r[0] <= x[0] && r[1] >= x[1]
          ? `too long (${r[0] < x[0] ? 'left' : ''}${r[1] > x[1] ? 'right' : ''})`
          : r[0] >= x[0] && r[1] <= x[1]
            ? 'too short'
            : 'shifted';
      add(`boundary ${kind}`, `${show(r)}   gold: ${row.tokens.slice(x[0], x[1] + 1).join(' ')}`);
    } else {
      const tags = new Set(row.tags.slice(r[0], r[1] + 1).map((t) => t.slice(2) || 'O'));
      add(
        `false ${[...tags].sort().join('+')} ${shape(row.tokens[r[0]]!)} len${Math.min(3, r[1] - r[0] + 1)}`,
        show(r),
      );
    }
  }
  for (const x of gold) {
    if (p.has(key(x))) continue;
    fn++;
    if (pred.some((r) => ov(r, x))) continue;
    add(`missed ${shape(row.tokens[x[0]]!)} len${Math.min(3, x[1] - x[0] + 1)}`, show(x));
  }
}
const pr = tp / (tp + fp || 1);
const rc = tp / (tp + fn || 1);
console.log(
  `${rows.length} rows: person F1=${((2 * pr * rc) / (pr + rc || 1)).toFixed(3)} P=${pr.toFixed(3)} R=${rc.toFixed(3)} tp ${tp} fp ${fp} fn ${fn}`,
);
for (const [k, l] of [...buckets].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`\n${String(l.length).padStart(4)}  ${k}`);
  for (const s of l.slice(0, SHOW)) console.log(`        ${s}`);
}
