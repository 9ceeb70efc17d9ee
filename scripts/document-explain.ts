/**
 * Error analysis of document mode: `npx tsx scripts/document-explain.ts [kind] [seed]` trains the
 * fold that leaves `kind` out (default code; `seed` 0-2 as in `train:document --report --seeds 3`)
 * and prints every clean document of that kind it flags: each unit near the threshold with its
 * relative and raw logit, whether it counts as prose, and the weights of its named features; then
 * the attacks' target units (hit or missed, raw logit and the document-relative shift). Reads the
 * test labels: for looking at errors, never for choosing a variant.
 */
import {
  addShapeCues,
  distinctWords,
  documentUnits,
  unitCues,
} from '../src/guards/securityguard/injection/document.js';
import { namedFeature } from '../src/guards/securityguard/injection/features.js';
import { normalize } from '../src/guards/securityguard/normalize/normalize.js';
import {
  type DocKind,
  docUnitScores,
  documentRows,
  fitDocumentModel,
  foldSeed,
  KINDS,
  kindFold,
} from './document-loko.js';
import { logitOf } from './injection-lr.js';

const kind = (process.argv[2] ?? 'code') as DocKind;
const k = KINDS.indexOf(kind as (typeof KINDS)[number]);
if (k < 0) throw new Error(`kind must be one of ${KINDS.join(', ')}`);
const seedIndex = Number(process.argv[3] ?? 0);
const docs = documentRows(1, 0);

// Named features are hashed; their names are recovered from the cues the documents produce.
const names = new Map<number, string>();
const addName = (n: string): void => {
  names.set(namedFeature(`doc:${n}`), n);
};
for (const n of [
  'first',
  'middle',
  'last',
  'imp_in_doc:none',
  'imp_in_doc:few',
  'imp_in_doc:some',
  'imp_in_doc:many',
])
  addName(n);
for (const d of docs) {
  const units = documentUnits(d.text);
  const cues = units.map((u) => unitCues(normalize(d.text.slice(u.start, u.end)).text));
  addShapeCues(d.text, units, cues);
  for (const c of cues) for (const x of c) addName(x);
}

const { train, tune, test } = kindFold(docs, kind, false);
const dm = fitDocumentModel(train, tune, foldSeed(5 + 100 * seedIndex, k));
const weight = (f: number): string => `${names.get(f) ?? `#${f}`}=${(dm.model.w[f] ?? 0).toFixed(2)}`;
const raw = (u: (typeof docs)[number]['units'][number]): number =>
  logitOf(dm.model, { grams: u.grams, named: u.named, offset: 0 });
console.log(`left out ${kind}, seed ${seedIndex + 1}: logit threshold ${dm.threshold.toFixed(3)}`);
for (const d of test.filter((x) => !x.attack)) {
  const scores = docUnitScores(dm.model, d);
  if (Math.max(...scores) < dm.threshold) continue;
  console.log(`\n=== clean ${d.id} flagged (max ${Math.max(...scores).toFixed(2)}, ${d.units.length} units)`);
  for (const [i, u] of d.units.entries()) {
    const z = scores[i] as number;
    if (z < dm.threshold - 1) continue;
    const text = JSON.stringify(d.text.slice(u.start, u.end).slice(0, 200));
    console.log(
      `  [rel ${z.toFixed(2)} raw ${raw(u).toFixed(2)} prose ${u.prose} words ${distinctWords(u)}] ${text}`,
    );
    console.log(`     ${u.named.map(weight).join(' ')}`);
  }
}
console.log('\n=== attacks: best unit inside the inserted instruction');
for (const d of test.filter((x) => x.attack)) {
  const t = d.target;
  const scores = docUnitScores(dm.model, d);
  let best = -1;
  for (const [i, u] of d.units.entries())
    if (
      t &&
      u.start < t.end &&
      u.end > t.start &&
      (best < 0 || (scores[i] as number) > (scores[best] as number))
    )
      best = i;
  const u = d.units[best];
  if (u === undefined) {
    console.log(`  ${d.id}: no unit inside the instruction`);
    continue;
  }
  const z = scores[best] as number;
  console.log(
    `  ${z >= dm.threshold ? 'hit ' : 'MISS'} rel ${z.toFixed(2)} raw ${raw(u).toFixed(2)} shift ${(z - raw(u)).toFixed(2)} ${JSON.stringify(d.text.slice(u.start, u.end).slice(0, 120))}`,
  );
}
