/**
 * `npm run eval -- securityguard`, injection part (runs under the `securityguard` name, before the
 * other SecurityGuard sections). Headline figures are out of source:
 *
 * - Injection: each attack source of injection/dev.jsonl and extra.jsonl (and of our synthetic
 *   families) left out of training in turn; recall at a threshold picked on benign and harmful `tune` rows,
 *   false positives on benign `test` rows; each benign source left out of training and tuning in
 *   turn. A bag-of-words logistic regression runs through the same folds as the baseline.
 * - Document mode: each document kind of injection/indirect_train.jsonl (email, table, code) left
 *   out of training and tuning in turn, together with every inserted instruction it contains.
 *
 * In-distribution figures follow on a line labelled as such. INJECTION_EVAL_SKIP_DOCUMENT=1 stops after
 * the injection part (the document-mode folds take as long again).
 */
import { performance } from 'node:perf_hooks';
import { documentRows, leaveOneKindOut } from '../../scripts/document-loko.js';
import { injectionRows, isOwnSource } from '../../scripts/injection-data.js';
import {
  bowFeaturizer,
  detectorFeaturizer,
  type LosoResult,
  leaveOneSourceOut,
  type Rate,
  ratio,
} from '../../scripts/injection-loso.js';
import { benignPersonaRows } from '../../scripts/injection-personas.js';
import { testConfig } from '../../src/config.js';
import { createSecurityGuard, securityGuardPayload } from '../../src/guards/securityguard/index.js';
import { analyzeInjection } from '../../src/guards/securityguard/injection/detector.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { mulberry32 } from '../../src/util/prng.js';
import { readProbe } from '../lib/datasets.js';
import { fmt, percentile } from '../lib/metrics.js';
import { evalContext } from './securityguard.js';

export const name = 'securityguard';

const cell = (r: Rate | undefined, digits = 3): string =>
  r === undefined ? '-' : `${fmt(ratio(r), digits)} (${r.hit}/${r.n})`;

function pooled(rates: Rate[]): Rate {
  return rates.reduce((acc, r) => ({ hit: acc.hit + r.hit, n: acc.n + r.n }), { hit: 0, n: 0 });
}

function printInjection(det: LosoResult, bow: LosoResult): void {
  console.log(
    'injection, leave-one-source-out (threshold: tune rows, at most 0.8% flagged per benign source and 1.5% of the harmful requests pooled)',
  );
  console.log(
    '  attack source left out   | detector recall   | baseline recall   | fold FP on benign test rows',
  );
  const sources = [...det.attack.keys()].sort(
    (a, b) => Number(isOwnSource(a)) - Number(isOwnSource(b)) || a.localeCompare(b),
  );
  for (const source of sources) {
    const d = det.attack.get(source);
    const b = bow.attack.get(source);
    const label = isOwnSource(source) ? `${source} (ours)` : source;
    console.log(
      `  ${label.padEnd(24)} | ${cell(d?.recall).padEnd(17)} | ${cell(b?.recall).padEnd(17)} | detector ${fmt(ratio(d?.benignFp ?? { hit: 0, n: 0 }), 4)} baseline ${fmt(ratio(b?.benignFp ?? { hit: 0, n: 0 }), 4)}`,
    );
  }
  const shared = sources.filter((s) => !isOwnSource(s));
  const minRecall = Math.min(...shared.map((s) => ratio(det.attack.get(s)?.recall ?? { hit: 0, n: 1 })));
  const allShared = pooled(shared.map((s) => det.attack.get(s)?.recall ?? { hit: 0, n: 0 }));
  const bowShared = pooled(shared.map((s) => bow.attack.get(s)?.recall ?? { hit: 0, n: 0 }));
  console.log(
    `  shared attack sources: pooled recall detector ${cell(allShared)} baseline ${cell(bowShared)}; lowest per-source recall ${fmt(minRecall)}`,
  );
  const harmful = pooled([...det.attack.values()].map((v) => v.harmfulFlagged));
  console.log(
    `  harmful requests (test rows) flagged as injection, mean over folds: ${fmt(ratio(harmful), 4)}`,
  );
  console.log('  negative source left out  | detector flagged  | baseline flagged');
  for (const [source, r] of [...det.negative].sort()) {
    console.log(`  ${source.padEnd(25)} | ${cell(r, 4).padEnd(17)} | ${cell(bow.negative.get(source), 4)}`);
  }
  console.log(
    `  in-distribution (NOT the headline: same sources in training, 20% test rows): recall detector ${cell(det.inDistribution.recall)} baseline ${cell(bow.inDistribution.recall)}; benign FP detector ${cell(det.inDistribution.benignFp, 4)} baseline ${cell(bow.inDistribution.benignFp, 4)}`,
  );
}

/**
 * With INJECTION_EVAL_SEEDS=n (n > 1), the detector's folds are trained again with n - 1 other
 * shuffling seeds and the spread of each per-source figure is printed: a single run's recall on a
 * left-out source and its false positives on a left-out benign source move with the seed alone (by
 * up to 0.16 on PAIR), so a change should beat that spread, not one run. Off by default (each seed
 * is another full set of folds).
 */
function printSeedSpread(first: LosoResult, rows: ReturnType<typeof injectionRows>): void {
  const n = Number(process.env.INJECTION_EVAL_SEEDS ?? 1);
  if (!Number.isInteger(n) || n < 2) return;
  const data = rows.map((r) => detectorFeaturizer.featurize(r));
  const runs = [first];
  for (let k = 1; k < n; k++) runs.push(leaveOneSourceOut(data, true, () => {}, 11 + 1000 * k));
  const spread = (values: number[], digits: number): string =>
    `mean ${fmt(values.reduce((a, b) => a + b, 0) / values.length, digits)} (min ${fmt(Math.min(...values), digits)}, max ${fmt(Math.max(...values), digits)})`;
  console.log(`  seed spread of the detector over ${n} seeds (the first run is the headline above):`);
  for (const source of [...first.attack.keys()].sort()) {
    const values = runs.map((r) => ratio(r.attack.get(source)?.recall ?? { hit: 0, n: 0 }));
    console.log(`    recall ${source.padEnd(24)} ${spread(values, 3)}`);
  }
  for (const source of [...first.negative.keys()].sort()) {
    const values = runs.map((r) => ratio(r.negative.get(source) ?? { hit: 0, n: 0 }));
    console.log(`    flagged ${source.padEnd(23)} ${spread(values, 4)}`);
  }
}

async function documentLatency(): Promise<void> {
  const guard = createSecurityGuard({ config: testConfig(), kv: new MemoryKeyValueStore() });
  const ctx = evalContext();
  const docs = documentRows(0).filter((d) => !d.own);
  const times: number[] = [];
  for (const d of docs.slice(0, 400)) {
    const payload = securityGuardPayload.parse({ text: d.text, mode: 'document', detectors: ['injection'] });
    const t0 = performance.now();
    await guard.check(payload, ctx);
    times.push(performance.now() - t0);
  }
  console.log(
    `  document mode through the guard (shipped model), latency ms p50=${fmt(percentile(times, 50))} p95=${fmt(percentile(times, 95))} over ${times.length} documents`,
  );
}

/**
 * Document mode on probes written for it (eval/data/document_probe.jsonl, 2026-12-05, shipped
 * model): instructions inserted into an email, a table row, a code comment, a review, notes, a
 * web page, an invoice, a résumé ("inserted"); the same documents without them ("clean"); and a
 * page with one sentence that speaks of an assistant or a bot without addressing it
 * ("ai_mention", "The AI assistant on our website was updated in March."). The last is a known
 * weakness: such sentences read as orders to the model. Two tries that did not fix it are recorded
 * in scripts/train-document.ts.
 */
async function documentProbe(): Promise<void> {
  const guard = createSecurityGuard({ config: testConfig(), kv: new MemoryKeyValueStore() });
  const ctx = evalContext();
  const rows = readProbe<{ text: string; family: string }>('document_probe.jsonl');
  const flagged = new Map<string, Rate>();
  for (const r of rows) {
    const out = await guard.check(
      securityGuardPayload.parse({ text: r.text, mode: 'document', detectors: ['injection'] }),
      ctx,
    );
    const rate = flagged.get(r.family) ?? { hit: 0, n: 0 };
    rate.n++;
    if (out.verdict !== 'allow') rate.hit++;
    flagged.set(r.family, rate);
  }
  console.log(
    `  document mode on eval/data/document_probe.jsonl (written for it; shipped model), flagged: ${[
      ...flagged,
    ]
      .map(([family, r]) => `${family} ${r.hit}/${r.n}`)
      .join(', ')}`,
  );
}

/**
 * Benign persona prompts (scripts/injection-personas.ts: "I want you to act as a JavaScript
 * console ...", "You are Nova, a friendly onboarding assistant ...") flagged by the shipped model,
 * which never trained on them: the harmless prompt shape closest to a jailbreak.
 */
function personaProbe(): void {
  const rows = benignPersonaRows(mulberry32(99), 300);
  const flagged = rows.filter((r) => analyzeInjection(r.text).risk >= 0.5).length;
  console.log(
    `  benign persona prompts (ours, not in training; shipped model) flagged: ${fmt(flagged / rows.length, 3)} (${flagged}/${rows.length})`,
  );
}

export async function run(): Promise<void> {
  const t0 = performance.now();
  const rows = injectionRows();
  const det = leaveOneSourceOut(
    rows.map((r) => detectorFeaturizer.featurize(r)),
    true,
  );
  const bow = leaveOneSourceOut(
    rows.map((r) => bowFeaturizer.featurize(r)),
    false,
  );
  printInjection(det, bow);
  printSeedSpread(det, rows);
  personaProbe();
  if (process.env.INJECTION_EVAL_SKIP_DOCUMENT === '1') {
    console.log(
      `  (document mode skipped: INJECTION_EVAL_SKIP_DOCUMENT=1; evaluation took ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
    return;
  }

  console.log(
    '\ndocument mode, leave-one-kind-out (kind and its inserted instructions unseen; threshold: clean tune documents of the other kinds, at most 1.2% flagged per kind)',
  );
  console.log(
    '  kind left out | recall (span found)        | clean flagged     | baseline recall | baseline clean flagged',
  );
  // Headline: the kind's shared rows and their instructions unseen; our template carriers
  // (scripts/document-carriers.ts) of every shape stay in training. Strict: without the carriers of
  // the left-out kind as well.
  const docs = documentRows();
  for (const strict of [false, true]) {
    if (strict)
      console.log('  strict (our template carriers of the left-out kind also left out of training):');
    for (const [kind, r] of leaveOneKindOut(docs, strict)) {
      console.log(
        `  ${kind.padEnd(13)} | ${fmt(r.recall)} (${fmt(r.spanHit)}) n=${String(r.attacks).padEnd(5)} | ${fmt(r.cleanFlagged, 4)} n=${String(r.clean).padEnd(4)} | ${fmt(r.baselineRecall).padEnd(15)} | ${fmt(r.baselineCleanFlagged, 4)}`,
      );
    }
  }
  await documentLatency();
  await documentProbe();
  console.log(`  (evaluation took ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
