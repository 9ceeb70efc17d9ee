import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import type { BackendStatus } from '../kv/types.js';
import { ensurePrivateDir, restrictTree } from '../private-dir.js';
import { FolderLock } from './folder-lock.js';
import { loadMigrations, type Migration, runMigrations } from './migrate.js';
import { type EmbeddedClient, PgliteThread } from './pglite-thread.js';
import type { Database, Orm } from './types.js';

const PGLITE_SETTINGS = ['shared_buffers=16MB', 'work_mem=2MB', 'temp_buffers=2MB'];

/**
 * PostgreSQL's WebAssembly is compiled by V8's baseline compiler only. Tiering hot functions up
 * to the optimizing compiler kept about 45 MB of compiler memory resident for the life of the
 * process and doubled the time to open a database (initdb included), for steady-state queries
 * about 1.3x faster (measured with a script of inserts, point and aggregate queries). The embedded
 * database serves small deployments, where memory matters more, and the gateway keeps it off the
 * request path (cached reads, batched writes). Only WebAssembly compiled after this call is
 * affected, and PGlite is the process's only WebAssembly.
 */
let baselineWasm = false;
function useBaselineWasmCompiler(): void {
  if (baselineWasm) return;
  setFlagsFromString('--liftoff-only');
  baselineWasm = true;
}

export interface PgliteOpenOptions {
  /**
   * Run PostgreSQL's WebAssembly on a thread of its own (PgliteThread) instead of the event loop
   * (PGLITE_THREAD, on by default in the gateway): batches of writes and slow queries then never
   * hold the event loop. It costs memory, a second V8 isolate and malloc arena: `npm start` idles
   * at 233 MB with it and 210 without (`npm run bench -- memory`, restart, 2026-12-02).
   */
  thread?: boolean;
}

/** Embedded PostgreSQL (WebAssembly) in a data folder, or in memory when `dataDir` is omitted. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  readonly orm: Orm;

  private constructor(
    private readonly client: EmbeddedClient,
    private readonly location: string,
    private readonly lock?: FolderLock,
  ) {
    // Drizzle's PGlite driver calls only query() and transaction(), which PgliteThread answers alike.
    this.orm = drizzle(client as PGlite) as unknown as Orm;
  }

  static async open(dataDir?: string, options: PgliteOpenOptions = {}): Promise<PgliteDatabase> {
    // PostgreSQL's default 128 MB of shared buffers stays resident in the WebAssembly heap; an
    // embedded gateway's tables are small, so 16 MB keeps idle memory modest.
    const create = async (location: string | undefined): Promise<EmbeddedClient> => {
      if (options.thread) return PgliteThread.start(location, PGLITE_SETTINGS);
      useBaselineWasmCompiler();
      return PGlite.create(location ?? 'memory://', { postgresqlconf: PGLITE_SETTINGS });
    };
    if (!dataDir) return new PgliteDatabase(await create(undefined), 'memory');
    // Owner only, since PGlite writes its files 0666.
    await ensurePrivateDir(dataDir);
    const lock = FolderLock.acquire(dataDir);
    try {
      const client = await create(dataDir);
      await restrictTree(dataDir);
      return new PgliteDatabase(client, dataDir, lock);
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  async query<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.client.query<T>(text, params);
    return result.rows;
  }

  async migrate(migrations?: Migration[]): Promise<string[]> {
    return runMigrations(
      {
        transaction: (fn) =>
          this.client.transaction((tx) =>
            fn({
              exec: async (sql) => {
                await tx.exec(sql);
              },
              query: async (sql, params) => (await tx.query<Record<string, unknown>>(sql, params ?? [])).rows,
            }),
          ),
      },
      migrations ?? (await loadMigrations()),
    );
  }

  async ping(): Promise<void> {
    await this.client.query('SELECT 1');
  }

  status(): BackendStatus {
    return { kind: 'pglite', mode: 'embedded', detail: this.location };
  }

  async close(): Promise<void> {
    if (!this.client.closed) await this.client.close();
    // Files PGlite created while running get the same modes.
    if (this.location !== 'memory') await restrictTree(this.location).catch(() => undefined);
    this.lock?.release();
  }
}
