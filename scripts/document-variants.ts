/**
 * `npx tsx scripts/document-variants.ts [seeds] [name filter]`: the issue-10 experiments on the
 * document model, on the leave-one-kind-out folds of `train:document --report --no-strict` (same
 * folds, seeds 5 + 100 * s, same data). Each fold model is trained once and scored by every scoring
 * variant whose name contains the filter (and `base`); each variant's threshold is picked on the
 * other kinds' clean tune documents as in fitDocumentModel. Prints recall / clean flagged / oracle
 * recall at 2% of the left-out kind's own clean documents, mean over seeds with per-seed flags.
 * Environment: TV (training variant, see TRAIN_VARIANTS; default base), DS (data seed of our
 * generated documents, as --data-seed), HALU (`train`, `tune` or `train+tune`: HaluEval general
 * responses as extra clean training documents and/or a threshold group), IMPCODE=1 (an imperative
 * lead on a line of code also counts as a direct cue), DUMP (a variant name: print the code fold's
 * flagged clean units), BAG (models averaged, as --bag), WIKI=1 (see wikiDocs). It reads the
 * left-out kinds: choosing a variant from its output is choosing on the test folds. Topic share
 * (TV=topic: learned topic features; TOPIC_PAIR=1, TOPIC_TMPL=skip, TOPIC_SCHEME=count their
 * variants; PRINTW=1 prints their weights); `base` is the default scoring (context shift and
 * TOPIC_DISCOUNT), `topicdisc N` the same with another discount (0: none, the earlier default). Figures:
 * scripts/document-loko.ts, fitDocumentModel.
 */
import { readJsonl } from '../eval/lib/datasets.js';
import {
  distinctWords,
  featurizeDocument,
  type ScoredUnit,
  TOPIC_DISCOUNT,
  topicOverlap,
  unitGrams,
} from '../src/guards/securityguard/injection/document.js';
import { namedFeature } from '../src/guards/securityguard/injection/features.js';
import {
  DOC_BAG,
  DOC_FPR_TARGET,
  DOC_L2,
  type Doc,
  documentRows,
  fitDocumentModel,
  foldSeed,
  KINDS,
  kindFold,
  unitSamples,
} from './document-loko.js';
import { type LinearModel, type Sample, thresholdForFpr, trainLr } from './injection-lr.js';
import { hashId } from './injection-split.js';

const MIN_ABS = 1e-3;

interface Ctx {
  model: LinearModel;
  /** Mean gram weight over the grams of the training negatives' units (frequency-weighted). */
  negMean: number;
}

type Scorer = (ctx: Ctx, d: Doc) => number[];

function rawLogits(ctx: Ctx, d: Doc, impute: number | null): number[] {
  const { model } = ctx;
  return d.units.map((u) => {
    let z = model.bias;
    if (u.grams.length > 0) {
      let sum = 0;
      for (const g of u.grams) {
        const w = model.w[g] ?? 0;
        sum += Math.abs(w) < MIN_ABS ? (impute ?? 0) : w;
      }
      z += sum / Math.sqrt(u.grams.length);
    }
    for (const f of u.named) z += model.w[f] ?? 0;
    return z;
  });
}

function meanShift(z: number[], units: readonly ScoredUnit[], weight: number, minWords = 6): number[] {
  let n = 0;
  let sum = 0;
  for (const [i, u] of units.entries()) {
    if (!u.prose) continue;
    n++;
    sum += z[i] as number;
  }
  return z.map((zi, i) => {
    const u = units[i] as ScoredUnit;
    const others = u.prose ? n - 1 : n;
    if (others < 1) return zi;
    const scale = Math.min(1, distinctWords(u) / minWords);
    return zi - (scale * weight * (u.prose ? sum - zi : sum)) / others;
  });
}

function medianShift(z: number[], units: readonly ScoredUnit[], weight: number): number[] {
  return z.map((zi, i) => {
    const others: number[] = [];
    for (const [j, u] of units.entries()) if (j !== i && u.prose) others.push(z[j] as number);
    if (others.length < 1) return zi;
    others.sort((a, b) => a - b);
    const m = others.length;
    const med =
      m % 2 === 1
        ? (others[(m - 1) / 2] as number)
        : ((others[m / 2 - 1] as number) + (others[m / 2] as number)) / 2;
    const scale = Math.min(1, distinctWords(units[i] as ScoredUnit) / 6);
    return zi - scale * weight * med;
  });
}

// ---------- cues read off a unit's named features ----------
const OPENER_WORDS = (
  'also p.s ps note important additionally please kindly then now and assistant ai finally moreover ' +
  'furthermore instruction reminder attention'
).split(' ');
const features = (names: string[]): Set<number> => new Set(names.map((n) => namedFeature(`doc:${n}`)));
/** Any cue of an order: an imperative lead, an opener, or a pointer to the assistant, its work or the user. */
const ANY_CUE = features([
  'lead:imperative',
  ...OPENER_WORDS.map((w) => `open:${w}`),
  ...['your_output', 'to_model', 'deictic', 'your_work', 'the_user', 'redirect'].map((c) => `cue:${c}`),
]);
/** Direct cues only: an opener, the assistant, its output or the user named (deictic, "your code", "instead" left out). */
const DIRECT_CUE = features([
  ...OPENER_WORDS.map((w) => `open:${w}`),
  ...['your_output', 'to_model', 'the_user'].map((c) => `cue:${c}`),
]);
const IMP = namedFeature('doc:lead:imperative');
const CODE_LINE = namedFeature('doc:shape:code_line');
const isQuestion = (d: Doc, u: ScoredUnit): boolean => d.text.slice(u.start, u.end).trimEnd().endsWith('?');
const anyCue = (d: Doc, u: ScoredUnit): boolean => u.named.some((f) => ANY_CUE.has(f)) || isQuestion(d, u);
function directCue(d: Doc, u: ScoredUnit): boolean {
  if (u.named.some((f) => DIRECT_CUE.has(f))) return true;
  if (u.named.includes(IMP) && (process.env.IMPCODE === '1' || !u.named.includes(CODE_LINE))) return true;
  return isQuestion(d, u);
}

// ---------- scoring variants (inference time) ----------
/** Context shift only, without the topic discount (the default before TOPIC_DISCOUNT). */
const shiftedOnly = (c: Ctx, d: Doc): number[] => meanShift(rawLogits(c, d, null), d.units, 0.8);
/** The default scoring (documentScores): context shift and topic discount. */
const shifted = (c: Ctx, d: Doc): number[] =>
  shiftedOnly(c, d).map((z, i) => z - TOPIC_DISCOUNT * (d.units[i] as ScoredUnit).topic);
/** Units without a cue (any cue, or a direct one) lose `penalty` logits. */
const gate =
  (penalty: number, cue: (d: Doc, u: ScoredUnit) => boolean): Scorer =>
  (c, d) =>
    shifted(c, d).map((z, i) => (cue(d, d.units[i] as ScoredUnit) ? z : z - penalty));
const VARIANTS: [string, Scorer][] = [
  // Units lose `a` times their topic share instead of TOPIC_DISCOUNT times (0: no discount).
  ...[0, 1, 3, 4, 6, 8].map((a): [string, Scorer] => [
    `topicdisc ${a}`,
    (c, d) => shiftedOnly(c, d).map((z, i) => z - a * (d.units[i] as ScoredUnit).topic),
  ]),
  // The discount before the context shift (the shift then sees the discounted neighbours).
  ...[2, 4].map((a): [string, Scorer] => [
    `topicpre ${a}`,
    (c, d) =>
      meanShift(
        rawLogits(c, d, null).map((z, i) => z - a * (d.units[i] as ScoredUnit).topic),
        d.units,
        0.8,
      ),
  ]),
  ['base', shifted],
  ['impute negMean', (c, d) => meanShift(rawLogits(c, d, c.negMean), d.units, 0.8)],
  ['impute negMean/2', (c, d) => meanShift(rawLogits(c, d, c.negMean / 2), d.units, 0.8)],
  ['median 0.8', (c, d) => medianShift(rawLogits(c, d, null), d.units, 0.8)],
  ['median 1.0', (c, d) => medianShift(rawLogits(c, d, null), d.units, 1.0)],
  ['impute negMean + median 0.8', (c, d) => medianShift(rawLogits(c, d, c.negMean), d.units, 0.8)],
  ...[1, 2, 4, 100].map((p): [string, Scorer] => [`gate ${p}`, gate(p, anyCue)]),
  ...[1.5, 2, 3, 100].map((p): [string, Scorer] => [`sgate ${p}`, gate(p, directCue)]),
  // The document loses `a` times how close (within 4 logits) the next-highest non-adjacent unit
  // comes to its top unit (an inserted order stands alone; how-to prose has several units alike).
  ...[0.3, 0.6].map((a): [string, Scorer] => [
    `lonely ${a}`,
    (c, d) => {
      const z = shifted(c, d);
      const top = z.reduce((best, v, i) => (v > (z[best] as number) ? i : best), 0);
      let second = Number.NEGATIVE_INFINITY;
      for (const [i, v] of z.entries()) if (Math.abs(i - top) > 1) second = Math.max(second, v);
      if (second === Number.NEGATIVE_INFINITY) return z;
      const drop = a * Math.max(0, 4 - ((z[top] as number) - second));
      return z.map((v) => v - drop);
    },
  ]),
  // Units that name a piece of code ("Run `pytest`", "np.array") lose `p` logits unless a direct cue addresses the assistant.
  ...[1, 2, 4].map((p): [string, Scorer] => [
    `codepen ${p}`,
    gate(p, (d, u) => directCue(d, u) || !namesCode(d.text.slice(u.start, u.end))),
  ]),
];

// ---------- training variants ----------
const STOP = (
  'the a an of to in on at for by with from as is are was were be been being it its this that these those ' +
  'and or but not no if then so than too very can could will would should may might must do does did done ' +
  'has have had i we he she they them his her their our my me us what which who whom when where why how ' +
  'there here just only also all any some each such more most other into about over after before up out'
).split(' ');
const STOP_GRAMS = new Set(STOP.map((w) => unitGrams(w)[0] as number));
const dropStop = (ds: Doc[]): Doc[] =>
  ds.map((d) => ({
    ...d,
    units: d.units.map((u) => ({ ...u, grams: u.grams.filter((g) => !STOP_GRAMS.has(g)) })),
  }));
/** Negatives weighted so that each kind's negative units weigh the same in total. */
function kindBalanced(train: Doc[]): Sample[] {
  const out: Sample[] = [];
  const byKind = new Map<string, Sample[]>();
  for (const d of train)
    for (const s of unitSamples([d])) {
      if (s.y === 1) out.push(s);
      else {
        const list = byKind.get(d.kind) ?? [];
        list.push(s);
        byKind.set(d.kind, list);
      }
    }
  let total = 0;
  for (const ss of byKind.values()) total += ss.length;
  for (const ss of byKind.values())
    for (const s of ss) out.push({ ...s, weight: total / (byKind.size * ss.length) });
  return out;
}
const withNamed = (ds: Doc[], extra: (d: Doc, u: ScoredUnit) => number | null): Doc[] =>
  ds.map((d) => ({
    ...d,
    units: d.units.map((u) => {
      const f = extra(d, u);
      return f === null ? u : { ...u, named: [...u.named, f] };
    }),
  }));
const NO_CUE = namedFeature('doc:cue:none');
const CODE_REF = namedFeature('doc:cue:code_ref');
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
/** The unit names a piece of code: a `backtick` span, a call "f()", snake_case or a dotted name ("np.array", "setup.py"). */
function namesCode(text: string): boolean {
  if (text.includes('`') || text.includes('()')) return true;
  for (let i = 1; i + 1 < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      (c === 0x5f || c === 0x2e) &&
      isLower(text.charCodeAt(i - 1) | 0x20) &&
      isLower(text.charCodeAt(i + 1))
    )
      return true;
  }
  return false;
}
const TIER_NONE = namedFeature('doc:tier:none');
const TIER_WEAK = namedFeature('doc:tier:weak');
interface TrainVariant {
  name: string;
  docs: (d: Doc[]) => Doc[];
  samples?: (train: Doc[]) => Sample[];
}
/** Topic cues (see topicCues) as learned features; TOPIC_PAIR=1 also pairs them with an imperative lead. */
function withTopic(ds: Doc[]): Doc[] {
  return ds.map((d) => {
    if (process.env.TOPIC_TMPL === 'skip' && d.template === true) return d;
    const cues = topicOverlap(d.text, d.units).map((o) => {
      if (o.words < 2) return 'topic:few';
      if (o.rest < 8) return 'topic:nodoc';
      const share = o.shared / o.words;
      if (process.env.TOPIC_SCHEME === 'count')
        return `topic:s${Math.min(2, o.shared)}${share < 0.34 ? 'lo' : 'hi'}`;
      return share === 0
        ? 'topic:none'
        : share < 0.34
          ? 'topic:low'
          : share < 0.67
            ? 'topic:mid'
            : 'topic:high';
    });
    return {
      ...d,
      units: d.units.map((u, i) => {
        const cue = cues[i] as string;
        const named = [...u.named, namedFeature(`doc:${cue}`)];
        if (process.env.TOPIC_PAIR === '1' && u.named.includes(IMP))
          named.push(namedFeature(`doc:imp+${cue}`));
        return { ...u, named };
      }),
    };
  });
}
const TRAIN_VARIANTS: TrainVariant[] = [
  { name: 'topic', docs: withTopic },
  { name: 'base', docs: (d) => d },
  { name: 'nostop', docs: dropStop },
  { name: 'kindbal', docs: (d) => d, samples: kindBalanced },
  { name: 'nostop+kindbal', docs: dropStop, samples: kindBalanced },
  // A learned feature for units that name a piece of code (the reader's code, not the assistant's task).
  {
    name: 'coderef',
    docs: (ds) => withNamed(ds, (d, u) => (namesCode(d.text.slice(u.start, u.end)) ? CODE_REF : null)),
  },
  // A learned feature for units without any cue.
  { name: 'nocue', docs: (ds) => withNamed(ds, (d, u) => (anyCue(d, u) ? null : NO_CUE)) },
  // Learned features for units with only weak cues and with none.
  {
    name: 'tiers',
    docs: (ds) => withNamed(ds, (d, u) => (directCue(d, u) ? null : anyCue(d, u) ? TIER_WEAK : TIER_NONE)),
  },
];
const tv = TRAIN_VARIANTS.find((v) => v.name === (process.env.TV ?? 'base'));
if (tv === undefined) throw new Error(`TV must be one of ${TRAIN_VARIANTS.map((v) => v.name).join(', ')}`);
console.log(`training variant ${tv.name}`);
function fitVariant(train: Doc[], tune: Doc[], seed: number): { model: LinearModel } {
  if (tv?.samples === undefined)
    return fitDocumentModel(train, tune, seed, Number(process.env.BAG ?? DOC_BAG));
  return { model: trainLr(tv.samples(train), { seed, epochs: 5, l2: DOC_L2 }) };
}

const HALU = process.env.HALU ?? '';
/** HaluEval general responses (clean answers of an assistant, some with code) as `prose` documents. */
function haluDocs(): Doc[] {
  if (HALU === '') return [];
  const out: Doc[] = [];
  for (const r of readJsonl<{ id: string; response: string }>('hallucination/halueval_general_dev.jsonl')) {
    const id = `halu-${r.id}`;
    const role = hashId(`doc:${id}`) % 5 === 0 ? 'tune' : 'train';
    if (role === 'train' && !HALU.includes('train')) continue;
    out.push({
      id,
      text: r.response,
      kind: 'prose',
      attack: false,
      own: false,
      role,
      units: featurizeDocument(r.response),
    });
  }
  return out;
}
/** WIKI=1: encyclopedic knowledge passages (HaluEval QA, BEGIN) as extra clean training documents. */
function wikiDocs(): Doc[] {
  if (process.env.WIKI !== '1') return [];
  const seen = new Set<string>();
  const out: Doc[] = [];
  for (const file of ['hallucination/halueval_qa_dev.jsonl', 'hallucination/begin_dev.jsonl'])
    for (const r of readJsonl<{ id: string; knowledge: string }>(file)) {
      const id = `wiki-${r.id}`;
      if (seen.has(r.knowledge) || hashId(`doc:${id}`) % 5 === 0) continue;
      seen.add(r.knowledge);
      const text = r.knowledge;
      out.push({
        id,
        text,
        kind: 'prose',
        attack: false,
        own: false,
        role: 'train',
        units: featurizeDocument(text),
      });
    }
  return out;
}
const docs = tv.docs([...documentRows(1, Number(process.env.DS ?? 0)), ...haluDocs(), ...wikiDocs()]);
const seeds = Number(process.argv[2] ?? 3);
const only = process.argv[3];
type Res = { recall: number; flagged: number; oracle: number };
const results = new Map<string, Res[]>();

for (let s = 0; s < seeds; s++) {
  for (const [k, kind] of KINDS.entries()) {
    const { train, tune, test } = kindFold(docs, kind);
    const dm = fitVariant(train, tune, foldSeed(5 + 100 * s, k));
    let gs = 0;
    let gn = 0;
    for (const d of train)
      for (const u of d.units) {
        if (d.attack && d.target !== undefined && u.start < d.target.end && u.end > d.target.start) continue;
        for (const g of u.grams) {
          const w = dm.model.w[g] ?? 0;
          if (Math.abs(w) >= MIN_ABS) {
            gs += w;
            gn++;
          }
        }
      }
    const ctx: Ctx = { model: dm.model, negMean: gs / Math.max(1, gn) };
    if (process.env.PRINTW === '1')
      console.log(
        `  weights ${kind}: ${['few', 'nodoc', 'none', 'low', 'mid', 'high']
          .map((c) => `${c} ${(dm.model.w[namedFeature(`doc:topic:${c}`)] ?? 0).toFixed(2)}`)
          .join(' ')} imp ${(dm.model.w[IMP] ?? 0).toFixed(2)}`,
      );

    for (const [name, scorer] of VARIANTS) {
      if (only !== undefined && !name.includes(only) && name !== 'base') continue;
      const score = (d: Doc): number => scorer(ctx, d).reduce((m, z) => Math.max(m, z), -1e9);
      let t = Number.NEGATIVE_INFINITY;
      const groups: Doc[][] = KINDS.map((tk) => tune.filter((d) => !d.attack && d.kind === tk));
      if (HALU.includes('tune')) groups.push(tune.filter((d) => d.id.startsWith('halu-')));
      for (const g of groups) {
        const sc = g.map(score);
        if (sc.length > 0) t = Math.max(t, thresholdForFpr(sc, DOC_FPR_TARGET));
      }
      const attacks = test.filter((d) => d.attack).map(score);
      const clean = test
        .filter((d) => !d.attack)
        .map(score)
        .sort((a, b) => b - a);
      const oracleT = clean[Math.floor(0.02 * clean.length)] ?? Number.NEGATIVE_INFINITY;
      const r: Res = {
        recall: attacks.filter((z) => z >= t).length / attacks.length,
        flagged: clean.filter((z) => z >= t).length / clean.length,
        oracle: attacks.filter((z) => z > oracleT).length / attacks.length,
      };
      if (process.env.DUMP === name && kind === 'code')
        for (const d of test.filter((x) => !x.attack)) {
          const sc = scorer(ctx, d);
          const top = sc.indexOf(Math.max(...sc));
          const u = d.units[top] as ScoredUnit;
          if ((sc[top] as number) >= t)
            console.log(
              `  FLAG ${(sc[top] as number).toFixed(2)} t=${t.toFixed(2)} topic ${u.topic.toFixed(2)} ${JSON.stringify(d.text.slice(u.start, u.end).slice(0, 140))}`,
            );
        }
      const key = `${name} | ${kind}`;
      results.set(key, [...(results.get(key) ?? []), r]);
      console.log(
        `seed ${s + 1} ${key}: recall ${r.recall.toFixed(3)} flagged ${(100 * r.flagged).toFixed(1)}% oracle ${r.oracle.toFixed(3)} (negMean ${ctx.negMean.toFixed(3)})`,
      );
    }
  }
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log('\nsummary (mean over seeds; per seed in brackets): recall / clean flagged / oracle');
for (const [name] of VARIANTS) {
  const parts: string[] = [];
  for (const kind of KINDS) {
    const rs = results.get(`${name} | ${kind}`);
    if (!rs) continue;
    parts.push(
      `${kind} ${mean(rs.map((r) => r.recall)).toFixed(3)}/${(100 * mean(rs.map((r) => r.flagged))).toFixed(1)}% [${rs.map((r) => `${(100 * r.flagged).toFixed(0)}`).join(',')}] o${mean(rs.map((r) => r.oracle)).toFixed(2)}`,
    );
  }
  if (parts.length > 0) console.log(`${name.padEnd(30)} ${parts.join(' · ')}`);
}
