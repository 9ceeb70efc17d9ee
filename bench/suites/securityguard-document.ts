/**
 * `npm run bench -- securityguard`, document-mode part: the injection detector in `mode: "document"`
 * on 1 KB and 10 KB of email-like content, and the cold load time of both injection models.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { testConfig } from '../../src/config.js';
import type { GuardContext } from '../../src/guards/contract.js';
import { createSecurityGuard, securityGuardPayload } from '../../src/guards/securityguard/index.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';

export const name = 'securityguard';

const EMAIL =
  'Hi team,\nThe quarterly report is attached. Revenue grew 4% over the last quarter.\n' +
  'Please review the numbers before Friday. Let me know if anything looks off.\n' +
  '| Region | Q1 | Q2 |\n| North | 1.2M | 1.3M |\n| South | 0.8M | 0.9M |\nBest, Ana\n';

const ctx: GuardContext = {
  requestId: 'bench',
  signal: new AbortController().signal,
  logger: pino({ level: 'silent' }),
};

export async function run(): Promise<void> {
  const t0 = performance.now();
  const guard = createSecurityGuard({ config: testConfig(), kv: new MemoryKeyValueStore() });
  console.log(
    `securityguard start-up with both injection models loaded: ${(performance.now() - t0).toFixed(0)} ms`,
  );
  for (const [label, bytes, n] of [
    ['1 KB', 1024, 2000],
    ['10 KB', 10 * 1024, 300],
  ] as const) {
    const text = EMAIL.repeat(Math.ceil(bytes / EMAIL.length)).slice(0, bytes);
    const times: number[] = [];
    for (let i = 0; i < n + 100; i++) {
      const payload = securityGuardPayload.parse({
        text: `${text.slice(0, -1)}${String.fromCharCode(97 + (i % 26))}`,
        mode: 'document',
        detectors: ['injection'],
      });
      const s = performance.now();
      await guard.check(payload, ctx);
      if (i >= 100) times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
    console.log(
      `securityguard document mode ${label}: p50 ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms`,
    );
  }
}
