// Compiles src/ to plain JavaScript in .start/ (esbuild, one file per source) for `npm start`
// (scripts/start.mjs runs it as a child process). Types are checked by `npm run typecheck`, not here.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
// At the same depth as src/, so paths the sources resolve from their own location
// (../../../console/dist, ../../package.json) mean the same from here.
const OUT = join(ROOT, '.start');
// Files the sources read at run time: SQL migrations, model weights, word lists.
const ASSET = /\.(sql|json|txt|csv)$/;

const files = readdirSync(SRC, { recursive: true }).map(String);
const sources = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));
const { outputFiles } = buildSync({
  entryPoints: sources.map((f) => join(SRC, f)),
  outdir: OUT,
  outbase: SRC,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  write: false,
});
const outputs = [
  ...outputFiles.map((f) => ({ path: f.path, contents: f.contents })),
  ...files
    .filter((f) => ASSET.test(f))
    .map((f) => ({ path: join(OUT, f), contents: readFileSync(join(SRC, f)) })),
];

/** Only changed files are written, each by a rename, so a second gateway started from the same
 * checkout never reads a half-written module. */
const unchanged = (path, contents) => {
  try {
    return readFileSync(path).equals(contents);
  } catch {
    return false;
  }
};
for (const { path, contents } of outputs) {
  if (unchanged(path, contents)) continue;
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, contents);
  renameSync(partial, path);
}
// Files of sources since deleted or renamed go, so nothing can import them.
const wanted = new Set(outputs.map((o) => relative(OUT, o.path)));
for (const f of readdirSync(OUT, { recursive: true, withFileTypes: true })) {
  if (!f.isFile()) continue;
  const path = join(f.parentPath ?? f.path, f.name);
  if (!wanted.has(relative(OUT, path)) && !path.endsWith('.partial')) rmSync(path, { force: true });
}
