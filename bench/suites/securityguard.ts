/**
 * `npm run bench -- securityguard`: the full SecurityGuard check (all detectors of the guard) on
 * 1 KB and 10 KB prompts, throughput, and 100 KB of adversarial repetition.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { testConfig } from '../../src/config.js';
import type { GuardContext } from '../../src/guards/contract.js';
import { createSecurityGuard, securityGuardPayload } from '../../src/guards/securityguard/index.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';

export const name = 'securityguard';

const PARAGRAPH =
  'Please summarize the following meeting notes for the product team. We discussed the release ' +
  'schedule, the migration of the billing service to the new database, and customer feedback about ' +
  'the onboarding flow. Ana will prepare the rollout plan; Tom asked whether we should ignore the ' +
  "noise in last week's metrics. Contact ana@example.com or call +1 415 555 0100 for details. ";

const sized = (bytes: number): string =>
  PARAGRAPH.repeat(Math.ceil(bytes / PARAGRAPH.length)).slice(0, bytes);

const ctx: GuardContext = {
  requestId: 'bench',
  signal: new AbortController().signal,
  logger: pino({ level: 'silent' }),
};

async function measure(text: string, iterations: number) {
  const guard = createSecurityGuard({ config: testConfig(), kv: new MemoryKeyValueStore() });
  const payload = securityGuardPayload.parse({ text, mode: 'input' });
  for (let i = 0; i < Math.min(200, iterations); i++) await guard.check(payload, ctx);
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    // A fresh string each time so the normalization cache cannot help.
    const p = { ...payload, text: `${text.slice(0, -1)}${String.fromCharCode(97 + (i % 26))}` };
    const t0 = performance.now();
    await guard.check(p, ctx);
    times.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  // The lowest median of six equal batches: on a shared VM whole seconds run slower when a
  // neighbour is busy, and this reads the code's own speed where the overall p50 reads the machine's.
  const batch = Math.floor(iterations / 6);
  let quiet = Number.POSITIVE_INFINITY;
  for (let b = 0; b < 6; b++) {
    const part = times.slice(b * batch, (b + 1) * batch).sort((x, y) => x - y);
    quiet = Math.min(quiet, part[Math.floor(part.length / 2)] ?? quiet);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), quiet, mbps: (text.length * iterations) / 1e6 / (total / 1000) };
}

export async function run(): Promise<void> {
  for (const [label, bytes, n] of [
    ['1 KB', 1024, 3000],
    ['10 KB', 10 * 1024, 500],
  ] as const) {
    const r = await measure(sized(bytes), n);
    console.log(
      `securityguard ${label}: p50 ${r.p50.toFixed(3)} ms (lowest batch p50 ${r.quiet.toFixed(3)}), p99 ${r.p99.toFixed(3)} ms, throughput ${r.mbps.toFixed(1)} MB/s`,
    );
  }
  const guard = createSecurityGuard({ config: testConfig(), kv: new MemoryKeyValueStore() });
  for (const [label, text] of [
    ["'a'.repeat(100k)", 'a'.repeat(100_000)],
    ["'ignore '.repeat", 'ignore '.repeat(14_300)],
    ["'<!--'.repeat", '<!--'.repeat(25_000)],
    ["'A1+/'.repeat (base64-like)", 'QUFB'.repeat(25_000)],
    ["'%41'.repeat", '%41'.repeat(33_000)],
    ['zero-width soup', 'i\u200bg'.repeat(33_000)],
  ] as const) {
    // Median of three runs, each on a fresh string so no cache helps.
    const runs: number[] = [];
    let verdict = '';
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const out = await guard.check(securityGuardPayload.parse({ text: `${text}${i}` }), ctx);
      runs.push(performance.now() - t0);
      verdict = out.verdict;
    }
    runs.sort((a, b) => a - b);
    console.log(
      `securityguard 100 KB adversarial ${label}: ${(runs[1] ?? 0).toFixed(1)} ms (verdict ${verdict})`,
    );
  }
}
