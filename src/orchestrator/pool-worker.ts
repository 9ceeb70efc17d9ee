import { parentPort, workerData } from 'node:worker_threads';
import { AppError, isErrorCode } from '../errors.js';
import type { AnyGuard, GuardContext, GuardName } from '../guards/contract.js';
import { buildModules, GUARD_MODULES } from '../guards/registry.js';
import { createLogger } from '../observability/logger.js';
import type { TextEmbedder } from '../semantic/encoder.js';
import type { Database, Orm } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import { lowerThisThreadPriority } from '../util/thread-priority.js';
import type { FromWorker, KvMethod, PoolWorkerData, ToWorker, WireError } from './pool-protocol.js';

/**
 * A worker thread of the guard pool: builds the guards once, then runs one check at a time. The
 * guards' storage calls travel to the main thread, which owns the real stores (PGlite and the
 * in-memory store cannot be shared between threads), and so do their sentence-encoder requests, so
 * a guard behaves the same here and inline.
 */
const port = parentPort;
if (!port) throw new Error('the guard pool worker must run in a worker thread');
lowerThisThreadPriority();
const data = workerData as PoolWorkerData;
const post = (message: FromWorker) => port.postMessage(message);

const toWire = (err: unknown): WireError => {
  if (err instanceof AppError) return { code: err.code, message: err.detail, extra: err.extra };
  return { message: err instanceof Error ? err.message : String(err) };
};

let nextCall = 1;
const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function remote<T>(message: Omit<Extract<FromWorker, { type: 'call' }>, 'id'>): Promise<T> {
  const id = nextCall++;
  return new Promise<T>((resolve, reject) => {
    calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
    post({ ...message, id } as FromWorker);
  });
}

const kvCall =
  <T>(method: KvMethod) =>
  (...args: unknown[]): Promise<T> =>
    remote<T>({ type: 'call', target: 'kv', method, args });

const unsupported = (what: string) => () =>
  Promise.reject(new Error(`${what} is not available in a guard worker`));

const kv: KeyValueStore = {
  kind: data.kvKind,
  get: kvCall('get'),
  set: kvCall('set'),
  del: kvCall('del'),
  ttl: kvCall('ttl'),
  keys: kvCall('keys'),
  incrBy: kvCall('incrBy'),
  listPush: kvCall('listPush'),
  listRange: kvCall('listRange'),
  slidingWindow: unsupported('slidingWindow'),
  publish: unsupported('publish'),
  subscribe: unsupported('subscribe'),
  ping: () => Promise.resolve(),
  status: () => ({ kind: data.kvKind, mode: 'real' }),
  close: () => Promise.resolve(),
};

const db: Database = {
  kind: data.dbKind,
  get orm(): Orm {
    throw new Error('the query builder is not available in a guard worker; use query()');
  },
  query: <T extends Record<string, unknown>>(text: string, params?: unknown[]) =>
    remote<T[]>({ type: 'call', target: 'db', method: 'query', args: [text, params] }),
  migrate: unsupported('migrate'),
  ping: () => Promise.resolve(),
  status: () => ({ kind: data.dbKind, mode: 'real' }),
  close: () => Promise.resolve(),
};

// The process's sentence encoder lives on the main thread (its model is 170 MB; one per pool
// thread would multiply that): a guard's request travels there like a storage call, and its
// deadline is the encoder's, so a slow answer is null as it would be inline. Its failure shows in
// the main thread's health, which is the one reported.
const embedder: TextEmbedder = {
  failure: null,
  embed: (keyspace, texts, deadlineMs) =>
    remote<Float32Array[] | null>({
      type: 'call',
      target: 'embedder',
      method: 'embed',
      args: [keyspace, [...texts], deadlineMs],
    }),
};

// Dataset analysis already runs here, off the main thread: no nested pool, no metrics timer.
const config = { ...data.config, HEALTHGUARD_WORKERS: 0, HEALTHGUARD_METRICS_INTERVAL_MS: 0 };
const logger = createLogger(config);
const neverAborted = new AbortController().signal;
let guards: Map<GuardName, AnyGuard> | undefined;

port.on('message', (message: ToWorker) => {
  if (message.type === 'reply') {
    const call = calls.get(message.id);
    calls.delete(message.id);
    if (!call) return;
    if (message.ok) call.resolve(message.value);
    else {
      const { code } = message.error;
      call.reject(
        code && isErrorCode(code)
          ? new AppError(code, message.error.message, message.error.extra)
          : new Error(message.error.message),
      );
    }
    return;
  }
  void runTask(message);
});

async function runTask(task: Extract<ToWorker, { type: 'task' }>): Promise<void> {
  try {
    const guard = guards?.get(task.guard);
    if (!guard) throw new AppError('GUARD_UNAVAILABLE', `${task.guard} is not loaded in the worker`);
    // The main thread enforces the deadline by ending this thread, so the signal here never fires.
    const ctx: GuardContext = {
      ...task.identity,
      ...(task.settings ? { settings: task.settings } : {}),
      signal: neverAborted,
      logger,
    };
    const outcome = await guard.check(task.payload, ctx);
    post({ type: 'result', id: task.id, outcome });
  } catch (err) {
    post({ type: 'error', id: task.id, error: toWire(err) });
  }
}

try {
  // The same modules as the main thread, minus HealthGuard's own dataset workers: a pool worker
  // only runs checks, never dataset jobs.
  const selected = GUARD_MODULES.filter((m) => data.guards.includes(m.name));
  const parts = await buildModules(GUARD_MODULES, selected, {
    config: { ...config, HEALTHGUARD_WORKERS: 0 },
    kv,
    db,
    logger,
    embedder,
  });
  guards = new Map(parts.map((p) => [p.guard.name, p.guard]));
  await Promise.all([...guards.values()].map((g) => g.init?.()));
  post({ type: 'ready' });
} catch (err) {
  post({ type: 'failed', error: toWire(err) });
}
