import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running one of this project's modules. From the TypeScript sources (development,
 * tests) the module is `<name>.ts` and the worker first registers tsx's loader; from the build it
 * is `<name>.js`. `from` is the caller's `import.meta.url`, `name` the module's path beside it
 * without its extension.
 */
export function startModuleWorker(from: string, name: string, options: WorkerOptions = {}): Worker {
  const sourceIsTs = from.endsWith('.ts');
  const url = new URL(`${name}.${sourceIsTs ? 'ts' : 'js'}`, from);
  if (!sourceIsTs) return new Worker(url, options);
  return new Worker(
    `import(${JSON.stringify(TSX_API)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`,
    { ...options, eval: true, execArgv: [] },
  );
}

// Resolved here, from this file: an eval'd worker would resolve a bare 'tsx' from the process's
// working directory, which fails when the gateway is started from another folder. (Vitest's module
// runner has no import.meta.resolve; its tests run from the checkout, where the bare name resolves.)
const TSX_API =
  import.meta.url.endsWith('.ts') && typeof import.meta.resolve === 'function'
    ? import.meta.resolve('tsx/esm/api')
    : 'tsx/esm/api';
