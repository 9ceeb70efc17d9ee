import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describeLoad, type LoadResult, load, startServer, stopServer } from '../lib/load.js';
import { englishText } from '../lib/prompt.js';

export const name = 'gateway';

const BENCH_KEY = `cg_${'b'.repeat(40)}`;
const auth = { 'x-api-key': BENCH_KEY };

async function firstResponse(url: string, body: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text}`);
  return text;
}

/** One POST, answered in full; resolves with the response's status. */
type Client = (url: string, body: string) => Promise<number>;

/** `fetch` (undici): what a script would use, with its own per-request cost on the client side. */
const fetchClient: Client = async (url, body) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body,
  });
  await res.arrayBuffer();
  return res.status;
};

/**
 * node:http on one keep-alive socket: a lean client, as a proxy or SDK in front of the gateway
 * would use, so the latency is the server's and the network's rather than the client library's.
 */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
const httpClient: Client = (url, body) =>
  new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: keepAlive,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...auth },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

/** Times of `n` requests sent one at a time, in ms. */
async function timedRequests(client: Client, url: string, body: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const status = await client(url, body);
    if (status < 200 || status >= 300) throw new Error(`${url} answered ${status}`);
    times.push(performance.now() - started);
  }
  return times;
}

const latencyOf = (times: number[]) => {
  const sorted = [...times].sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99) };
};

/**
 * `n` requests one at a time to each URL, taking turns in runs of 100, so a machine that slows
 * down midway slows every server alike.
 */
async function sequentialLatency(urls: string[], body: string, n: number, client: Client = httpClient) {
  const times: number[][] = urls.map(() => []);
  for (let done = 0; done < n; done += 100)
    for (const [i, url] of urls.entries())
      times[i] = (times[i] ?? []).concat(await timedRequests(client, url, body, Math.min(100, n - done)));
  return times.map(latencyOf);
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
const cpuSeconds = (pid: number | undefined): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/**
 * A load run plus the server's CPU microseconds per request: on a machine shared with other work,
 * wall-clock throughput swings with the neighbours' load; CPU per request much less so.
 */
async function measured(
  pid: number | undefined,
  url: string,
  body: string,
  options: Parameters<typeof load>[2],
): Promise<LoadResult & { cpuUsPerRequest: number }> {
  const before = cpuSeconds(pid);
  const r = await load(url, body, options);
  const seconds = options?.seconds ?? 8;
  return {
    ...r,
    cpuUsPerRequest: ((cpuSeconds(pid) - before) * 1e6) / Math.max(1, r.requestsPerSec * seconds),
  };
}

/**
 * Microseconds to count the prompt's tokens, warm (what TokenGuard cannot skip on /process): the
 * fastest of five batches after the JIT has settled (the first thousand calls run about 2.5x slower).
 */
function tokenizeMicros(prompt: string): number {
  for (let i = 0; i < 3000; i++) countTokens(prompt);
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < 5; batch++) {
    const started = performance.now();
    for (let i = 0; i < 500; i++) countTokens(prompt);
    best = Math.min(best, ((performance.now() - started) * 1000) / 500);
  }
  return best;
}

const mean = (xs: LoadResult[]) => xs.reduce((s, r) => s + r.requestsPerSec, 0) / xs.length;

/**
 * Gateway overhead, each server in its own process, all started first and then loaded in turn
 * (interleaved, so a busy machine slows both sides alike):
 * (a) a bare Fastify server returning the same JSON body; (b) the gateway's /process running
 * TokenGuard on a 1 KB prompt with an API key and rate limits off (target b/a >= 0.65);
 * (c) the same with rate limits on; (f) all six guards through /check on 1 KB with an API key and
 * rate limits on, one request at a time on one keep-alive socket (targets p50 < 2 ms, p99 < 10 ms),
 * beside the same client against the bare server and with fetch as the client. With BENCH_BASELINE set,
 * another checkout's gateway answers (b0) and (f0) in turns with this one's.
 */
export async function run(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const prompt = englishText(1024);
  const body = JSON.stringify({ service_type: 'tokenguard', payload: { text: prompt, model: 'gpt-4o' } });
  const checkBody = JSON.stringify({ text: prompt });
  const path = '/api/v1/guards/process';
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-bench-'));
    dirs.push(dir);
    return dir;
  };
  const common = { AUTH_ENABLED: 'true', BOOTSTRAP_API_KEY: BENCH_KEY, BENCH_UNLIMITED_TIER: 'true' };
  const authOnly = await startServer('bench/servers/gateway.ts', {
    ...common,
    DATA_DIR: dataDir(),
    RATE_LIMIT_ENABLED: 'false',
  });
  const full = await startServer('bench/servers/gateway.ts', {
    ...common,
    DATA_DIR: dataDir(),
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_PROCESSING_PER_MINUTE: '1000000000',
  });
  // BENCH_BASELINE=<another checkout>: its gateway runs beside this one with the same settings and
  // takes turns with it, so "not slower than before a change" is one run on one machine.
  const baselineDir = process.env.BENCH_BASELINE;
  const baseline = baselineDir
    ? await startServer(join(baselineDir, 'bench/servers/gateway.ts'), {
        ...common,
        DATA_DIR: dataDir(),
        RATE_LIMIT_ENABLED: 'false',
      })
    : undefined;
  // And its gateway with rate limits on, for the /check latency (f0) beside (f).
  const baselineFull = baselineDir
    ? await startServer(join(baselineDir, 'bench/servers/gateway.ts'), {
        ...common,
        DATA_DIR: dataDir(),
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_PROCESSING_PER_MINUTE: '1000000000',
      })
    : undefined;
  const baselineUrl = baseline ? `http://127.0.0.1:${baseline.port}${path}` : '';
  const baselineCheckUrl = baselineFull ? `http://127.0.0.1:${baselineFull.port}/api/v1/guards/check` : '';
  const authUrl = `http://127.0.0.1:${authOnly.port}${path}`;
  const response = await firstResponse(authUrl, body, auth);
  const bare = await startServer('bench/servers/bare.ts', { BENCH_RESPONSE: response });
  const bareUrl = `http://127.0.0.1:${bare.port}${path}`;
  const fullUrl = `http://127.0.0.1:${full.port}${path}`;
  const checkUrl = `http://127.0.0.1:${full.port}/api/v1/guards/check`;
  try {
    await firstResponse(fullUrl, body, auth);
    await firstResponse(checkUrl, checkBody, auth);
    // Warm-up of every route measured.
    await load(bareUrl, body, { seconds: 2 });
    await load(authUrl, body, { seconds: 2, headers: auth });
    if (baseline) {
      await firstResponse(baselineUrl, body, auth);
      await load(baselineUrl, body, { seconds: 2, headers: auth });
    }
    await load(fullUrl, body, { seconds: 2, headers: auth });
    if (baselineFull) await firstResponse(baselineCheckUrl, checkBody, auth);
    await sequentialLatency(baselineFull ? [checkUrl, baselineCheckUrl] : [checkUrl], checkBody, 200);
    type Measured = Awaited<ReturnType<typeof measured>>;
    const a: Measured[] = [];
    const b: Measured[] = [];
    const b0: Measured[] = [];
    for (let i = 0; i < rounds; i++) {
      a.push(await measured(bare.child.pid, bareUrl, body, { seconds }));
      b.push(await measured(authOnly.child.pid, authUrl, body, { seconds, headers: auth }));
      if (baseline)
        b0.push(await measured(baseline.child.pid, baselineUrl, body, { seconds, headers: auth }));
    }
    const c = await measured(full.child.pid, fullUrl, body, { seconds, headers: auth });
    const checkUrls = baselineFull ? [checkUrl, baselineCheckUrl] : [checkUrl];
    const checkRequests = Number(process.env.BENCH_CHECK_REQUESTS ?? 2000);
    const [f, f0] = await sequentialLatency(checkUrls, checkBody, checkRequests);
    const [floor] = await sequentialLatency([bareUrl], checkBody, 1000);
    const [viaFetch, viaFetch0] = await sequentialLatency(
      checkUrls,
      checkBody,
      checkRequests / 2,
      fetchClient,
    );
    const [fetchFloor] = await sequentialLatency([bareUrl], checkBody, 1000, fetchClient);
    if (!f || !floor || !viaFetch || !fetchFloor) throw new Error('no /check latency');
    console.log(
      `prompt 1 KB, response ${response.length} bytes, ${seconds} s per run, 32 connections, loopback`,
    );
    for (const [i, r] of a.entries()) console.log(describeLoad(`(a) bare Fastify, same body #${i + 1}`, r));
    for (const [i, r] of b.entries())
      console.log(describeLoad(`(b) /process, API key, no limits #${i + 1}`, r));
    console.log(describeLoad('(c) /process, API key + rate limits', c));
    console.log(`ratio b/a requests/s: ${(mean(b) / mean(a)).toFixed(3)} (target >= 0.65)`);
    const cpuMean = (xs: Measured[]) => xs.reduce((sum, r) => sum + r.cpuUsPerRequest, 0) / xs.length;
    console.log(
      `ratio a/b CPU per request: ${(cpuMean(a) / cpuMean(b)).toFixed(3)} (the throughput ratio when CPU-bound, less sensitive to a busy machine)`,
    );
    // What the ratio could be at best: a gateway that did nothing beyond the bare server but count
    // the tokens would spend a + t CPU per request (when the server is what limits throughput).
    const t = tokenizeMicros(prompt);
    console.log(
      `bound: bare server ${cpuMean(a).toFixed(0)} µs CPU per request, counting this prompt's tokens alone ${t.toFixed(0)} µs (o200k, warm): a gateway adding nothing else would reach b/a <= ${(cpuMean(a) / (cpuMean(a) + t)).toFixed(3)}; this one spends ${cpuMean(b).toFixed(0)} µs`,
    );
    if (baseline) {
      for (const [i, r] of b0.entries()) console.log(describeLoad(`(b0) baseline /process #${i + 1}`, r));
      console.log(
        `baseline ${baselineDir}: b/b0 requests/s ${(mean(b) / mean(b0)).toFixed(3)}, CPU per request b ${cpuMean(b).toFixed(0)} µs vs b0 ${cpuMean(b0).toFixed(0)} µs (b0/b ${(cpuMean(b0) / cpuMean(b)).toFixed(3)}; >= 1 means not slower)`,
      );
    }
    console.log(`ratio c/b requests/s: ${(c.requestsPerSec / mean(b)).toFixed(3)} (rate limiting cost)`);
    const ms = (r: { p50: number; p99: number }) => `p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`;
    console.log(
      `(f) /check six guards 1 KB, API key + rate limits, ${f.n} requests one at a time (node:http, one keep-alive socket): ${ms(f)} (targets < 2, < 10)`,
    );
    console.log(`    the same client to the bare Fastify server (the floor): ${ms(floor)}`);
    console.log(
      `    with fetch (undici) as the client: /check ${ms(viaFetch)}; bare server ${ms(fetchFloor)}`,
    );
    if (f0)
      console.log(
        `(f0) baseline /check, in turns with (f): ${ms(f0)} (f/f0 p50 ${(f.p50 / f0.p50).toFixed(3)}; < 1 means faster)${viaFetch0 ? `; with fetch ${ms(viaFetch0)}` : ''}`,
      );
  } finally {
    await Promise.all([
      stopServer(bare.child),
      stopServer(authOnly.child),
      stopServer(full.child),
      ...(baseline ? [stopServer(baseline.child)] : []),
      ...(baselineFull ? [stopServer(baselineFull.child)] : []),
    ]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
