import type { Worker } from 'node:worker_threads';
import type { QueryOptions, Results } from '@electric-sql/pglite';
import { startModuleWorker } from '../../util/module-worker.js';
import {
  type FromDbThread,
  fromWireError,
  type PgliteWorkerData,
  type ToDbThread,
  type WireResults,
} from './pglite-protocol.js';

/** What the gateway asks of an embedded database client: PGlite itself, or PgliteThread. */
export interface EmbeddedClient {
  readonly closed: boolean;
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
  transaction<T>(fn: (tx: EmbeddedTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface EmbeddedTransaction {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
}

type Pending = { resolve: (results: WireResults[]) => void; reject: (err: Error) => void };

/** A value no type parser of PGlite's would return unchanged unless it leaves the text as it is. */
const PARSER_PROBE = '\u0000raw?';

/**
 * PGlite on a thread of its own (pglite-worker.ts), behind PGlite's own query/exec/transaction
 * calls, so Drizzle and the migrations use it unchanged. PostgreSQL's WebAssembly then never runs
 * on the event loop: a batch of operation rows (milliseconds) or a checkpoint's file writes (tens
 * of milliseconds on a busy disk) no longer hold every request behind it.
 *
 * One connection, as PGlite is: statements run in the order sent; a transaction holds the
 * connection from BEGIN to COMMIT, and statements from outside it wait for it to end.
 */
export class PgliteThread implements EmbeddedClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set while a transaction holds the connection; resolves when it ends. */
  private transactionEnd: Promise<void> | undefined;
  private stopped: Error | undefined;
  private closing = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromDbThread) => {
      if (m.type !== 'done' && m.type !== 'failed') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.type === 'done') p.resolve(m.results);
      else p.reject(fromWireError(m.error));
    });
    worker.on('error', (err) => this.stop(err));
    worker.on('exit', (code) =>
      this.stop(new Error(`the embedded database thread stopped (exit code ${code})`)),
    );
  }

  /** Opens the database on a new thread; resolves once it answers. */
  static start(dataDir: string | undefined, settings: string[]): Promise<PgliteThread> {
    const data: PgliteWorkerData = { dataDir, settings };
    // A small young generation: the thread allocates little once open, and V8 otherwise keeps the
    // ~8 MB it grew to while opening (idle RSS about 6 MB lower; `npm run bench -- memory`).
    const worker = startModuleWorker(import.meta.url, './pglite-worker', {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: 2 },
    });
    return new Promise<PgliteThread>((resolve, reject) => {
      const onMessage = (m: FromDbThread) => {
        if (m.type === 'ready') {
          worker.off('message', onMessage).off('exit', onExit);
          worker.unref();
          resolve(new PgliteThread(worker));
        } else if (m.type === 'open-failed') {
          worker.off('exit', onExit);
          void worker.terminate();
          reject(fromWireError(m.error));
        }
      };
      const onExit = (code: number) =>
        reject(new Error(`the embedded database thread exited while opening (code ${code})`));
      worker.on('message', onMessage).once('exit', onExit);
    });
  }

  get closed(): boolean {
    return this.closing || this.stopped !== undefined;
  }

  async query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    while (this.transactionEnd) await this.transactionEnd;
    return this.sendQuery<T>(sql, params, options);
  }

  async exec(sql: string): Promise<Results[]> {
    while (this.transactionEnd) await this.transactionEnd;
    return this.sendExec(sql);
  }

  async transaction<T>(fn: (tx: EmbeddedTransaction) => Promise<T>): Promise<T> {
    // Checked and taken with no await between: two transactions cannot both pass.
    while (this.transactionEnd) await this.transactionEnd;
    const { promise, resolve: end } = withResolvers();
    this.transactionEnd = promise;
    const tx: EmbeddedTransaction = {
      query: (sql, params, options) => this.sendQuery(sql, params ?? [], options),
      exec: (sql) => this.sendExec(sql),
    };
    try {
      await this.sendExec('BEGIN');
      try {
        const out = await fn(tx);
        await this.sendExec('COMMIT');
        return out;
      } catch (err) {
        await this.sendExec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      this.transactionEnd = undefined;
      end();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // After what was sent before it; later calls are refused.
    const done = this.send({ id: this.nextId++, op: 'close' });
    this.closing = true;
    await done.catch(() => undefined);
    await this.worker.terminate();
  }

  private async sendQuery<T>(sql: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const [results] = await this.send({
      id: this.nextId++,
      op: 'query',
      sql,
      params,
      rowMode: options?.rowMode,
      rawTypes: rawTypesOf(options),
    });
    return results as unknown as Results<T>;
  }

  private async sendExec(sql: string): Promise<Results[]> {
    return (await this.send({ id: this.nextId++, op: 'exec', sql })) as unknown as Results[];
  }

  private send(message: ToDbThread): Promise<WireResults[]> {
    if (this.closing) return Promise.reject(new Error('the embedded database is closed'));
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise<WireResults[]>((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      // A reply is awaited: the thread keeps the process alive until it comes.
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage(message);
    });
  }

  private stop(err: Error): void {
    this.stopped ??= err;
    for (const p of this.pending.values()) p.reject(this.stopped);
    this.pending.clear();
  }
}

/** Promise.withResolvers (Node 22) for Node 20. */
function withResolvers(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Parsers are functions and cannot cross to the thread. Drizzle's only ask for some types to stay
 * PostgreSQL's text; such a parser returns its input unchanged, and the thread applies the same.
 */
function rawTypesOf(options: QueryOptions | undefined): number[] {
  const parsers = options?.parsers;
  if (!parsers) return [];
  return Object.entries(parsers).map(([oid, parse]) => {
    if (parse(PARSER_PROBE, Number(oid)) !== PARSER_PROBE)
      throw new Error(
        `type parser for ${oid}: only parsers that keep the text can run on the database thread`,
      );
    return Number(oid);
  });
}
