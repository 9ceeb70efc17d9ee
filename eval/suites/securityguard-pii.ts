/**
 * `npm run eval -- securityguard-pii`: PII figures on text the detector never trained or was tuned on.
 *
 * Headline 1: pii/dev.jsonl (presidio-research generator) used only as a test set: F2 over PERSON,
 *   ADDRESS, PHONE, EMAIL, CARD, IBAN, SSN, IP, DRIVER_LICENSE, PASSPORT (overlap match, same type),
 *   with a regex + capitalized-bigram baseline on the same rows.
 * Headline 2: person F1 on ner/wnut17_dev.jsonl (social-media posts); the tagger is trained on
 *   wnut17_train, btc, wikigold and synthetic sentences, never on wnut17_dev.
 * Also: address recall on addresses/opencage_testcases.jsonl (formats of many countries).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { detectPii, type PiiType } from '../../src/guards/securityguard/pii/index.js';
import { loadNerModel } from '../../src/guards/securityguard/pii/ner/model.js';
import { readJsonl, readProbe } from '../lib/datasets.js';
import { fmt, percentile } from '../lib/metrics.js';
import { phoneCases } from '../lib/phone-synthetic.js';
import { baselinePii } from '../lib/pii-baseline.js';
import {
  countSpans,
  joinTokens,
  type LabelledSpan,
  personRanges,
  type SpanCounts,
  tokenRanges,
} from '../lib/spans.js';

export const name = 'securityguard-pii';

/** Headline types: our name -> the dataset's (presidio's) label. */
const HEADLINE: [PiiType, string][] = [
  ['PERSON', 'PERSON'],
  ['ADDRESS', 'ADDRESS'],
  ['PHONE', 'PHONE_NUMBER'],
  ['EMAIL', 'EMAIL_ADDRESS'],
  ['CREDIT_CARD', 'CREDIT_CARD'],
  ['IBAN', 'IBAN_CODE'],
  ['US_SSN', 'US_SSN'],
  ['IP_ADDRESS', 'IP_ADDRESS'],
  ['DRIVER_LICENSE', 'US_DRIVER_LICENSE'],
  ['PASSPORT', 'PASSPORT'],
];
const LABEL = new Map<string, string>(HEADLINE);
const HEADLINE_LABELS = new Set(HEADLINE.map(([, l]) => l));

interface PiiRow {
  id: string;
  text: string;
  spans: LabelledSpan[];
}

const fBeta = (p: number, r: number, beta: number): number =>
  p + r === 0 ? 0 : ((1 + beta * beta) * p * r) / (beta * beta * p + r);

function summary(per: Map<string, SpanCounts>): { p: number; r: number; c: SpanCounts } {
  const c = { tp: 0, fp: 0, fn: 0 };
  for (const v of per.values()) {
    c.tp += v.tp;
    c.fp += v.fp;
    c.fn += v.fn;
  }
  return { p: c.tp / (c.tp + c.fp || 1), r: c.tp / (c.tp + c.fn || 1), c };
}

function piiTestSet(): void {
  const rows = readJsonl<PiiRow>('pii/dev.jsonl');
  const ours = new Map<string, SpanCounts>();
  const base = new Map<string, SpanCounts>();
  const times: number[] = [];
  const goldCount = new Map<string, number>();
  for (const row of rows) {
    const gold = row.spans.filter((s) => HEADLINE_LABELS.has(s.type));
    for (const g of gold) goldCount.set(g.type, (goldCount.get(g.type) ?? 0) + 1);
    const t0 = performance.now();
    const found = detectPii(row.text);
    times.push(performance.now() - t0);
    const pred = found.flatMap((e) => {
      const l = LABEL.get(e.type);
      return l ? [{ type: l, start: e.start, end: e.end }] : [];
    });
    countSpans(gold, pred, ours);
    const bpred = baselinePii(row.text).map((e) => ({
      type: LABEL.get(e.type as PiiType) ?? e.type,
      start: e.start,
      end: e.end,
    }));
    countSpans(gold, bpred, base);
  }
  console.log(
    `PII on pii/dev.jsonl as a pure test set (${rows.length} rows; never used for training or tuning; overlap match, same type)`,
  );
  for (const [label, per] of [
    ['SecurityGuard', ours],
    ['baseline (regex + capitalized bigram)', base],
  ] as const) {
    const s = summary(per);
    console.log(
      `  HEADLINE ${label}: F2=${fmt(fBeta(s.p, s.r, 2))} P=${fmt(s.p)} R=${fmt(s.r)} (tp ${s.c.tp} fp ${s.c.fp} fn ${s.c.fn})`,
    );
  }
  for (const [, l] of HEADLINE) {
    const c = ours.get(l) ?? { tp: 0, fp: 0, fn: 0 };
    const b = base.get(l) ?? { tp: 0, fp: 0, fn: 0 };
    const p = c.tp / (c.tp + c.fp || 1);
    const r = c.tp / (c.tp + c.fn || 1);
    const bp = b.tp / (b.tp + b.fp || 1);
    const br = b.tp / (b.tp + b.fn || 1);
    const n = goldCount.get(l) ?? 0;
    console.log(
      `    ${l.padEnd(18)} gold=${String(n).padStart(4)}  ours P=${fmt(p)} R=${fmt(r)} F2=${fmt(fBeta(p, r, 2))}  | baseline F2=${fmt(fBeta(bp, br, 2))}${n === 0 ? '  (no gold spans in this set)' : ''}`,
    );
  }
  console.log(
    `  latency per row: p50=${fmt(percentile(times, 50), 4)}ms p95=${fmt(percentile(times, 95), 4)}ms`,
  );
}

interface NerRow {
  tokens: string[];
  tags: string[];
}

/** Token ranges of gold PER entities and of predicted PERSON char spans. */
function personF1(): void {
  const rows = readJsonl<NerRow>('ner/wnut17_dev.jsonl');
  const tally = () => ({ tp: 0, fp: 0, fn: 0, ltp: 0, lfp: 0, lfn: 0 });
  const ours = tally();
  const base = tally();
  for (const row of rows) {
    const { text, offsets } = joinTokens(row.tokens);
    const gold = personRanges(row.tags);
    const score = (pred: [number, number][], t: ReturnType<typeof tally>) => {
      const key = (r: [number, number]) => `${r[0]}:${r[1]}`;
      const g = new Set(gold.map(key));
      const p = new Set(pred.map(key));
      for (const k of p) g.has(k) ? t.tp++ : t.fp++;
      for (const k of g) if (!p.has(k)) t.fn++;
      const ov = (a: [number, number], b: [number, number]) => a[0] <= b[1] && b[0] <= a[1];
      for (const r of pred) gold.some((x) => ov(r, x)) ? t.ltp++ : t.lfp++;
      for (const x of gold) if (!pred.some((r) => ov(r, x))) t.lfn++;
    };
    score(tokenRanges(detectPii(text, { types: ['PERSON'] }), offsets), ours);
    score(
      tokenRanges(
        baselinePii(text).filter((s) => s.type === 'PERSON'),
        offsets,
      ),
      base,
    );
  }
  const meta = loadNerModel()?.meta ?? {};
  console.log(
    `Person names on ner/wnut17_dev.jsonl (${rows.length} posts; tagger trained on ${JSON.stringify(meta.trainedOn ?? 'no model')}, never on this file)`,
  );
  for (const [label, t] of [
    ['SecurityGuard', ours],
    ['baseline (capitalized bigram)', base],
  ] as const) {
    const f1 = (tp: number, fp: number, fn: number) => {
      const p = tp / (tp + fp || 1);
      const r = tp / (tp + fn || 1);
      return `F1=${fmt(fBeta(p, r, 1))} P=${fmt(p)} R=${fmt(r)}`;
    };
    console.log(
      `  HEADLINE ${label} person ${f1(t.tp, t.fp, t.fn)} (exact span)  | overlap match ${f1(t.ltp, t.lfp, t.lfn)}`,
    );
  }
}

interface AddressRow {
  components: Record<string, string>;
  address: string;
}

/** Share of opencage test addresses (many countries) whose street line a predicted ADDRESS span covers. */
function addressRecall(): void {
  const rows = readJsonl<AddressRow>('addresses/opencage_testcases.jsonl').filter(
    (r) => r.components.road && r.address.includes(r.components.road),
  );
  const lead = 'Please send the documents to:\n';
  let ours = 0;
  let base = 0;
  let oursChars = 0;
  let total = 0;
  for (const r of rows) {
    const text = `${lead}${r.address}\nThanks!`;
    const s = lead.length + r.address.indexOf(r.components.road!);
    const e = s + r.components.road!.length;
    const found = detectPii(text, { types: ['ADDRESS'] });
    if (found.some((f) => f.start < e && s < f.end)) ours++;
    if (baselinePii(text).some((f) => f.type === 'ADDRESS' && f.start < e && s < f.end)) base++;
    const a0 = lead.length;
    const a1 = a0 + r.address.length;
    for (const f of found) oursChars += Math.max(0, Math.min(a1, f.end) - Math.max(a0, f.start));
    total += r.address.length;
  }
  console.log(
    `Addresses on addresses/opencage_testcases.jsonl (${rows.length} with a street; formats of many countries; not trained on, but its misses guided development, so not a clean held-out figure): street found ${fmt(ours / rows.length)} (${ours}/${rows.length}), characters of the block covered ${fmt(oursChars / total)} | baseline street found ${fmt(base / rows.length)}`,
  );
}

/** detectPii alone on 1 KB and 10 KB of ordinary prose with a few entities (the bench's paragraph). */
function latencyBySize(): void {
  const paragraph =
    'Please summarize the following meeting notes for the product team. We discussed the release ' +
    'schedule, the migration of the billing service to the new database, and customer feedback about ' +
    'the onboarding flow. Ana will prepare the rollout plan; Tom asked whether we should ignore the ' +
    "noise in last week's metrics. Contact ana@example.com or call +1 415 555 0100 for details. ";
  const parts: string[] = [];
  for (const bytes of [1024, 10240]) {
    const text = paragraph.repeat(Math.ceil(bytes / paragraph.length)).slice(0, bytes);
    const n = bytes > 2000 ? 300 : 2000;
    const times: number[] = [];
    for (let i = 0; i < n + 200; i++) {
      const t = `${text.slice(0, -1)}${String.fromCharCode(97 + (i % 26))}`;
      const t0 = performance.now();
      detectPii(t);
      if (i >= 200) times.push(performance.now() - t0);
    }
    parts.push(`${bytes / 1024} KB p50 ${fmt(percentile(times, 50), 3)} ms`);
  }
  console.log(`detectPii latency (tagger included): ${parts.join(', ')}`);
}

/** Phone recall on synthetic numbers (eval/lib/phone-synthetic.ts); the shapes guided development. */
function phoneSynthetic(): void {
  const { positives, negatives } = phoneCases(3000);
  const hit = (
    text: string,
    s: number,
    e: number,
    detect: (t: string) => { type: string; start: number; end: number }[],
  ) => detect(text).some((f) => f.type === 'PHONE' && f.start < e && s < f.end);
  const ours = positives.filter((c) => hit(c.text, c.start, c.end, detectPii)).length;
  const base = positives.filter((c) => hit(c.text, c.start, c.end, baselinePii)).length;
  const fp = negatives.filter((t) => hit(t, 0, t.length, detectPii)).length;
  console.log(
    `Phones, synthetic (${positives.length}: faker locales, libphonenumber example numbers, US generator shapes; in-development probe, not held out): recall ${fmt(ours / positives.length)} | baseline ${fmt(base / positives.length)}; non-phone numbers flagged ${fp}/${negatives.length}`,
  );
}

/**
 * Phones in sentences (eval/data/phones_labelled.jsonl, written for this probe): national formats
 * of 30 countries, and numbers labelled as something else (a population, an invoice, a tracking
 * code, a build) that are no phone. Set "first" was written before the label rule in detect.ts
 * (OTHER_NUMBER_LABEL), which was made from its misses; set "second" was written before the rule
 * was run, and one fault it showed ("Invoice no. ...") was mended after. 2026-12-05: before the
 * rule, phones found 40/40, labelled numbers flagged 8/20 (3/10 and 5/10).
 */
function phonesLabelled(): void {
  const rows = readProbe<{ text: string; phone: boolean; set: string }>('phones_labelled.jsonl');
  const flagged = (t: string, detect: (t: string) => { type: string }[]) =>
    detect(t).some((f) => f.type === 'PHONE');
  const line = (detect: (t: string) => { type: string }[]) => {
    const pos = rows.filter((r) => r.phone);
    const neg = rows.filter((r) => !r.phone);
    return `phones found ${pos.filter((r) => flagged(r.text, detect)).length}/${pos.length}, labelled numbers flagged ${neg.filter((r) => flagged(r.text, detect)).length}/${neg.length}`;
  };
  console.log(
    `Phones in sentences (eval/data/phones_labelled.jsonl, 30 national formats and 20 labelled non-phone numbers, written for this probe; in-development): ${line(detectPii)} | baseline ${line(baselinePii)}`,
  );
}

/**
 * Addresses inside sentences (eval/data/addresses_sentences.jsonl, 15 of 14 countries, written for
 * this probe on 2026-12-05 before it was run): found at its first run 14/15; the miss, a Dutch canal
 * street ("Prinsengracht 263"), was mended after (-gracht and a few other street endings in
 * address.ts COMPOUND), so the figure is in-development.
 */
function addressSentences(): void {
  const rows = readProbe<{ text: string }>('addresses_sentences.jsonl');
  const found = (detect: (t: string) => { type: string }[]) =>
    rows.filter((r) => detect(r.text).some((f) => f.type === 'ADDRESS')).length;
  console.log(
    `Addresses in sentences (eval/data/addresses_sentences.jsonl, ${rows.length}, written for this probe; in-development): found ${found(detectPii)}/${rows.length} | baseline ${found(baselinePii)}/${rows.length}`,
  );
}

export async function run(): Promise<void> {
  const t0 = performance.now();
  loadNerModel();
  console.log(`entity tagger load: ${fmt(performance.now() - t0, 1)} ms`);
  piiTestSet();
  personF1();
  addressRecall();
  phoneSynthetic();
  phonesLabelled();
  addressSentences();
  germanProbe();
  worldNames();
  latencyBySize();
}

/**
 * Names of many countries in sentence templates (eval/data/names_world.json, written for this probe):
 * the share of names found (overlap) and found exactly. In-development: its misses led to the
 * unknown-lead join of entities.ts (0.964 -> 0.974 found).
 */
function worldNames(): void {
  const probe = JSON.parse(readFileSync(new URL('../data/names_world.json', import.meta.url), 'utf8')) as {
    names: string[];
    templates: string[];
  };
  const score = (detect: (text: string) => { type: string; start: number; end: number }[]) => {
    let found = 0;
    let exact = 0;
    for (const name of probe.names)
      for (const template of probe.templates) {
        const text = template.replace('{N}', name);
        const start = text.indexOf(name);
        const end = start + name.length;
        const hits = detect(text).filter((e) => e.type === 'PERSON' && e.start < end && start < e.end);
        if (hits.length > 0) found++;
        if (hits.some((e) => e.start === start && e.end === end)) exact++;
      }
    const n = probe.names.length * probe.templates.length;
    return `found ${fmt(found / n)}, exact ${fmt(exact / n)}`;
  };
  console.log(
    `Names of many countries in templates (eval/data/names_world.json, ${probe.names.length} names x ${probe.templates.length} templates written for this probe; in-development): ${score(detectPii)} | baseline ${score(baselinePii)}`,
  );
}

/**
 * Person names in German text (eval/data/pii_german*.jsonl, sentences written for this probe:
 * business mail, forms, news; German capitalizes every noun, so capitals say little there). Overlap
 * match; a gold name is written without its title ("Frau", "Dr."). pii_german.jsonl was written
 * while the German rules (pii/german.ts) were developed; pii_german_fresh.jsonl after them: its first run
 * (F1 0.870, P 0.769, 3 false names) showed two faults, fixed after: a lower-case word inside a span
 * counted as a capitalized word of a name ("Abschluss seiner Ausbildung"), and short sentences of
 * few function words did not read as German (noun endings such as "-ung" now count). Nothing else. Neither is independent data: both are our own text.
 */
function germanProbe(): void {
  germanFile(
    'pii_german.jsonl',
    'written while the German rules were developed; in-development, not held out',
  );
  germanFile(
    'pii_german_fresh.jsonl',
    'written after the rules; two faults it showed were fixed after its first run (F1 0.870)',
  );
}

function germanFile(file: string, note: string): void {
  const rows = readProbe<{ text: string; persons: string[] }>(file);
  const score = (detect: (text: string) => { type: string; start: number; end: number }[]) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let exact = 0;
    for (const { text, persons } of rows) {
      const gold = persons.map((name) => {
        const start = text.indexOf(name);
        return { start, end: start + name.length };
      });
      const found = detect(text).filter((e) => e.type === 'PERSON');
      for (const g of gold) {
        const hit = found.find((e) => e.start < g.end && g.start < e.end);
        if (!hit) fn++;
        else {
          tp++;
          if (hit.start === g.start && hit.end === g.end) exact++;
        }
      }
      fp += found.filter((e) => !gold.some((g) => e.start < g.end && g.start < e.end)).length;
    }
    const p = tp / Math.max(1, tp + fp);
    const r = tp / Math.max(1, tp + fn);
    return `F1 ${fmt(fBeta(p, r, 1))} P ${fmt(p)} R ${fmt(r)} (exact ${exact}/${tp + fn}, false names ${fp})`;
  };
  console.log(
    `Person names in German text (eval/data/${file}, ${rows.length} sentences written for this probe; ${note}): ${score(detectPii)} | baseline ${score(baselinePii)}`,
  );
}
