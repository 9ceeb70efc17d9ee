/**
 * Latency of TrustGuard and ContextGuard: p50/p99 per check on about 1 KB of text, and TrustGuard
 * grounding a 1 KB answer against 10 KB of sources. ContextGuard runs on the in-memory store with
 * a session that has reached its turn limit (the steady state).
 */

import pino from 'pino';
import { percentile } from '../../eval/lib/metrics.js';
import { testConfig } from '../../src/config.js';
import { createContextGuard } from '../../src/guards/contextguard/index.js';
import type { AnyGuard, GuardContext } from '../../src/guards/contract.js';
import { createTrustGuard } from '../../src/guards/trustguard/index.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { injectionScorer } from '../../test/helpers/capabilities.js';

export const name = 'trust-context';

const SUBJECTS = [
  'The river port',
  'The city council',
  'The northern railway',
  'The old observatory',
  'The harbour museum',
];
const VERBS = ['opened in', 'was rebuilt in', 'expanded in', 'was renamed in', 'closed briefly in'];
const TAILS = [
  'after a long public debate about costs and benefits.',
  'with support from 1,250 local residents and two regional banks.',
  'and now welcomes about 48.5% more visitors each year.',
  'according to the annual report of the heritage office.',
  'while engineers replaced the original timber supports.',
];

/** Deterministic English-like text of roughly `bytes` bytes. */
function makeText(bytes: number, seed: number): string {
  const parts: string[] = [];
  let i = seed;
  let size = 0;
  while (size < bytes) {
    const s = `${SUBJECTS[i % 5]} ${VERBS[(i * 3) % 5]} ${1850 + ((i * 17) % 170)} ${TAILS[(i * 7) % 5]}`;
    parts.push(s);
    size += s.length + 1;
    i++;
  }
  return parts.join(' ');
}

async function measure(
  label: string,
  guard: AnyGuard,
  payloads: unknown[],
  iterations: number,
): Promise<void> {
  const ctx: GuardContext = {
    requestId: 'bench',
    signal: new AbortController().signal,
    logger: pino({ level: 'silent' }),
  };
  const parsed = payloads.map((p) => guard.payloadSchema.parse(p));
  for (let i = 0; i < Math.min(200, iterations); i++) await guard.check(parsed[i % parsed.length], ctx);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await guard.check(parsed[i % parsed.length], ctx);
    times.push(performance.now() - t0);
  }
  console.log(
    `${label.padEnd(44)} p50 ${percentile(times, 50).toFixed(3)} ms  p99 ${percentile(times, 99).toFixed(3)} ms  (n=${iterations})`,
  );
}

export async function run(): Promise<void> {
  const config = testConfig();
  const kv = new MemoryKeyValueStore();
  const trust = createTrustGuard({ config });
  const context = createContextGuard({ config, kv }, { injectionScorer });
  const texts = Array.from({ length: 20 }, (_, i) => makeText(1024, i));
  const sources = Array.from({ length: 10 }, (_, i) => makeText(1024, 100 + i));

  await measure(
    'trustguard 1 KB, no sources',
    trust,
    texts.map((text) => ({ text })),
    3000,
  );
  await measure(
    'trustguard 1 KB answer + 10 KB sources',
    trust,
    texts.map((text) => ({ text, sources })),
    2000,
  );
  // Issue 13: 2,500 claims against 500 sources (was 16.6 s): claims capped, passages indexed.
  const claims = Array.from(
    { length: 2500 },
    (_, i) => `Station ${i} in the northern district opened in ${1900 + (i % 120)} with ${i % 40} platforms.`,
  ).join(' ');
  const many = Array.from({ length: 500 }, (_, i) => makeText(1700, 1000 + i));
  await measure(
    'trustguard 2,500 claims x 500 sources (850 KB)',
    trust,
    [{ text: claims, sources: many }],
    5,
  );
  // One 64 KB source without a sentence end (a table or log pasted as a source) against a
  // 200-claim answer to a question: every claim reads the same passage (was 0.7 s, its word
  // frames were rebuilt per claim).
  const unbroken = makeText(64 * 1024, 7).replace(/[.]\s/g, '; ');
  const answer = Array.from(
    { length: 200 },
    (_, i) => `${SUBJECTS[i % 5]} ${VERBS[i % 5]} ${1850 + i}.`,
  ).join(' ');
  await measure(
    'trustguard 200 claims x 64 KB unbroken source',
    trust,
    [{ text: answer, sources: [unbroken], question: 'When did the river port open?' }],
    10,
  );
  await measure(
    'contextguard 1 KB user turn (50-turn session)',
    context,
    texts.map((text) => ({ session_id: 'bench', text })),
    3000,
  );
  await context.close?.();
  await kv.close();
}
