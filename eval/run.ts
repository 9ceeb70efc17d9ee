/**
 * `npm run eval [-- guard ...]`: runs the evaluation of each named guard (all when none is named)
 * over the labelled data in ../shared/datasets and prints its figures. Each module in eval/suites/
 * exports `name` and `run(): Promise<void>`.
 */
import { readdir } from 'node:fs/promises';

const only = process.argv.slice(2);
const dir = new URL('./suites/', import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
let ran = 0;
for (const file of files) {
  const suite = (await import(new URL(file, dir).href)) as { name: string; run: () => Promise<void> };
  // A suite answers to its name or its file's ("securityguard" runs both SecurityGuard parts,
  // "securityguard-injection" only the injection part).
  if (only.length > 0 && !only.includes(suite.name) && !only.includes(file.replace(/\.ts$/, ''))) continue;
  console.log(`\n=== ${suite.name} ===`);
  await suite.run();
  ran++;
}
if (ran === 0) {
  console.error(`no evaluation named ${only.join(', ')}`);
  process.exitCode = 2;
}
