/**
 * Bytes allocated per `/check` (six guards, 1 KB, API key + rate limits), in process through
 * Fastify's inject: V8's sampling heap profiler with the objects that young- and old-generation GC
 * already collected counted too, so the figure is what the request allocates, not what it keeps.
 * BENCH_ROOT=<another checkout> measures that checkout's sources. Prints `ALLOC_KB <n>`.
 */
import { mkdtempSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Compose from '../../src/app/compose.js';
import type * as ConfigModule from '../../src/config.js';
import { englishText } from '../lib/prompt.js';

const root = process.env.BENCH_ROOT ?? new URL('../..', import.meta.url).pathname;
const { composeServer } = (await import(join(root, 'src/app/compose.ts'))) as typeof Compose;
const { loadConfig } = (await import(join(root, 'src/config.ts'))) as typeof ConfigModule;

const KEY = `cg_${'b'.repeat(40)}`;
const server = await composeServer(
  loadConfig({
    LOG_LEVEL: 'warn',
    AUTH_ENABLED: 'true',
    BOOTSTRAP_API_KEY: KEY,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cg-alloc-')),
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_PROCESSING_PER_MINUTE: '1000000000',
    HOST: '127.0.0.1',
    PORT: '0',
  }),
);
await server.db.query(
  "UPDATE tiers SET requests_per_minute = 1000000000, requests_per_hour = 1000000000, burst = 1000000000, monthly_calls = NULL, monthly_tokens = NULL WHERE name = 'enterprise'",
);
const texts = Array.from({ length: 20 }, (_, i) => englishText(1024, i + 1));
let sent = 0;
const check = async (): Promise<void> => {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/guards/check',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    payload: JSON.stringify({ text: texts[sent++ % texts.length] }),
  });
  if (res.statusCode !== 200) throw new Error(`/check answered ${res.statusCode}: ${res.body}`);
};

for (let i = 0; i < 1000; i++) await check(); // warm-up: JIT, caches, the first database writes
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 1024,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
const requests = 1000;
for (let i = 0; i < requests; i++) await check();
const { profile } = await session.post('HeapProfiler.stopSampling');
interface Node {
  selfSize: number;
  children: Node[];
}
const total = (n: Node): number => n.children.reduce((sum, c) => sum + total(c), n.selfSize);
console.log(`ALLOC_KB ${(total(profile.head as Node) / requests / 1024).toFixed(1)}`);
await server.close();
process.exit(0);
