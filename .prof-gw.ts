import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { englishText } from '/work/wt-bounded/bench/lib/prompt.js';
const KEY = `cg_${'b'.repeat(40)}`;
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/gwprof', '--import', 'tsx', 'bench/servers/gateway.ts'], {
  env: { ...process.env, DATA_DIR: `/tmp/gwdata-${Date.now()}`, AUTH_ENABLED: 'true', RATE_LIMIT_ENABLED: process.env.RL ?? 'false', BOOTSTRAP_API_KEY: KEY, BENCH_UNLIMITED_TIER: 'true', RATE_LIMIT_PROCESSING_PER_MINUTE: '1000000000' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<number>((res) => child.stdout!.on('data', (d: Buffer) => { const m = /LISTENING (\d+)/.exec(String(d)); if (m) res(Number(m[1])); }));
const body = process.env.CHECK ? JSON.stringify({ text: englishText(1024) }) : JSON.stringify({ service_type: 'tokenguard', payload: { text: englishText(1024), model: 'gpt-4o' } });
const path = process.env.CHECK ? '/api/v1/guards/check' : '/api/v1/guards/process';
const r = await autocannon({ url: `http://127.0.0.1:${port}${path}`, method: 'POST', body, headers: { 'content-type': 'application/json', 'x-api-key': KEY }, connections: Number(process.env.CONN ?? 32), duration: 8 });
console.log('req/s', r.requests.average, 'p50', r.latency.p50, 'p99', r.latency.p99, 'non2xx', r.non2xx);
child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));
