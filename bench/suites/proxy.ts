/**
 * `npm run bench -- proxy`: what the OpenAI-compatible proxy adds to a chat completion. A local
 * OpenAI-compatible server (the tests' fake upstream) answers by echoing the prompt; a 1 KB prompt
 * goes (a) straight to it and (b) through the gateway's /v1/chat/completions with the default
 * policy (SecurityGuard on input and output) plus TokenGuard, one request at a time on keep-alive
 * connections, interleaved in rounds. Reports end-to-end p50/p99 of both, their difference, and
 * the gateway's own x-guard-overhead-ms (time in the gateway minus the wait for the upstream).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { composeServer } from '../../src/app/compose.js';
import { testConfig } from '../../src/config.js';
import { INVALIDATION_SKEW_MS } from '../../src/platform/invalidations.js';
import type { ProxyOutcome } from '../../src/proxy/core.js';
import { startFakeUpstream } from '../../test/helpers/fake-openai.js';
import { englishText } from '../lib/prompt.js';

export const name = 'proxy';

const KEY = `cg_${'p'.repeat(40)}`;

const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
};

export async function run(): Promise<void> {
  const outcomes: ProxyOutcome[] = [];
  const n = Number(process.env.BENCH_REQUESTS ?? 300);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const stream = process.env.BENCH_STREAM === 'true';
  const fake = await startFakeUpstream();
  fake.chunkChars = 64;
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-bench-'));
  const server = await composeServer(
    testConfig({
      DATA_DIR: dataDir,
      AUTH_ENABLED: 'true',
      BOOTSTRAP_API_KEY: KEY,
      RATE_LIMIT_ENABLED: 'false',
      PROXY_ALLOW_PRIVATE_UPSTREAMS: 'true',
      LOG_LEVEL: 'silent',
    }),
    { logger: pino({ level: 'silent' }), proxyObservers: [(o) => outcomes.push(o)] },
  );
  try {
    // The bench's own database: no monthly quota stops it (the quota check itself still runs).
    await server.db.query('UPDATE tiers SET monthly_calls = NULL, monthly_tokens = NULL');
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const headers = { 'x-api-key': KEY, 'content-type': 'application/json' };
    const set = await fetch(`${address}/api/v1/proxy/upstream`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ base_url: fake.url, api_key: 'sk-bench' }),
    });
    if (!set.ok) throw new Error(`setting the upstream answered ${set.status}: ${await set.text()}`);
    // Setting the upstream invalidated its cache entry, and for the clock-skew margin after an
    // invalidation every call reads the upstream from the database: measure the steady state.
    await new Promise((resolve) => setTimeout(resolve, INVALIDATION_SKEW_MS + 500));
    const prompt = englishText(1024);
    const body = JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: prompt }],
      ...(stream ? { stream: true } : {}),
    });
    const once = async (url: string, auth: boolean) => {
      const started = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: auth ? headers : { 'content-type': 'application/json' },
        body,
      });
      const text = await res.text();
      if (!res.ok || text.includes('"error"'))
        throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
      return {
        ms: performance.now() - started,
        overhead: Number(res.headers.get('x-guard-overhead-ms') ?? Number.NaN),
      };
    };
    // The same prompt through /api/v1/guards/check with the same guards: the gateway's own path
    // (authentication, quota, guards) without the proxy, for comparison.
    const checkBody = JSON.stringify({ text: prompt, guards: ['securityguard', 'tokenguard'] });
    const checkOnce = async () => {
      const started = performance.now();
      const res = await fetch(`${address}/api/v1/guards/check`, { method: 'POST', headers, body: checkBody });
      await res.text();
      if (!res.ok) throw new Error(`/check answered ${res.status}`);
      return performance.now() - started;
    };
    const checks: number[] = [];
    const direct: number[] = [];
    const proxied: number[] = [];
    const overhead: number[] = [];
    for (let i = 0; i < 100; i++) {
      await once(`${fake.url}/chat/completions`, false);
      await once(`${address}/v1/chat/completions`, true);
    }
    outcomes.length = 0;
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < n; i++) direct.push((await once(`${fake.url}/chat/completions`, false)).ms);
      for (let i = 0; i < n; i++) checks.push(await checkOnce());
      for (let i = 0; i < n; i++) {
        const o = await once(`${address}/v1/chat/completions`, true);
        proxied.push(o.ms);
        overhead.push(o.overhead);
      }
    }
    const d = quantiles(direct);
    const p = quantiles(proxied);
    const g = quantiles(overhead);
    const c = quantiles(checks);
    const label = stream ? 'streaming' : 'JSON';
    console.log(`proxy ${label}, 1 KB prompt echoed back, ${direct.length} requests each, one at a time:`);
    console.log(`  upstream direct:  p50 ${d.p50.toFixed(3)} ms, p99 ${d.p99.toFixed(3)} ms`);
    console.log(
      `  /guards/check (securityguard + tokenguard on the prompt, for comparison): p50 ${c.p50.toFixed(3)} ms, p99 ${c.p99.toFixed(3)} ms`,
    );
    console.log(`  through the proxy: p50 ${p.p50.toFixed(3)} ms, p99 ${p.p99.toFixed(3)} ms`);
    console.log(
      `  added end to end: p50 ${(p.p50 - d.p50).toFixed(3)} ms, p99 ${(p.p99 - d.p99).toFixed(3)} ms`,
    );
    console.log(
      `  x-guard-overhead-ms (gateway time minus upstream wait): p50 ${g.p50.toFixed(3)} ms, p99 ${g.p99.toFixed(3)} ms`,
    );
    const parts = ['context', 'input', 'tokens', 'upstream', 'output'] as const;
    const breakdown = parts.map((k) => {
      const q = quantiles(outcomes.map((o) => o.timingsMs?.[k] ?? 0));
      return `${k} p50 ${q.p50.toFixed(3)} / p99 ${q.p99.toFixed(3)}`;
    });
    console.log(`  breakdown (ms): ${breakdown.join(', ')}`);
  } finally {
    await server.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
