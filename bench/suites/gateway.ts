import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLoad, load, startServer, stopServer } from '../lib/load.js';
import { englishText } from '../lib/prompt.js';

export const name = 'gateway';

/**
 * Gateway overhead: requests/s and latency of (a) a bare Fastify server returning the same JSON
 * body and (b) the gateway's /process running TokenGuard on a 1 KB prompt. Target b/a >= 0.65.
 */
export async function run(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-bench-'));
  const request = JSON.stringify({
    service_type: 'tokenguard',
    payload: { text: englishText(1024), model: 'gpt-4o' },
  });
  const gateway = await startServer('bench/servers/gateway.ts', {
    DATA_DIR: dataDir,
    RATE_LIMIT_ENABLED: 'false',
  });
  try {
    const url = `http://127.0.0.1:${gateway.port}/api/v1/guards/process`;
    const sample = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: request,
    });
    const responseBody = await sample.text();
    if (!sample.ok) throw new Error(`gateway answered ${sample.status}: ${responseBody}`);
    await load(url, request, { seconds: 2 }); // warm-up
    const bare = await startServer('bench/servers/bare.ts', { BENCH_RESPONSE: responseBody });
    try {
      const bareUrl = `http://127.0.0.1:${bare.port}/api/v1/guards/process`;
      await load(bareUrl, request, { seconds: 2 }); // warm-up
      const a = await load(bareUrl, request, { seconds });
      const b = await load(url, request, { seconds });
      console.log(`prompt 1 KB, response ${responseBody.length} bytes, ${seconds} s per run, 32 connections`);
      console.log(describeLoad('(a) bare Fastify, same JSON body', a));
      console.log(describeLoad('(b) gateway /process tokenguard', b));
      console.log(
        `ratio b/a requests/s: ${(b.requestsPerSec / a.requestsPerSec).toFixed(3)} (target >= 0.65)`,
      );
    } finally {
      await stopServer(bare.child);
    }
  } finally {
    await stopServer(gateway.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
