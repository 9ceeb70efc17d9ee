import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLoad, type LoadResult, load, startServer, stopServer } from '../lib/load.js';
import { englishText } from '../lib/prompt.js';

export const name = 'gateway';

const BENCH_KEY = `cg_${'b'.repeat(40)}`;

async function measure(
  script: string,
  env: Record<string, string>,
  path: string,
  body: string,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<{ result: LoadResult; response: string }> {
  const server = await startServer(script, env);
  try {
    const url = `http://127.0.0.1:${server.port}${path}`;
    const sample = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const response = await sample.text();
    if (!sample.ok) throw new Error(`${script} answered ${sample.status}: ${response}`);
    await load(url, body, { seconds: 2, headers }); // warm-up
    return { result: await load(url, body, { seconds, headers }), response };
  } finally {
    await stopServer(server.child);
  }
}

/**
 * Gateway overhead, each server in its own process and measured in turn on loopback:
 * (a) a bare Fastify server returning the same JSON body, (b) the gateway's /process running
 * TokenGuard on a 1 KB prompt with authentication and rate limiting off, (c) the same with both on
 * (an API key, every sliding window counted), (d) the gateway on a 2-character prompt against (e)
 * bare Fastify with that response, to separate the gateway's overhead from TokenGuard's tokenizing.
 * Targets: b/a >= 0.65; c/b is the auth+limit cost.
 */
export async function run(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const body = JSON.stringify({
    service_type: 'tokenguard',
    payload: { text: englishText(1024), model: 'gpt-4o' },
  });
  const path = '/api/v1/guards/process';
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-bench-'));
    dirs.push(dir);
    return dir;
  };
  try {
    const b = await measure(
      'bench/servers/gateway.ts',
      { DATA_DIR: dataDir(), AUTH_ENABLED: 'false', RATE_LIMIT_ENABLED: 'false' },
      path,
      body,
      seconds,
    );
    const a = await measure('bench/servers/bare.ts', { BENCH_RESPONSE: b.response }, path, body, seconds);
    // The same pipeline with almost no guard work: what the gateway itself costs.
    const tiny = JSON.stringify({ service_type: 'tokenguard', payload: { text: 'hi', model: 'gpt-4o' } });
    const d = await measure(
      'bench/servers/gateway.ts',
      { DATA_DIR: dataDir(), AUTH_ENABLED: 'false', RATE_LIMIT_ENABLED: 'false' },
      path,
      tiny,
      seconds,
    );
    const aTiny = await measure('bench/servers/bare.ts', { BENCH_RESPONSE: d.response }, path, tiny, seconds);
    const c = await measure(
      'bench/servers/gateway.ts',
      {
        DATA_DIR: dataDir(),
        AUTH_ENABLED: 'true',
        RATE_LIMIT_ENABLED: 'true',
        BOOTSTRAP_API_KEY: BENCH_KEY,
        BENCH_UNLIMITED_TIER: 'true',
        RATE_LIMIT_PROCESSING_PER_MINUTE: '1000000000',
      },
      path,
      body,
      seconds,
      { 'x-api-key': BENCH_KEY },
    );
    console.log(
      `prompt 1 KB, response ${b.response.length} bytes, ${seconds} s per run, 32 connections, loopback`,
    );
    console.log(describeLoad('(a) bare Fastify, same JSON body', a.result));
    console.log(describeLoad('(b) gateway, auth and limits off', b.result));
    console.log(describeLoad('(c) gateway, API key + rate limits', c.result));
    console.log(describeLoad('(d) gateway, 2-character prompt', d.result));
    console.log(describeLoad('(e) bare Fastify, same body as (d)', aTiny.result));
    console.log(
      `ratio d/e requests/s: ${(d.result.requestsPerSec / aTiny.result.requestsPerSec).toFixed(3)} (the gateway's own overhead; guard work ~0)`,
    );
    console.log(
      `ratio b/a requests/s: ${(b.result.requestsPerSec / a.result.requestsPerSec).toFixed(3)} (target >= 0.65)`,
    );
    console.log(
      `ratio c/b requests/s: ${(c.result.requestsPerSec / b.result.requestsPerSec).toFixed(3)} (auth + rate limiting cost)`,
    );
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
