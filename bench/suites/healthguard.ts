/**
 * HealthGuard dataset analysis throughput: rows per second on 100k synthetic labelled rows (with
 * planted triggers, flips and duplicates), in-process and through the worker pool, plus the
 * event-loop lag the main thread sees while the pool works.
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { percentile } from '../../eval/lib/metrics.js';
import { analyzeDataset } from '../../src/guards/healthguard/dataset/analyze.js';
import type { DatasetRow } from '../../src/guards/healthguard/dataset/types.js';
import { WorkerPool } from '../../src/guards/healthguard/jobs/pool.js';
import { analyzeSamples } from '../../src/guards/healthguard/sample.js';
import { threatScanner, threatScannerModule } from '../../test/helpers/capabilities.js';
import { reviews, rng } from '../../test/helpers/reviews.js';

export const name = 'healthguard';

function dataset(n: number): DatasetRow[] {
  const rows = reviews(n, 3);
  const r = rng(5);
  for (let i = 0; i < n * 0.01; i++) {
    const row = rows[Math.floor(r() * n)];
    if (row) {
      row.text = `zq blorp ${row.text}`;
      row.label = 'pos';
    }
  }
  for (let i = 0; i < n * 0.02; i++) {
    const row = rows[Math.floor(r() * n)];
    if (row) row.label = row.label === 'pos' ? 'neg' : 'pos';
  }
  return rows;
}

/** The text check (sample mode) on about 1 KB, with SecurityGuard's scanner as the registry wires it. */
function textCheck(): void {
  const base = reviews(40, 7).map((r) => r.text);
  const texts = Array.from({ length: 20 }, (_, i) => {
    let t = '';
    for (let k = i; t.length < 1024; k++) t += `${base[k % base.length]} `;
    return t.slice(0, 1024);
  });
  for (let i = 0; i < 200; i++)
    analyzeSamples([{ id: 't', content: texts[i % 20] ?? '' }], threatScanner, 0.5, 'flag');
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    analyzeSamples([{ id: 't', content: texts[i % 20] ?? '' }], threatScanner, 0.5, 'flag');
    times.push(performance.now() - t0);
  }
  console.log(
    `text check 1 KB (sample mode, SecurityGuard scanner)  p50 ${percentile(times, 50).toFixed(3)} ms  p99 ${percentile(times, 99).toFixed(3)} ms  (n=2000)`,
  );
}

export async function run(): Promise<void> {
  textCheck();
  const n = Number(process.env.HEALTHGUARD_BENCH_ROWS ?? 100_000);
  const rows = dataset(n);
  const t0 = performance.now();
  const report = analyzeDataset(rows, { scanner: threatScanner });
  const ms = performance.now() - t0;
  console.log(
    `in-process rows=${n} time_ms=${ms.toFixed(0)} rows_per_s=${Math.round((n / ms) * 1000)} poisoned=${report.poisoned_count} triggers=${report.trigger_phrases.map((t) => t.phrase).join('|')} heap_mb=${Math.round(process.memoryUsage().heapUsed / 1e6)}`,
  );

  const pool = new WorkerPool(1, threatScannerModule);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const t1 = performance.now();
  let updates = 0;
  await pool.run({ kind: 'rows', rows, threshold: 0.5 }, () => updates++);
  const ms2 = performance.now() - t1;
  lag.disable();
  await pool.close();
  console.log(
    `worker-pool rows=${n} time_ms=${ms2.toFixed(0)} rows_per_s=${Math.round((n / ms2) * 1000)} progress_updates=${updates} main_loop_lag_p99_ms=${(lag.percentile(99) / 1e6).toFixed(1)} max_ms=${(lag.max / 1e6).toFixed(1)}`,
  );
}
