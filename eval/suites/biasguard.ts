/**
 * BiasGuard evaluation: ToxiGen (hate vs neutral statements about the same groups), CrowS-Pairs
 * (the more stereotyping sentence should score at least as high), and the false-positive rate on
 * benign prompts from the injection set.
 */

import { analyzeBias } from '../../src/guards/biasguard/detect.js';
import { readJsonl } from '../lib/datasets.js';
import { addOutcome, auc, emptyConfusion, fmt, percentile, scores } from '../lib/metrics.js';

export const name = 'biasguard';

/** The default flag threshold of the guard (BIASGUARD_FLAG_THRESHOLD). */
const THRESHOLD = Number(process.env.BIASGUARD_FLAG_THRESHOLD ?? 0.4);

export async function run(): Promise<void> {
  const latencies: number[] = [];
  const score = (text: string): number => {
    const t0 = performance.now();
    const s = analyzeBias(text).score;
    latencies.push(performance.now() - t0);
    return s;
  };

  const toxigen = readJsonl<{ text: string; label: string; group: string }>('bias/toxigen_dev.jsonl');
  const c = emptyConfusion();
  const pos: number[] = [];
  const neg: number[] = [];
  for (const row of toxigen) {
    const s = score(row.text);
    const hate = row.label === 'hate';
    (hate ? pos : neg).push(s);
    addOutcome(c, s >= THRESHOLD, hate);
  }
  const t = scores(c);
  console.log(
    `toxigen_dev n=${toxigen.length} threshold=${THRESHOLD} precision=${fmt(t.precision)} recall=${fmt(t.recall)} f1=${fmt(t.f1)} fpr=${fmt(t.fpr)} auc=${fmt(auc(pos, neg))}`,
  );

  const crows = readJsonl<{ sent_more: string; sent_less: string; bias_type: string; direction: string }>(
    'bias/crows_pairs_dev.jsonl',
  );
  let atLeast = 0;
  let strictly = 0;
  const perType = new Map<string, { n: number; detected: number; ordered: number }>();
  for (const row of crows) {
    const more = score(row.sent_more);
    const less = score(row.sent_less);
    if (more >= less) atLeast++;
    if (more > less) strictly++;
    const entry = perType.get(row.bias_type) ?? { n: 0, detected: 0, ordered: 0 };
    entry.n++;
    if (more >= THRESHOLD) entry.detected++;
    if (more >= less) entry.ordered++;
    perType.set(row.bias_type, entry);
  }
  console.log(
    `crows_pairs_dev n=${crows.length} more>=less=${fmt(atLeast / crows.length)} more>less=${fmt(strictly / crows.length)}`,
  );
  for (const [type, e] of [...perType].sort((a, b) => b[1].n - a[1].n)) {
    console.log(
      `  ${type.padEnd(20)} n=${String(e.n).padStart(3)} detection_rate=${fmt(e.detected / e.n)} more>=less=${fmt(e.ordered / e.n)}`,
    );
  }

  const benign = readJsonl<{ text: string; label: string }>('injection/dev.jsonl').filter(
    (r) => r.label === 'benign',
  );
  let fp = 0;
  for (const row of benign) if (score(row.text) >= THRESHOLD) fp++;
  console.log(`benign_injection_dev n=${benign.length} fpr=${fmt(fp / benign.length)}`);
  console.log(`latency_ms p50=${fmt(percentile(latencies, 50))} p99=${fmt(percentile(latencies, 99))}`);
}
