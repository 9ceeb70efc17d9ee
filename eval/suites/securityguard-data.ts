/**
 * SecurityGuard data detectors: PII (per entity on ../shared/datasets/pii/dev.jsonl), secrets (own
 * labelled set, compared with secretlint's recommended preset), code injection and URLs (own labelled
 * sets in eval/data). Prints precision, recall, F1/F2 and latency p50/p95 per detector.
 */
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import nlp from 'compromise';
import { detectCodeInjection } from '../../src/guards/securityguard/codeinjection/index.js';
import { detectPii } from '../../src/guards/securityguard/pii/index.js';
import { detectSecrets } from '../../src/guards/securityguard/secrets/index.js';
import { analyzeUrls } from '../../src/guards/securityguard/urls/index.js';
import { readJsonl, readProbe } from '../lib/datasets.js';
import { addOutcome, emptyConfusion, fmt, percentile, scores } from '../lib/metrics.js';
import { countSpans, type SpanCounts } from '../lib/spans.js';

export const name = 'securityguard-data';

/** Our PII types mapped to the dataset's labels (Presidio's names). */
const LABEL_OF: Record<string, string> = {
  EMAIL: 'EMAIL_ADDRESS',
  PHONE: 'PHONE_NUMBER',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN: 'IBAN_CODE',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  DATE_OF_BIRTH: 'DATE_TIME',
  ADDRESS: 'ADDRESS',
  PERSON: 'PERSON',
  DRIVER_LICENSE: 'US_DRIVER_LICENSE',
};
const SUPPORTED = new Set(Object.values(LABEL_OF));

interface PiiRow {
  id: string;
  text: string;
  spans: { type: string; start: number; end: number }[];
}

const fBeta = (p: number, r: number, beta: number): number =>
  p + r === 0 ? 0 : ((1 + beta * beta) * p * r) / (beta * beta * p + r);

function timeIt<T>(fn: () => T, times: number[]): T {
  const t0 = performance.now();
  const out = fn();
  times.push(performance.now() - t0);
  return out;
}

function latency(times: number[]): string {
  return `p50=${fmt(percentile(times, 50), 4)}ms p95=${fmt(percentile(times, 95), 4)}ms`;
}

function evalPii(): void {
  const rows = readJsonl<PiiRow>('pii/dev.jsonl');
  const per = new Map<string, SpanCounts>();
  const times: number[] = [];
  for (const row of rows) {
    const pred = timeIt(() => detectPii(row.text), times).map((e) => ({
      type: LABEL_OF[e.type] ?? e.type,
      start: e.start,
      end: e.end,
    }));
    countSpans(row.spans, pred, per);
  }
  console.log(`PII on pii/dev.jsonl (${rows.length} rows; overlap match, same type)`);
  const total = { tp: 0, fp: 0, fn: 0 };
  const supported = { tp: 0, fp: 0, fn: 0 };
  for (const [type, c] of [...per].sort((a, b) => a[0].localeCompare(b[0]))) {
    const p = c.tp / (c.tp + c.fp || 1);
    const r = c.tp / (c.tp + c.fn || 1);
    const tag = SUPPORTED.has(type) ? '' : c.tp + c.fp === 0 ? '  (not detected)' : '  (no label in data)';
    console.log(
      `  ${type.padEnd(18)} tp=${c.tp} fp=${c.fp} fn=${c.fn}  P=${fmt(p)} R=${fmt(r)} F2=${fmt(fBeta(p, r, 2))}${tag}`,
    );
    for (const k of ['tp', 'fp', 'fn'] as const) {
      total[k] += c[k];
      if (SUPPORTED.has(type) || c.tp + c.fp > 0) supported[k] += c[k];
    }
  }
  for (const [label, c] of [
    ['supported types', supported],
    ['all label types', total],
  ] as const) {
    const p = c.tp / (c.tp + c.fp || 1);
    const r = c.tp / (c.tp + c.fn || 1);
    console.log(
      `  overall (${label}): P=${fmt(p)} R=${fmt(r)} F1=${fmt(fBeta(p, r, 1))} F2=${fmt(fBeta(p, r, 2))}`,
    );
  }
  console.log(`  latency per row: ${latency(times)}`);
  comparePersonsWithCompromise(rows);
}

/** compromise's people() against our rules, PERSON only, to decide whether it earns its cost. */
function comparePersonsWithCompromise(rows: PiiRow[]): void {
  const ours = new Map<string, SpanCounts>();
  const theirs = new Map<string, SpanCounts>();
  const oursT: number[] = [];
  const theirsT: number[] = [];
  for (const row of rows) {
    const gold = row.spans.filter((s) => s.type === 'PERSON');
    const mine = timeIt(() => detectPii(row.text, { types: ['PERSON'] }), oursT);
    countSpans(
      gold,
      mine.map((e) => ({ type: 'PERSON', start: e.start, end: e.end })),
      ours,
    );
    const people = timeIt(
      () => nlp(row.text).people().json({ offset: true }) as { offset: { start: number; length: number } }[],
      theirsT,
    );
    countSpans(
      gold,
      people.map((p) => ({ type: 'PERSON', start: p.offset.start, end: p.offset.start + p.offset.length })),
      theirs,
    );
  }
  for (const [label, per, t] of [
    ['rules (ours)', ours, oursT],
    ['compromise people()', theirs, theirsT],
  ] as const) {
    const c = per.get('PERSON') ?? { tp: 0, fp: 0, fn: 0 };
    const p = c.tp / (c.tp + c.fp || 1);
    const r = c.tp / (c.tp + c.fn || 1);
    console.log(
      `  PERSON via ${label.padEnd(20)} P=${fmt(p)} R=${fmt(r)} F2=${fmt(fBeta(p, r, 2))}  ${latency(t)}`,
    );
  }
}

/** False alarms of the payload detectors on ordinary prompts (benign rows of injection/dev.jsonl). */
function benignFalseAlarms(): void {
  const rows = readJsonl<{ text: string; label: string }>('injection/dev.jsonl').filter(
    (r) => r.label === 'benign',
  );
  const serious = (s: string) => s !== 'low' && s !== 'info';
  let ci = 0;
  let urls = 0;
  let secrets = 0;
  for (const row of rows) {
    if (detectCodeInjection(row.text).some((h) => serious(h.severity))) ci++;
    if (analyzeUrls(row.text).some((u) => u.risks.some((r) => serious(r.severity)))) urls++;
    if (detectSecrets(row.text).some((h) => serious(h.severity))) secrets++;
  }
  const rate = (n: number) => `${n}/${rows.length} (${fmt(n / rows.length, 4)})`;
  console.log(
    `False alarms (medium+) on ${rows.length} benign prompts of injection/dev.jsonl: code_injection ${rate(ci)}, urls ${rate(urls)}, secrets ${rate(secrets)}`,
  );
}

/** Two 1 KB texts: one dense with PII, one ordinary message with a little of everything. */
const KB_DENSE = 'Contact Jane Doe at jane.doe@example.com or +1 415 555 0100. '.repeat(17).slice(0, 1024);
const KB_MIXED = (
  'Hi team, please review the deployment notes before Friday. The staging server at https://staging.example.com ' +
  'was updated. If anything breaks, call Maria Lopez on +44 20 7946 0958 or write to ops@example.org. The invoice ' +
  'total is $1,250 and the ticket is OPS-4411. We moved the office to 221 Baker Street, London. Thanks, Daniel. '
)
  .repeat(4)
  .slice(0, 1024);

function latencyOn1Kb(): void {
  const detectors: [string, (t: string) => unknown][] = [
    ['pii', (t) => detectPii(t)],
    ['secrets', (t) => detectSecrets(t)],
    ['code_injection', (t) => detectCodeInjection(t)],
    ['urls', (t) => analyzeUrls(t)],
  ];
  console.log(
    'Latency on 1 KB (1000 runs after 2000 warm-up; tails include scheduling noise of a shared 2-core box)',
  );
  for (const [label, fn] of detectors) {
    const line: string[] = [];
    for (const [kind, text] of [
      ['mixed', KB_MIXED],
      ['dense', KB_DENSE],
    ] as const) {
      for (let i = 0; i < 2000; i++) fn(text);
      const t: number[] = [];
      for (let i = 0; i < 1000; i++) timeIt(() => fn(text), t);
      line.push(`${kind} ${latency(t)}`);
    }
    console.log(`  ${label.padEnd(15)} ${line.join(' | ')}`);
  }
}

interface LabelledRow {
  id: string;
  text: string;
  label: string;
}

async function evalSecrets(): Promise<void> {
  const rows = readProbe<LabelledRow>('secrets.jsonl');
  const scored = rows.filter((r) => r.label !== 'example');
  const ours = emptyConfusion();
  const lint = emptyConfusion();
  const oursT: number[] = [];
  const lintT: number[] = [];
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] };
  for (const row of scored) {
    const actual = row.label === 'secret';
    const hits = timeIt(() => detectSecrets(row.text), oursT);
    addOutcome(
      ours,
      hits.some((h) => h.severity !== 'low' || h.rule === 'stripe-test-key'),
      actual,
    );
    const t0 = performance.now();
    const res = await lintSource({
      source: { content: row.text, filePath: 'input.txt', contentType: 'text' },
      options: { config, noPhysicFilePath: true },
    });
    lintT.push(performance.now() - t0);
    addOutcome(lint, res.messages.length > 0, actual);
  }
  const examples = rows.filter((r) => r.label === 'example');
  const lowExamples = examples.filter((r) => detectSecrets(r.text).some((h) => h.docExample)).length;
  console.log(`Secrets on eval/data/secrets.jsonl (${scored.length} rows: positives vs negatives)`);
  for (const [label, c, t] of [
    ['rule table', ours, oursT],
    ['secretlint preset-recommend', lint, lintT],
  ] as const) {
    const s = scores(c);
    console.log(
      `  ${label.padEnd(28)} P=${fmt(s.precision)} R=${fmt(s.recall)} F1=${fmt(s.f1)} FPR=${fmt(s.fpr)} tp=${c.tp} fp=${c.fp} fn=${c.fn}  ${latency([...t])}`,
    );
  }
  console.log(`  documentation examples reported at low severity: ${lowExamples}/${examples.length}`);
}

function evalBinary(label: string, file: string, predict: (text: string) => boolean): void {
  const rows = readProbe<LabelledRow>(file);
  const c = emptyConfusion();
  const times: number[] = [];
  const misses: string[] = [];
  for (const row of rows) {
    const predicted = timeIt(() => predict(row.text), times);
    const actual = row.label !== 'benign';
    addOutcome(c, predicted, actual);
    if (predicted !== actual) misses.push(`${actual ? 'FN' : 'FP'} ${row.id}`);
  }
  const s = scores(c);
  console.log(
    `${label} on eval/data/${file} (${rows.length} rows): P=${fmt(s.precision)} R=${fmt(s.recall)} F1=${fmt(s.f1)} FPR=${fmt(s.fpr)} tp=${c.tp} fp=${c.fp} fn=${c.fn} tn=${c.tn}  ${latency(times)}`,
  );
  if (misses.length > 0) console.log(`  misclassified: ${misses.join(', ')}`);
}

export async function run(): Promise<void> {
  // Latency first, before the larger runs below grow the heap and add collector pauses to the tails.
  latencyOn1Kb();
  evalPii();
  await evalSecrets();
  evalBinary('Code injection', 'code_injection.jsonl', (t) =>
    detectCodeInjection(t).some(
      (h) => h.severity === 'high' || h.severity === 'critical' || h.severity === 'medium',
    ),
  );
  evalBinary('URLs', 'urls.jsonl', (t) =>
    analyzeUrls(t).some((u) => u.risks.some((r) => r.severity !== 'info')),
  );
  benignFalseAlarms();
}
