/**
 * The PER bias curve on out-of-fold posts: `tsx scripts/ner-bias-sweep.ts <weights>:<fold> ...`, each
 * weights file written by `NER_VALIDATE=1 NER_FOLD=<fold> NER_OUT=<weights> npm run train:ner` (add
 * NER_NOVEL=1 for folds whose names are all new to the model, as in WNUT-17's dev set), so never
 * trained on its fold of wnut17_train and btc, and never on ner/wnut17_dev. The counts of the folds
 * are pooled: with all five folds every post of wnut17_train and btc is scored once, by a model that
 * did not see it. Prints person F1 and F2 (exact span, the whole detector) by PER bias (NER_BIASES,
 * 0..32 by default) on the variants of NER_VARIANTS: all posts, the comment-like ones
 * (lib/ner-rows.ts isCommentLike), those with the names of a quarter of the rows in lower case
 * (names25), all rows in lower case (lower). NER_PR=1 adds precision and recall.
 */
import { readFileSync } from 'node:fs';
import { readJsonl } from '../eval/lib/datasets.js';
import { joinTokens, personRanges, tokenRanges } from '../eval/lib/spans.js';
import { detectEntities } from '../src/guards/securityguard/pii/entities.js';
import { TAGS } from '../src/guards/securityguard/pii/ner/features.js';
import {
  decodeNerWeights,
  type NerModel,
  type NerWeightsFile,
  UPPER_RE,
} from '../src/guards/securityguard/pii/ner/model.js';
import { tokenizeForNer } from '../src/guards/securityguard/pii/ner/tokenize.js';
import {
  isCommentLike,
  isValidationRow,
  joinHandles,
  LOWER_WORD,
  type NerRow,
  recase,
} from './lib/ner-rows.js';

const BIASES = process.env.NER_BIASES
  ? process.env.NER_BIASES.split(',').map(Number)
  : Array.from({ length: 17 }, (_, i) => 2 * i);
const VARIANTS = (process.env.NER_VARIANTS ?? 'all,comment,comment names25,lower').split(',');
/**
 * NER_POST (experiment): extra lower-case names added after the detector, to measure what they cost.
 * one: in a text without a capital, a listed given name that is no ordinary word; pair: a listed
 * given name in lower case and the next lower-case word that is no ordinary word.
 */
const POST = process.env.NER_POST ?? '';
function postNames(text: string, found: [number, number][], model: NerModel): [number, number][] {
  if (!POST) return found;
  const tokens = tokenizeForNer(text);
  const covered = new Uint8Array(tokens.length);
  const startOf = new Map(tokens.map((t, i) => [t.start, i]));
  const endOf = new Map(tokens.map((t, i) => [t.end, i]));
  for (const [a, b] of found)
    for (let k = startOf.get(a) ?? 0; k <= (endOf.get(b) ?? -1); k++) covered[k] = 1;
  const { given, surname, common } = model.lex;
  const name = (w: string) => LOWER_WORD.test(w) && !common.has(w);
  const out = [...found];
  const lowerText = !UPPER_RE.test(text);
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!.text;
    if (covered[i] || !name(w) || !given.has(w)) continue;
    const next = tokens[i + 1]?.text ?? '';
    if (POST.includes('pair') && i + 1 < tokens.length && !covered[i + 1] && name(next)) {
      out.push([tokens[i]!.start, tokens[i + 1]!.end]);
      i++;
    } else if (POST.includes('one') && lowerText) {
      const two =
        i + 1 < tokens.length && !covered[i + 1] && name(next) && (given.has(next) || surname.has(next));
      out.push([tokens[i]!.start, tokens[two ? i + 1 : i]!.end]);
      if (two) i++;
    }
  }
  return out;
}
type Counts = { tp: number; fp: number; fn: number };

const posts = ['ner/wnut17_train.jsonl', 'ner/btc.jsonl'].flatMap((f) => readJsonl<NerRow>(f));
const pooled = new Map<string, Counts>();
const add = (key: string, c: Counts) => {
  const p = pooled.get(key) ?? { tp: 0, fp: 0, fn: 0 };
  p.tp += c.tp;
  p.fp += c.fp;
  p.fn += c.fn;
  pooled.set(key, p);
};

for (const arg of process.argv.slice(2)) {
  const [file, fold] = arg.split(':');
  const model = decodeNerWeights(JSON.parse(readFileSync(file!, 'utf8')) as NerWeightsFile);
  const rows = posts.filter((r) => isValidationRow(r, Number(fold))).map(joinHandles);
  for (const variant of VARIANTS) {
    const set = variant.includes('comment') ? rows.filter(isCommentLike) : rows;
    const mode = variant.endsWith('names25') ? 'names25' : variant === 'lower' ? 'lower' : undefined;
    const cased = set.map((r) => recase(r, mode));
    for (const bias of BIASES) {
      model.tagBias = Float32Array.from(TAGS.map((t) => (t.endsWith('-PER') ? bias : 0)));
      const c: Counts = { tp: 0, fp: 0, fn: 0 };
      for (const row of cased) {
        const { text, offsets } = joinTokens(row.tokens);
        const gold = personRanges(row.tags).filter(
          ([a, b]) => !(a === b && /^[@#]/.test(row.tokens[a] ?? '')),
        );
        const found = detectEntities(text, model)
          .filter((e) => e.type === 'PERSON')
          .map((e): [number, number] => [e.start, e.end]);
        const pred = tokenRanges(
          postNames(text, found, model).map(([start, end]) => ({ start, end })),
          offsets,
        );
        const g = new Set(gold.map(([a, b]) => `${a}:${b}`));
        const p = new Set(pred.map(([a, b]) => `${a}:${b}`));
        for (const k of p) g.has(k) ? c.tp++ : c.fp++;
        for (const k of g) if (!p.has(k)) c.fn++;
      }
      add(`${variant}@${bias}`, c);
    }
  }
}

const f = (beta: number, c: Counts): number => {
  const p = c.tp / (c.tp + c.fp || 1);
  const r = c.tp / (c.tp + c.fn || 1);
  return p + r === 0 ? 0 : ((1 + beta * beta) * p * r) / (beta * beta * p + r);
};
for (const variant of VARIANTS) {
  const at = (bias: number): Counts => pooled.get(`${variant}@${bias}`) ?? { tp: 0, fp: 0, fn: 0 };
  const gold = at(BIASES[0]!).tp + at(BIASES[0]!).fn;
  for (const beta of [1, 2]) {
    const line = BIASES.map((bias) => {
      const c = at(bias);
      const pr = process.env.NER_PR
        ? `(P${(c.tp / (c.tp + c.fp || 1)).toFixed(3)} R${(c.tp / (c.tp + c.fn || 1)).toFixed(3)})`
        : '';
      return `${bias}:${f(beta, c).toFixed(3)}${pr}`;
    });
    console.log(`${variant} (${gold} names) F${beta} by PER bias: ${line.join(' ')}`);
  }
}
