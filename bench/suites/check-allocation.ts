/**
 * `npm run bench -- check-allocation`: bytes allocated per `/check` request (six guards, 1 KB),
 * which sets how often young-generation GC pauses a request. Unlike time, the figure barely moves
 * with the machine's load. With BENCH_BASELINE=<another checkout>, that checkout's figure too.
 */
import { spawnSync } from 'node:child_process';

export const name = 'check-allocation';

function allocationKb(root?: string): number {
  const script = new URL('../servers/check-allocation.ts', import.meta.url).pathname;
  const out = spawnSync(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...(root ? { BENCH_ROOT: root } : {}) },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const match = /ALLOC_KB ([\d.]+)/.exec(out.stdout);
  if (!match) throw new Error(`check-allocation failed: ${out.stderr.slice(-2000)}`);
  return Number(match[1]);
}

export async function run(): Promise<void> {
  const kb = allocationKb();
  console.log(
    `/check six guards 1 KB: ${kb.toFixed(1)} KB allocated per request (1,000 requests, in process)`,
  );
  const baseline = process.env.BENCH_BASELINE;
  if (baseline) {
    const base = allocationKb(baseline);
    console.log(
      `baseline ${baseline}: ${base.toFixed(1)} KB per request (this / baseline ${(kb / base).toFixed(3)})`,
    );
  }
}
