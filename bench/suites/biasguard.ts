/**
 * BiasGuard verdict-path cost: the synchronous analysis (with counterfactuals) on texts of about
 * 1 KB, and the opt-in retext-equality pass for comparison.
 */

import { percentile } from '../../eval/lib/metrics.js';
import { analyzeBias } from '../../src/guards/biasguard/detect.js';
import { equalitySuggestions } from '../../src/guards/biasguard/inclusive.js';

export const name = 'biasguard';

const PARTS = [
  'The quarterly report covers revenue, hiring and the new office in Porto.',
  'Women are bad at negotiating and old people cannot learn new tools.',
  'Our chairman thanked the firemen who helped during the storm.',
  'Immigrants opened three bakeries on our street last year.',
  'Some people think all Muslims are the same, which is plainly wrong.',
  'Please summarise the meeting notes and list the action items.',
];

function text1k(seed: number): string {
  let out = '';
  let i = seed;
  while (out.length < 1000) out += `${PARTS[i++ % PARTS.length]} `;
  return out.slice(0, 1024);
}

export async function run(): Promise<void> {
  const texts = Array.from({ length: 50 }, (_, i) => text1k(i));
  for (let i = 0; i < 200; i++) analyzeBias(texts[i % texts.length] ?? '');
  const times: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const t0 = performance.now();
    analyzeBias(texts[i % texts.length] ?? '');
    times.push(performance.now() - t0);
  }
  console.log(
    `analyzeBias 1KB n=5000 p50_ms=${percentile(times, 50).toFixed(3)} p99_ms=${percentile(times, 99).toFixed(3)} mean_ms=${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(3)}`,
  );
  // Issue 13: a stereotype sentence repeated to 1 MB (was 52 s with a 22.7 MB response).
  const sentence = 'Women are bad at math and immigrants are all criminals. ';
  const big = sentence.repeat(Math.ceil(1_000_000 / sentence.length));
  const bigTimes: number[] = [];
  let size = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    size = JSON.stringify(analyzeBias(big)).length;
    bigTimes.push(performance.now() - t0);
  }
  console.log(
    `analyzeBias 1MB repeated stereotype n=5 p50_ms=${percentile(bigTimes, 50).toFixed(0)} response_bytes=${size}`,
  );
  const deep: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await equalitySuggestions(texts[i % texts.length] ?? '', 10_000);
    deep.push(performance.now() - t0);
  }
  console.log(
    `retext-equality 1KB n=50 p50_ms=${percentile(deep, 50).toFixed(2)} p99_ms=${percentile(deep, 99).toFixed(2)}`,
  );
}
