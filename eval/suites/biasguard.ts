/**
 * BiasGuard evaluation.
 * Headline: ToxiGen (hate vs neutral statements about the same groups) by leave-one-group-out:
 * for each target group, the whole training procedure (model, calibration, threshold) runs on
 * every other row and scores that group's rows, which it never saw. The baseline beside it is a
 * bag-of-words logistic regression trained the same way on the other groups' ToxiGen rows.
 * Then, with the committed model (trained without CrowS-Pairs or the injection set): CrowS-Pairs
 * minimal pairs (the more stereotyping sentence should score higher; ties count half), and the
 * flag rate on the benign prompts of injection/dev.jsonl, and the functional probe of
 * eval/data/bias_functional.jsonl, whose hateful cases are scored again with their group term
 * respelt (leetspeak, two letters swapped, one dropped, letters spaced out).
 * The stance cap (detect.ts stanceCapped: a text that only rejects a stereotype or supports a
 * group, or names no group and speaks of one person, scores below the flag point) is a rule over
 * the model; the leave-one-group-out scores
 * apply it as the guard does, and the rows it fires on are counted.
 */

import { allBiasRows, type BiasRow } from '../../scripts/lib/bias-data.js';
import { featurize, fitBias, probabilityOf } from '../../scripts/lib/bias-train.js';
import { logitOf, type SparseExample, trainLogReg } from '../../scripts/lib/logreg.js';
import { analyzeBias, analyzeLexicon, stanceCapped } from '../../src/guards/biasguard/detect.js';
import { FLAG_POINT } from '../../src/guards/biasguard/model.js';
import { STANCE_CAP } from '../../src/guards/biasguard/stance.js';
import { readJsonl, readProbe } from '../lib/datasets.js';
import { addOutcome, auc, emptyConfusion, fmt, percentile, scores } from '../lib/metrics.js';

export const name = 'biasguard';

/** Bag of words: unique lower-cased words hashed into 2^18 buckets, nothing else. */
function bagOfWords(rows: BiasRow[]): SparseExample[] {
  return rows.map((r) => {
    const ids = new Set<number>();
    for (const w of r.text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []) {
      let h = 0x811c9dc5;
      for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
      ids.add((h >>> 0) & ((1 << 18) - 1));
    }
    return { idx: Int32Array.from(ids), dense: new Float64Array(0), y: r.y, weight: 1 };
  });
}

/** The bag-of-words baseline's training settings. */
const BOW_TRAIN = { dims: 1 << 18, denseDims: 0, epochs: 20, learningRate: 0.05, l2: 1e-6, seed: 3 };

/** F1 of the best single threshold over pooled scores (hindsight: how much threshold choice can add). */
function bestPooledF1(pos: number[], neg: number[]): number {
  const all = [...pos.map((p) => ({ p, y: 1 })), ...neg.map((p) => ({ p, y: 0 }))].sort((a, b) => b.p - a.p);
  let best = 0;
  let tp = 0;
  all.forEach((x, i) => {
    tp += x.y;
    best = Math.max(best, (2 * tp) / (i + 1 + pos.length));
  });
  return best;
}

export async function run(): Promise<void> {
  const started = Date.now();
  const rows = allBiasRows();
  const examples = featurize(rows);
  const toxigen = examples.filter((e) => e.row.source === 'toxigen');
  const groups = [...new Set(toxigen.map((e) => e.row.group ?? ''))].sort();
  const model = emptyConfusion();
  const base = emptyConfusion();
  const mPos: number[] = [];
  const mNeg: number[] = [];
  const bPos: number[] = [];
  const bNeg: number[] = [];
  const perGroup: string[] = [];
  const capped = [0, 0];
  // BIAS_EVAL_SEED=k shifts every left-out group's training seeds by k (the seed spread of LOGO).
  const seedShift = Number(process.env.BIAS_EVAL_SEED ?? 0);
  // BIAS_EVAL_SKIP_LOGO=1 skips the leave-one-group-out training (minutes) for the probes below.
  for (const g of process.env.BIAS_EVAL_SKIP_LOGO === '1' ? [] : groups) {
    const train = examples.filter((e) => e.row.group !== g);
    const test = toxigen.filter((e) => e.row.group === g);
    const fit = fitBias(train, 7 + groups.indexOf(g) + seedShift, 3);
    const bowTrain = bagOfWords(toxigen.filter((e) => e.row.group !== g).map((e) => e.row));
    const bow = trainLogReg(bowTrain, BOW_TRAIN);
    const bowTest = bagOfWords(test.map((e) => e.row));
    const own = emptyConfusion();
    test.forEach((e, i) => {
      let p = probabilityOf(fit, e);
      if (stanceCapped(analyzeLexicon(e.row.text).signals, e.row.text)) {
        p = Math.min(p, (fit.threshold * STANCE_CAP) / FLAG_POINT);
        capped[e.y] = (capped[e.y] ?? 0) + 1;
      }
      addOutcome(model, p >= fit.threshold, e.y === 1);
      addOutcome(own, p >= fit.threshold, e.y === 1);
      (e.y === 1 ? mPos : mNeg).push(p);
      const b = bowTest[i];
      const z = b ? logitOf(bow, b) : 0;
      addOutcome(base, z >= 0, e.y === 1);
      (e.y === 1 ? bPos : bNeg).push(z);
    });
    perGroup.push(
      `  ${g.padEnd(20)} n=${String(test.length).padStart(3)} threshold ${fmt(fit.threshold)} ` +
        `tp ${own.tp} fp ${own.fp} fn ${own.fn} tn ${own.tn}`,
    );
  }
  const m = scores(model);
  const b = scores(base);
  console.log(
    `toxigen_dev leave-one-group-out (${groups.length} groups, n=${toxigen.length}): ` +
      `F1 ${fmt(m.f1)} precision ${fmt(m.precision)} recall ${fmt(m.recall)} AUC ${fmt(auc(mPos, mNeg))}` +
      `   | baseline bag-of-words LR (toxigen only): F1 ${fmt(b.f1)} precision ${fmt(b.precision)} recall ${fmt(b.recall)} AUC ${fmt(auc(bPos, bNeg))}`,
  );
  console.log(
    `  pooled F1 at the best single threshold in hindsight (a ceiling for threshold choice, not a result): ${fmt(bestPooledF1(mPos, mNeg))}`,
  );
  console.log(`  stance cap fired on ${capped[1]} hateful and ${capped[0]} neutral rows`);
  for (const line of perGroup) console.log(line);
  console.log(
    `  (training ${groups.length} x 4 models took ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );

  const latencies: number[] = [];
  const score = (text: string): number => {
    const t0 = performance.now();
    const s = analyzeBias(text).score;
    latencies.push(performance.now() - t0);
    return s;
  };
  const inDist = emptyConfusion();
  for (const e of toxigen) addOutcome(inDist, score(e.row.text) >= FLAG_POINT, e.y === 1);
  console.log(
    `  second line, in-distribution (committed model, trained on these rows): F1 ${fmt(scores(inDist).f1)}`,
  );

  const crows = readJsonl<{ sent_more: string; sent_less: string; bias_type: string }>(
    'bias/crows_pairs_dev.jsonl',
  );
  let ordered = 0;
  const perType = new Map<string, { n: number; ordered: number }>();
  for (const row of crows) {
    const more = score(row.sent_more);
    const less = score(row.sent_less);
    const v = more > less ? 1 : more === less ? 0.5 : 0;
    ordered += v;
    const entry = perType.get(row.bias_type) ?? { n: 0, ordered: 0 };
    entry.n++;
    entry.ordered += v;
    perType.set(row.bias_type, entry);
  }
  console.log(
    `crows_pairs_dev n=${crows.length} ordered right (ties half) ${fmt(ordered / crows.length)}  (chance 0.500)`,
  );
  for (const [type, e] of [...perType].sort((x, y) => y[1].n - x[1].n)) {
    console.log(`  ${type.padEnd(20)} n=${String(e.n).padStart(3)} ordered ${fmt(e.ordered / e.n)}`);
  }

  const benign = readJsonl<{ text: string; label: string }>('injection/dev.jsonl').filter(
    (r) => r.label === 'benign',
  );
  let fp = 0;
  for (const row of benign) if (score(row.text) >= FLAG_POINT) fp++;
  console.log(
    `benign prompts of injection/dev n=${benign.length} flagged ${fp} (${fmt((100 * fp) / benign.length, 2)}%)`,
  );
  functionalProbe(score, examples);
  console.log(
    `analyzeBias latency_ms p50=${fmt(percentile(latencies, 50))} p99=${fmt(percentile(latencies, 99))}`,
  );
}

/**
 * HateCheck-style functional cases (eval/data/bias_functional.jsonl, written for this probe and in
 * no training set): hate by kind (derogation, dehumanization, threats, exclusion, implicit
 * stereotypes) and the hard non-hateful cases beside it (counter-speech quoting hate, negated hate,
 * neutral and positive identity mentions, abuse of individuals and of non-protected groups,
 * self-identification). Macro F1 over the two classes, with a bag-of-words baseline trained on
 * every ToxiGen and Davidson row of the training set.
 */
function functionalProbe(score: (text: string) => number, examples: ReturnType<typeof featurize>): void {
  const cases = readProbe<{ text: string; label: number; functionality: string }>('bias_functional.jsonl');
  const bowRows = examples.filter((e) => e.row.source === 'toxigen' || e.row.source === 'davidson');
  const bow = trainLogReg(bagOfWords(bowRows.map((e) => e.row)), BOW_TRAIN);
  const bowOf = bagOfWords(cases.map((c) => ({ text: c.text, y: c.label, source: 'generated', weight: 1 })));
  const model = emptyConfusion();
  const base = emptyConfusion();
  const perKind = new Map<string, { n: number; flagged: number; base: number; label: number }>();
  cases.forEach((c, i) => {
    const flagged = score(c.text) >= FLAG_POINT;
    const b = bowOf[i];
    const baseFlagged = b ? logitOf(bow, b) >= 0 : false;
    addOutcome(model, flagged, c.label === 1);
    addOutcome(base, baseFlagged, c.label === 1);
    const k = perKind.get(c.functionality) ?? { n: 0, flagged: 0, base: 0, label: c.label };
    k.n++;
    if (flagged) k.flagged++;
    if (baseFlagged) k.base++;
    perKind.set(c.functionality, k);
  });
  const macro = (c: ReturnType<typeof emptyConfusion>): number => {
    const pos = scores(c).f1;
    const neg = scores({ tp: c.tn, fp: c.fn, fn: c.fp, tn: c.tp }).f1;
    return (pos + neg) / 2;
  };
  console.log(
    `functional probe (eval/data/bias_functional.jsonl, n=${cases.length}): macro F1 ${fmt(macro(model))}, hateful caught ${fmt(scores(model).recall)}, non-hateful flagged ${fmt(model.fp / (model.fp + model.tn))}` +
      `   | baseline bag-of-words LR (ToxiGen + Davidson): macro F1 ${fmt(macro(base))}, caught ${fmt(scores(base).recall)}, flagged ${fmt(base.fp / (base.fp + base.tn))}`,
  );
  for (const [kind, k] of perKind) {
    console.log(
      `  ${k.label === 1 ? 'hateful    ' : 'non-hateful'} ${kind.padEnd(22)} n=${String(k.n).padStart(2)} flagged ${k.flagged} (baseline ${k.base})`,
    );
  }
  spellingProbe(
    score,
    (text) => {
      const [b] = bagOfWords([{ text, y: 1, source: 'generated', weight: 1 }]);
      return b ? logitOf(bow, b) >= 0 : false;
    },
    cases.filter((c) => c.label === 1).map((c) => c.text),
  );
}

const LEET: Readonly<Record<string, string>> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };
/** Ways to respell a word to slip past a filter (HateCheck's spelling variations), each deterministic. */
const RESPELLINGS: Readonly<Record<string, (w: string) => string>> = {
  leet: (w) => w.replace(/[aeiost]/g, (c) => LEET[c] ?? c),
  swap: (w) => {
    const i = w.length >> 1;
    return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  },
  drop: (w) => w.slice(0, w.length >> 1) + w.slice((w.length >> 1) + 1),
  spaced: (w) => w.split('').join(' '),
};

/**
 * The hateful probe cases again with their first group term (4 letters or more) respelt each way
 * of RESPELLINGS: how much of the hate a misspelling hides, beside the baseline on the same rows.
 */
function spellingProbe(
  score: (text: string) => number,
  baseline: (text: string) => boolean,
  hateful: readonly string[],
): void {
  const parts: string[] = [];
  for (const [name, respell] of Object.entries(RESPELLINGS)) {
    let n = 0;
    let caught = 0;
    let base = 0;
    for (const text of hateful) {
      const span = analyzeLexicon(text).spans.find((s) => /^\p{L}{4,}/u.test(text.slice(s.start, s.end)));
      if (!span) continue;
      const word = /^\p{L}+/u.exec(text.slice(span.start, span.end))?.[0] ?? '';
      const variant =
        text.slice(0, span.start) + respell(word.toLowerCase()) + text.slice(span.start + word.length);
      n++;
      if (score(variant) >= FLAG_POINT) caught++;
      if (baseline(variant)) base++;
    }
    parts.push(`${name} ${caught}/${n} (baseline ${base})`);
  }
  console.log(`  hateful cases with the group term respelt, caught: ${parts.join(', ')}`);
}
