/**
 * `npx tsx scripts/document-diagnose.ts [--kind code] [--seed-base 5]`: why a left-out kind's clean
 * documents are flagged. Trains the leave-one-kind-out fold model (as `train:document --report`,
 * non-strict, the first seed) and prints
 * - for the threshold's tune kinds and the left-out kind: the mean logit of a prose unit, split into
 *   bias, n-grams and the named features that differ most, and the mean context shift;
 * - each flagged clean document and each missed attack with its three top units.
 * It reads the left-out kind's documents: use it to understand a fold, not to pick a variant.
 */

import { namedFeature } from '../src/guards/securityguard/injection/features.js';
import {
  type Doc,
  docUnitScores,
  documentRows,
  fitDocumentModel,
  foldSeed,
  KINDS,
  kindFold,
} from './document-loko.js';
import type { LinearModel } from './injection-lr.js';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const kindIndex = (KINDS as readonly string[]).indexOf(arg('--kind', 'code'));
if (kindIndex < 0) throw new Error(`--kind must be one of ${KINDS.join(', ')}`);
const kind = KINDS[kindIndex] as (typeof KINDS)[number];
const docs = documentRows(1, 0);
const { train, tune, test } = kindFold(docs, kind);
const dm = fitDocumentModel(train, tune, foldSeed(Number(arg('--seed-base', '5')), kindIndex));

// Named features are hashed; these names (positions, cues, shapes) label them, the rest is "pattern".
const NAMES = [
  'doc:first',
  'doc:middle',
  'doc:last',
  ...[
    'lead:imperative',
    ...['your_output', 'to_model', 'deictic', 'your_work', 'you', 'the_user', 'redirect', 'link'].flatMap(
      (c) => [`cue:${c}`, `pair:imp+${c}`],
    ),
    ...['short', 'mid', 'long'].map((l) => `len:${l}`),
    ...['prose_among_rows', 'symbolic', 'code_comment', 'code_line', 'prose_among_code'].map(
      (s) => `shape:${s}`,
    ),
    ...['none', 'few', 'some', 'many'].map((s) => `imp_in_doc:${s}`),
  ].map((n) => `doc:${n}`),
];
const LABEL = new Map(
  NAMES.map((n) => [namedFeature(n), n.startsWith('doc:') && n.includes(':', 4) ? n.slice(4) : n]),
);
const label = (f: number): string => LABEL.get(f) ?? 'pattern';

interface Parts {
  grams: number;
  named: Map<string, number>;
}
function parts(model: LinearModel, u: Doc['units'][number]): Parts {
  let sum = 0;
  for (const g of u.grams) sum += model.w[g] ?? 0;
  const named = new Map<string, number>();
  for (const f of u.named) named.set(label(f), (named.get(label(f)) ?? 0) + (model.w[f] ?? 0));
  return { grams: u.grams.length > 0 ? sum / Math.sqrt(u.grams.length) : 0, named };
}
const raw = (p: Parts): number => dm.model.bias + p.grams + [...p.named.values()].reduce((a, b) => a + b, 0);

console.log(
  `left out ${kind}: threshold (relative logit) ${dm.threshold.toFixed(2)}, bias ${dm.model.bias.toFixed(2)}`,
);
const groups: [string, Doc[]][] = [
  ...KINDS.filter((k) => k !== kind).map((k): [string, Doc[]] => [
    `tune ${k}`,
    tune.filter((d) => d.kind === k),
  ]),
  [`left-out ${kind} clean`, test.filter((d) => !d.attack)],
];
const rows: { name: string; grams: number; shift: number; named: Map<string, number>; n: number }[] = [];
for (const [name, ds] of groups) {
  const row = { name, grams: 0, shift: 0, named: new Map<string, number>(), n: 0 };
  for (const d of ds) {
    const rel = docUnitScores(dm.model, d);
    for (const [i, u] of d.units.entries()) {
      if (!u.prose) continue;
      const p = parts(dm.model, u);
      row.n++;
      row.grams += p.grams;
      row.shift += (rel[i] as number) - raw(p);
      for (const [k, v] of p.named) row.named.set(k, (row.named.get(k) ?? 0) + v);
    }
  }
  rows.push(row);
}
const mean = (v: number, n: number): string => (v / Math.max(1, n)).toFixed(2);
const ref = rows[0];
for (const r of rows) {
  const named = [...r.named]
    .map(([k, v]): [string, number] => [
      k,
      v / Math.max(1, r.n) - (ref?.named.get(k) ?? 0) / Math.max(1, ref?.n ?? 1),
    ])
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, 6)
    .map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${v.toFixed(2)}`);
  console.log(
    `  ${r.name}: ${r.n} prose units, mean n-grams ${mean(r.grams, r.n)}, context shift ${mean(r.shift, r.n)}; named vs ${ref?.name}: ${named.join(', ')}`,
  );
}

for (const d of test) {
  const rel = docUnitScores(dm.model, d);
  const score = Math.max(...rel);
  if (score >= dm.threshold !== !d.attack) continue;
  console.log(`\n${d.attack ? 'missed attack' : 'flagged clean'} ${d.id}: ${score.toFixed(2)}`);
  const top = rel
    .map((z, i): [number, number] => [z, i])
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3);
  for (const [z, i] of top) {
    const u = d.units[i] as Doc['units'][number];
    const p = parts(dm.model, u);
    const named = [...p.named].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
    console.log(
      `  ${z.toFixed(2)} (unit ${i + 1}/${d.units.length}, ${u.prose ? 'prose' : 'not prose'}; n-grams ${p.grams.toFixed(2)}; ${named}) ${JSON.stringify(d.text.slice(u.start, u.end).slice(0, 120))}`,
    );
  }
}
