/**
 * `npm run eval -- securityguard`: SecurityGuard figures on the shared data, through the assembled
 * guard. One exported function per section, so the PII, secrets, code-injection and URL sections
 * can be appended and called from `run`.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { InjectionRow } from '../../scripts/injection-split.js';
import { testConfig } from '../../src/config.js';
import type { GuardContext } from '../../src/guards/contract.js';
import { createSecurityGuard, securityGuardPayload } from '../../src/guards/securityguard/index.js';
import { analyzeInjection } from '../../src/guards/securityguard/injection/detector.js';
import { PATTERN_ONLY } from '../../src/guards/securityguard/injection/model.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { readJsonl } from '../lib/datasets.js';
import { addOutcome, auc, emptyConfusion, fmt, percentile, scores } from '../lib/metrics.js';

export const name = 'securityguard';

export type SecurityGuard = ReturnType<typeof createSecurityGuard>;

export const evalContext = (): GuardContext => ({
  requestId: 'eval',
  signal: new AbortController().signal,
  logger: pino({ level: 'silent' }),
});

async function injectionFigures(guard: SecurityGuard, rows: InjectionRow[], label: string): Promise<void> {
  const ctx = evalContext();
  const confusion = emptyConfusion();
  const latencies: number[] = [];
  const perSource = new Map<string, { hit: number; n: number }>();
  const pos: number[] = [];
  const neg: number[] = [];
  for (const row of rows) {
    const payload = securityGuardPayload.parse({ text: row.text, detectors: ['injection', 'hidden_text'] });
    const t0 = performance.now();
    const result = await guard.check(payload, ctx);
    latencies.push(performance.now() - t0);
    const predicted = result.data.threats_detected;
    const actual = row.label === 'attack';
    addOutcome(confusion, predicted, actual);
    (actual ? pos : neg).push(result.score);
    if (actual) {
      const s = perSource.get(row.source) ?? { hit: 0, n: 0 };
      s.n++;
      if (predicted) s.hit++;
      perSource.set(row.source, s);
    }
  }
  const s = scores(confusion);
  console.log(
    `injection [${label}] rows=${rows.length} precision=${fmt(s.precision)} recall=${fmt(s.recall)} f1=${fmt(s.f1)} fpr_benign=${fmt(s.fpr, 4)} auc=${fmt(auc(pos, neg))} (tp ${confusion.tp} fp ${confusion.fp} fn ${confusion.fn} tn ${confusion.tn})`,
  );
  for (const [source, v] of [...perSource].sort()) {
    console.log(`  recall ${source}: ${fmt(v.hit / v.n)} (${v.hit}/${v.n})`);
  }
  console.log(`  latency ms p50=${fmt(percentile(latencies, 50))} p95=${fmt(percentile(latencies, 95))}`);
}

/**
 * The shipped injection model through the guard on injection/dev.jsonl. In distribution (the model
 * trained on these rows): the out-of-source headline is in securityguard-injection.ts.
 */
export async function evalInjection(guard: SecurityGuard): Promise<void> {
  const rows = readJsonl<InjectionRow>('injection/dev.jsonl');
  await injectionFigures(
    guard,
    rows,
    'in-distribution, NOT the headline: shipped model on dev.jsonl it trained on',
  );
  patternOnlyFigures(rows);
}

/** The pattern library alone (pattern score >= 0.5, no model): what carries to unseen attack families. */
export function patternOnlyFigures(rows: InjectionRow[]): void {
  const confusion = emptyConfusion();
  const perSource = new Map<string, { hit: number; n: number }>();
  for (const row of rows) {
    const predicted = analyzeInjection(row.text, PATTERN_ONLY).risk >= 0.5;
    const actual = row.label === 'attack';
    addOutcome(confusion, predicted, actual);
    if (actual) {
      const s = perSource.get(row.source) ?? { hit: 0, n: 0 };
      s.n++;
      if (predicted) s.hit++;
      perSource.set(row.source, s);
    }
  }
  const s = scores(confusion);
  console.log(
    `injection [patterns only, full data] precision=${fmt(s.precision)} recall=${fmt(s.recall)} fpr_benign=${fmt(s.fpr, 4)}`,
  );
  for (const [source, v] of [...perSource].sort())
    console.log(`  recall ${source}: ${fmt(v.hit / v.n)} (${v.hit}/${v.n})`);
}

export async function run(): Promise<void> {
  const guard = createSecurityGuard({ config: testConfig(), kv: new MemoryKeyValueStore() });
  await evalInjection(guard);
}
