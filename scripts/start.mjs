// `npm start`: compiles src/ to plain JavaScript in .start/ (scripts/compile-start.mjs), then runs
// the CLI from there in this process. Running the TypeScript through tsx's loader instead kept about
// 70 MB more resident for the life of the gateway (the loader's thread and its transforms). The
// compile runs in a child process: in this one, esbuild's worker thread and the compiled files left
// 15 MB resident after the compile, and 45 MB once the embedded database ran on a thread of its own
// (`npm run bench -- memory`). `npm run cli` still runs the sources through tsx.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compile = spawnSync(process.execPath, [fileURLToPath(new URL('compile-start.mjs', import.meta.url))], {
  stdio: 'inherit',
});
if (compile.status !== 0) process.exit(compile.status ?? 1);
await import(pathToFileURL(fileURLToPath(new URL('../.start/cli.js', import.meta.url))).href);
