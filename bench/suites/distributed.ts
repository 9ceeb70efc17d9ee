/**
 * `npm run bench -- distributed`: what distributed mode costs and gives on this machine.
 * 1. The remote hop: SecurityGuard on a 1 KB prompt through the orchestrator of (a) a process that
 *    runs the guard itself and (b) a MODE=gateway process whose guard is a MODE=securityguard
 *    service on loopback (undici keep-alive, JSON both ways, the service's own validation and
 *    deadline). One call at a time, interleaved in rounds: p50 and p99 of each and their difference.
 * 2. The same through HTTP end to end (/api/v1/guards/process on a MODE=all process vs a
 *    MODE=gateway process in front of the service), under load from autocannon.
 * 3. Throughput of 1, 2 and 3 MODE=all gateway processes side by side, the load split evenly.
 * The machine has 2 cores shared by the load generator, the gateways and the services: the figures
 * say what this box does, not what separate machines would.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { composeCore } from '../../src/app/compose.js';
import { testConfig } from '../../src/config.js';
import { describeLoad, type LoadResult, load, startServer, stopServer } from '../lib/load.js';
import { englishText } from '../lib/prompt.js';

export const name = 'distributed';

const TOKEN = 'bench-service-token-0123456789abcdef0123';
const SERVER = 'bench/servers/gateway.ts';
const common = { AUTH_ENABLED: 'false', RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn', GUARD_WORKERS: '0' };
/** Every process its own embedded database. */
const own = () => ({ ...common, DATA_DIR: mkdtempSync(join(tmpdir(), 'cg-bench-dist-')) });

const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
};
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

export async function run(): Promise<void> {
  const text = englishText(1024);
  const service = await startServer(SERVER, { ...own(), MODE: 'securityguard', SERVICE_TOKEN: TOKEN });
  const serviceUrl = `http://127.0.0.1:${service.port}`;
  const logger = pino({ level: 'silent' });
  const local = await composeCore(testConfig({ MODE: 'securityguard' }), { db: 'none', logger });
  const remote = await composeCore(
    testConfig({ MODE: 'gateway', SERVICE_TOKEN: TOKEN, GUARD_SECURITYGUARD_URLS: serviceUrl }),
    { db: 'none', logger },
  );
  try {
    // 1. The remote hop, through the orchestrator.
    const n = Number(process.env.BENCH_REQUESTS ?? 2000);
    const rounds = 4;
    const times = { local: [] as number[], remote: [] as number[] };
    const call = async (which: 'local' | 'remote', i: number) => {
      const orchestrator = (which === 'local' ? local : remote).orchestrator;
      const started = performance.now();
      const result = await orchestrator.run('securityguard', { text }, { requestId: `bench-${which}-${i}` });
      if (result.guard !== 'securityguard') throw new Error('unexpected result');
      return performance.now() - started;
    };
    for (let i = 0; i < 200; i++) {
      await call('local', i);
      await call('remote', i);
    }
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < n / rounds; i++) times.local.push(await call('local', i));
      for (let i = 0; i < n / rounds; i++) times.remote.push(await call('remote', i));
    }
    const l = quantiles(times.local);
    const rm = quantiles(times.remote);
    console.log(`securityguard on a 1 KB prompt, ${n} calls each, one at a time (orchestrator.run):`);
    console.log(`  in-process              p50 ${fmt(l.p50)}   p99 ${fmt(l.p99)}`);
    console.log(`  remote (service)        p50 ${fmt(rm.p50)}   p99 ${fmt(rm.p99)}`);
    console.log(`  added by the remote hop p50 ${fmt(rm.p50 - l.p50)}   p99 ${fmt(rm.p99 - l.p99)}`);

    // 2. End to end over HTTP, under load.
    const body = JSON.stringify({ service_type: 'securityguard', payload: { text } });
    const seconds = Number(process.env.BENCH_SECONDS ?? 8);
    const all = await startServer(SERVER, { ...own(), MODE: 'all' });
    const gateway = await startServer(SERVER, {
      ...own(),
      MODE: 'gateway',
      SERVICE_TOKEN: TOKEN,
      GUARD_SECURITYGUARD_URLS: serviceUrl,
    });
    try {
      for (const connections of [1, 16]) {
        const a = await load(`http://127.0.0.1:${all.port}/api/v1/guards/process`, body, {
          seconds,
          connections,
        });
        const g = await load(`http://127.0.0.1:${gateway.port}/api/v1/guards/process`, body, {
          seconds,
          connections,
        });
        console.log(describeLoad(`MODE=all, ${connections} conn`, a));
        console.log(describeLoad(`MODE=gateway + service, ${connections} conn`, g));
      }
    } finally {
      await stopServer(all.child);
      await stopServer(gateway.child);
    }
  } finally {
    await local.close();
    await remote.close();
    await stopServer(service.child);
  }

  // 3. N gateway processes side by side.
  const body = JSON.stringify({ service_type: 'securityguard', payload: { text: englishText(1024) } });
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  let single = 0;
  for (const count of [1, 2, 3]) {
    // One after the other: cold starts side by side on 2 cores take longer than the start timeout.
    const servers: Awaited<ReturnType<typeof startServer>>[] = [];
    for (let i = 0; i < count; i++) servers.push(await startServer(SERVER, { ...own(), MODE: 'all' }));
    try {
      const results: LoadResult[] = await Promise.all(
        servers.map((s) =>
          load(`http://127.0.0.1:${s.port}/api/v1/guards/process`, body, {
            seconds,
            connections: Math.ceil(24 / count),
          }),
        ),
      );
      const total = results.reduce((sum, r) => sum + r.requestsPerSec, 0);
      if (count === 1) single = total;
      const errors = results.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
      console.log(
        `${count} gateway process${count === 1 ? ' ' : 'es'}: ${total.toFixed(0).padStart(6)} req/s in all (${(total / single).toFixed(2)}x one process), errors ${errors}`,
      );
    } finally {
      await Promise.all(servers.map((s) => stopServer(s.child)));
    }
  }
}
