import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Config } from '../config.js';
import { AppError, isErrorCode } from '../errors.js';
import type { CallSettings, GuardName, GuardOutcome } from '../guards/contract.js';
import type { TextEmbedder } from '../semantic/encoder.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import { startModuleWorker } from '../util/module-worker.js';
import type { CallIdentity } from './orchestrator.js';
import {
  type FromWorker,
  KV_METHODS,
  type PoolWorkerData,
  type ToWorker,
  type WireError,
} from './pool-protocol.js';

/**
 * Worker threads for guard checks on large inputs, so a long check never holds the event loop
 * (health probes, other tenants, Redis replies) and a deadline really cuts: a check still running
 * when its deadline passes is abandoned by ending its thread, which a fresh one replaces.
 *
 * The project's own pool rather than piscina: each worker needs a lasting two-way channel, since
 * the guards' storage calls (budgets, conversation memory, the vault, policies) are served by the
 * main thread, which owns the stores; piscina's one-message tasks do not give that.
 */

/** How long a new worker may take to load the guards before the pool gives up on it. */
const START_TIMEOUT_MS = 120_000;
/** A worker whose heap passes this is ended (and replaced) instead of taking the gateway down. */
const WORKER_HEAP_MB = 1024;

export interface GuardPoolOptions {
  size: number;
  /** The guards the workers build: those this process runs. */
  guards: string[];
  config: Config;
  kv: KeyValueStore;
  db: Database;
  logger: Logger;
  /** The process's sentence encoder, which the workers' guards ask through the main thread. */
  embedder?: TextEmbedder;
  registry?: Registry;
  /** Start the workers in `init()` instead of with the first large check. */
  eager?: boolean;
}

interface Task {
  id: number;
  guard: GuardName;
  payload: unknown;
  identity: CallIdentity;
  settings: CallSettings | undefined;
  signal: AbortSignal;
  resolve: (outcome: GuardOutcome<object>) => void;
  reject: (err: AppError) => void;
  onAbort: () => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | undefined;
}

const fromWire = (error: WireError): AppError =>
  error.code && isErrorCode(error.code)
    ? new AppError(error.code, error.message, error.extra ?? {})
    : new AppError('INTERNAL', undefined, {}, { cause: new Error(error.message) });

/**
 * The pool size GUARD_WORKERS asks for; unset, one worker per core. Not one fewer: a check past its
 * deadline ends its worker, and the replacement takes a while to load the guards, during which the
 * other worker keeps taking large checks (with a single worker, each timeout stalled the next ones).
 */
export const poolSize = (config: Pick<Config, 'GUARD_WORKERS'>): number =>
  config.GUARD_WORKERS ?? Math.max(1, availableParallelism());

export class GuardPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  private started: Promise<void> | undefined;
  private broken = false;
  private readonly tasks: Counter<'guard' | 'outcome'> | undefined;
  private readonly recycled: Counter | undefined;

  constructor(private readonly options: GuardPoolOptions) {
    const registers = options.registry ? [options.registry] : [];
    if (options.registry) {
      this.tasks = new Counter({
        name: 'guard_pool_tasks_total',
        help: 'Guard checks run in the worker pool, by guard and outcome (ok, error, timeout)',
        labelNames: ['guard', 'outcome'] as const,
        registers,
      });
      this.recycled = new Counter({
        name: 'guard_pool_workers_recycled_total',
        help: 'Pool workers ended and replaced (a check passed its deadline, or the worker died)',
        registers,
      });
    }
  }

  get size(): number {
    return this.options.size;
  }

  /**
   * With `eager`, starts every worker now and waits until each has loaded the guards; otherwise
   * the workers start with the first large check (each holds its own copy of the guards, about
   * 100 MB, which a gateway that never sees a large input need not pay). Idempotent.
   */
  init(): Promise<void> {
    return this.options.eager ? this.start() : Promise.resolve();
  }

  private start(): Promise<void> {
    // A worker that cannot start is logged; when none can, checks stay inline (`available`).
    this.started ??= Promise.allSettled(Array.from({ length: this.options.size }, () => this.spawn())).then(
      (outcomes) => {
        for (const o of outcomes) {
          if (o.status === 'rejected')
            this.options.logger.error({ err: o.reason }, 'guard pool worker failed to start');
        }
        if (this.slots.size === 0) this.broken = true;
      },
    );
    return this.started;
  }

  /** Whether the pool takes checks: not closed, and its workers could load the guards. */
  get available(): boolean {
    return !this.closed && !this.broken;
  }

  /** Runs a check of already-validated `payload` in a worker; rejects GUARD_TIMEOUT on `signal`. */
  run(
    guard: GuardName,
    payload: unknown,
    identity: CallIdentity,
    signal: AbortSignal,
    settings?: CallSettings,
  ): Promise<GuardOutcome<object>> {
    if (this.closed) return Promise.reject(new AppError('GUARD_UNAVAILABLE', 'the guard pool is closed'));
    if (signal.aborted) {
      return Promise.reject(new AppError('GUARD_TIMEOUT', `${guard} did not start before the deadline`));
    }
    return new Promise((resolve, reject) => {
      const task: Task = {
        id: this.nextId++,
        guard,
        payload,
        identity,
        settings,
        signal,
        resolve,
        reject,
        onAbort: () => this.abort(task),
      };
      signal.addEventListener('abort', task.onAbort, { once: true });
      this.queue.push(task);
      void this.start();
      this.pump();
    });
  }

  private finish(task: Task, outcome: 'ok' | 'error' | 'timeout'): void {
    task.signal.removeEventListener('abort', task.onAbort);
    this.tasks?.inc({ guard: task.guard, outcome });
  }

  private abort(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.finish(task, 'timeout');
      task.reject(new AppError('GUARD_TIMEOUT', `${task.guard} did not start before the deadline`));
      return;
    }
    for (const slot of this.slots) {
      if (slot.task !== task) continue;
      slot.task = undefined;
      this.finish(task, 'timeout');
      task.reject(new AppError('GUARD_TIMEOUT', `${task.guard} did not answer before the deadline`));
      this.recycle(slot, 'deadline');
      return;
    }
  }

  /** Ends a worker and starts its replacement. */
  private recycle(slot: Slot, why: string): void {
    this.slots.delete(slot);
    this.recycled?.inc();
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate();
    this.options.logger.warn({ why }, 'guard pool worker recycled');
    if (!this.closed) void this.spawn().catch(() => undefined);
  }

  private spawn(): Promise<Slot> {
    const data: PoolWorkerData = {
      config: this.options.config,
      guards: this.options.guards,
      kvKind: this.options.kv.kind,
      dbKind: this.options.db.kind,
    };
    const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
    const worker = startModuleWorker(import.meta.url, './pool-worker', { workerData: data, resourceLimits });
    const slot: Slot = { worker, ready: false, task: undefined };
    this.slots.add(slot);
    return new Promise<Slot>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('guard pool worker did not start in time'));
        this.recycle(slot, 'start timeout');
      }, START_TIMEOUT_MS);
      timer.unref();
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            clearTimeout(timer);
            slot.ready = true;
            resolve(slot);
            this.pump();
            return;
          case 'failed':
            clearTimeout(timer);
            reject(new Error(`guard pool worker could not load the guards: ${message.error.message}`));
            this.slots.delete(slot);
            void worker.terminate();
            return;
          case 'result':
          case 'error': {
            const task = slot.task;
            if (!task || task.id !== message.id) return;
            slot.task = undefined;
            if (message.type === 'result') {
              this.finish(task, 'ok');
              task.resolve(message.outcome);
            } else {
              this.finish(task, 'error');
              task.reject(fromWire(message.error));
            }
            this.pump();
            return;
          }
          case 'call':
            void this.serve(worker, message);
            return;
        }
      });
      worker.on('error', (err) => this.options.logger.error({ err }, 'guard pool worker failed'));
      worker.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`guard pool worker exited with code ${code}`));
        if (!this.slots.has(slot)) return;
        const task = slot.task;
        slot.task = undefined;
        if (task) {
          this.finish(task, 'error');
          task.reject(new AppError('GUARD_UNAVAILABLE', `${task.guard} stopped while checking this input`));
        }
        this.recycle(slot, `exit ${code}`);
        this.pump();
      });
    });
  }

  /** Runs a worker's storage (or encoder) call on the real stores and answers it. */
  private async serve(worker: Worker, call: Extract<FromWorker, { type: 'call' }>): Promise<void> {
    let reply: ToWorker;
    try {
      let value: unknown;
      if (call.target === 'db') value = await this.options.db.query(call.args[0], call.args[1]);
      else if (call.target === 'embedder') {
        const [keyspace, texts, deadlineMs] = call.args;
        value = (await this.options.embedder?.embed(keyspace, texts, deadlineMs)) ?? null;
      } else if ((KV_METHODS as readonly string[]).includes(call.method)) {
        const method = this.options.kv[call.method] as (...args: unknown[]) => Promise<unknown>;
        value = await method.apply(this.options.kv, call.args);
      } else throw new Error(`unknown storage call ${call.method}`);
      reply = { type: 'reply', id: call.id, ok: true, value };
    } catch (err) {
      const error: WireError =
        err instanceof AppError
          ? { code: err.code, message: err.detail, extra: err.extra }
          : { message: (err as Error).message };
      reply = { type: 'reply', id: call.id, ok: false, error };
    }
    try {
      worker.postMessage(reply);
    } catch {
      // The worker was ended meanwhile (its deadline passed): nobody waits for the answer.
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift();
      if (!task) return;
      slot.task = task;
      const message: ToWorker = {
        type: 'task',
        id: task.id,
        guard: task.guard,
        payload: task.payload,
        identity: task.identity,
        ...(task.settings ? { settings: task.settings } : {}),
      };
      slot.worker.postMessage(message);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const task of this.queue.splice(0)) {
      this.finish(task, 'error');
      task.reject(new AppError('GUARD_UNAVAILABLE', 'the gateway is shutting down'));
    }
    const workers = [...this.slots].map((s) => s.worker);
    this.slots.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
