/**
 * `npm run bench [-- name ...]`: runs every benchmark module (or the named ones) in one process and
 * prints their figures. Each module in bench/suites/ exports `name` and `run(): Promise<void>`.
 */
import { readdir } from 'node:fs/promises';

const only = process.argv.slice(2);
const dir = new URL('./suites/', import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
for (const file of files) {
  const suite = (await import(new URL(file, dir).href)) as { name: string; run: () => Promise<void> };
  if (only.length > 0 && !only.includes(suite.name)) continue;
  console.log(`\n=== ${suite.name} ===`);
  await suite.run();
}
