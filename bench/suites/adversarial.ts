import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type AdversarialCase, adversarialCases, bodyLimitCases } from '../../test/helpers/adversarial.js';
import { startServer, stopServer } from '../lib/load.js';

export const name = 'adversarial';

const KEY = `cg_${'a'.repeat(40)}`;
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 5000);
/** Time a request may take beyond its guard deadline: sending, parsing and answering its body. */
const TRANSFER_SLACK_MS = 1000;

// Polls /health/live every 50 ms from its own thread, so the benchmark's own work (building and
// sending megabyte bodies) cannot delay the probe; posts every latency when told to stop.
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
const latencies = [];
let stopped = false;
async function loop() {
  while (!stopped) {
    const started = performance.now();
    try { await (await fetch(workerData.url)).text(); latencies.push([performance.timeOrigin + started, performance.now() - started]); }
    catch { latencies.push([performance.timeOrigin + started, Number.POSITIVE_INFINITY]); }
    const wait = 50 - (performance.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  parentPort.postMessage(latencies);
}
parentPort.once('message', () => { stopped = true; });
loop();
`;

interface Row {
  startedAt: number;
  endedAt: number;
  what: string;
  guard: string;
  status: number;
  ms: number;
  code: string;
  ratio: number;
}

async function runAgainst(
  tier: string,
  cases: AdversarialCase[],
): Promise<{ rows: Row[]; health: [number, number][] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-bench-adv-'));
  const server = await startServer('bench/servers/gateway.ts', {
    DATA_DIR: dataDir,
    AUTH_ENABLED: 'true',
    RATE_LIMIT_ENABLED: 'false',
    BOOTSTRAP_API_KEY: KEY,
    BENCH_TIER: tier,
    GUARD_TIMEOUT_MS: String(DEADLINE_MS),
    BENCH_LOOP_DELAY: 'true',
    BENCH_DIST: existsSync('dist/app/compose.js') && process.env.BENCH_DIST !== 'false' ? 'true' : 'false',
  });
  const base = `http://127.0.0.1:${server.port}`;
  const rows: Row[] = [];
  // Bodies are built before the probe starts.
  const requests = cases.flatMap((c) =>
    c.guards.map((guard) => ({
      what: c.name,
      guard,
      body: JSON.stringify({ service_type: guard, payload: c.payload }),
    })),
  );
  // One unmeasured check large enough for the worker pool, whose threads start with the first such
  // check: the cases then measure the gateway in service, not its first few seconds.
  await fetch(`${base}/api/v1/guards/process`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({
      service_type: 'tokenguard',
      payload: { text: 'warm up the pool. '.repeat(2000) },
    }),
  }).then((r) => r.text());
  const poller = new Worker(POLLER, { eval: true, workerData: { url: `${base}/health/live` } });
  try {
    for (const r of requests) {
      const startedAt = Date.now();
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/guards/process`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        body: r.body,
      });
      const text = await res.text();
      const ms = performance.now() - started;
      let code = '';
      if (!res.ok) code = (JSON.parse(text) as { code?: string }).code ?? '';
      rows.push({
        startedAt,
        endedAt: Date.now(),
        what: r.what,
        guard: r.guard,
        status: res.status,
        ms,
        code,
        ratio: text.length / r.body.length,
      });
    }
  } finally {
    poller.postMessage('stop');
  }
  const health = await new Promise<[number, number][]>((resolve) => poller.once('message', resolve));
  await poller.terminate();
  await stopServer(server.child);
  rmSync(dataDir, { recursive: true, force: true });
  return { rows, health };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/**
 * Sends every hostile input of issue 13 (and the tiers' body-limit cases) to every guard it
 * concerns, one at a time, on the free tier (1 MB bodies) and the enterprise tier (10 MB), while
 * another thread times /health/live every 50 ms. Targets: health within 100 ms throughout, every
 * request within its deadline, no 5xx.
 */
export async function run(): Promise<void> {
  const runs = [
    { tier: 'free', cases: [...adversarialCases(), ...bodyLimitCases()] },
    { tier: 'enterprise', cases: bodyLimitCases().filter((c) => c.name.startsWith('enterprise')) },
  ];
  let over = 0;
  let fives = 0;
  const allHealth: number[] = [];
  const dist = existsSync('dist/app/compose.js') && process.env.BENCH_DIST !== 'false';
  console.log(
    dist ? 'serving dist/ (npm run build); BENCH_DIST=false serves the sources' : 'serving the sources',
  );
  console.log(
    `deadline ${DEADLINE_MS} ms (+${TRANSFER_SLACK_MS} ms to move the body), /health/live every 50 ms`,
  );
  for (const { tier, cases } of runs) {
    const { rows, health } = await runAgainst(tier, cases);
    console.log(`\n${tier} tier`);
    for (const r of rows) {
      const late = r.ms > DEADLINE_MS + TRANSFER_SLACK_MS;
      if (late) over++;
      if (r.status >= 500) fives++;
      console.log(
        `${r.what.slice(0, 44).padEnd(44)} ${r.guard.padEnd(13)} ${String(r.status).padEnd(3)} ${r.code.padEnd(17)} ${r.ms.toFixed(0).padStart(6)} ms  response/request ${r.ratio.toFixed(2)}${late ? '  LATE' : ''}`,
      );
    }
    const sorted = health.map(([, ms]) => ms).sort((a, b) => a - b);
    for (const ms of sorted) allHealth.push(ms);
    console.log(
      `health/live: ${sorted.length} probes, p50 ${pct(sorted, 0.5).toFixed(1)} ms, p99 ${pct(sorted, 0.99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms, over 100 ms: ${sorted.filter((x) => x > 100).length}`,
    );
    // Which request was in flight when a probe was slow.
    for (const [at, ms] of health) {
      if (ms <= 100) continue;
      const during = rows.find((r) => r.startedAt <= at + ms && at <= r.endedAt);
      console.log(
        `  slow probe ${ms.toFixed(0)} ms during: ${during ? `${during.what} -> ${during.guard}` : 'no request'}`,
      );
    }
  }
  console.log(
    `\nsummary: health max ${allHealth.reduce((m, x) => Math.max(m, x), 0).toFixed(1)} ms (target < 100); requests past their deadline ${over}; 5xx ${fives}`,
  );
}
