import { join } from 'node:path';
import { ensurePrivateDir } from '../private-dir.js';
import type { Database } from './types.js';

export type { Database, Orm } from './types.js';

/**
 * PostgreSQL when `DATABASE_URL` is set, else PGlite in `DATA_DIR/pglite`. Each driver is imported
 * only when chosen: PGlite's WebAssembly module is megabytes a PostgreSQL deployment never needs.
 */
export async function openDatabase(config: {
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_MAX: number;
  DATA_DIR: string;
  PGLITE_THREAD?: boolean;
}): Promise<Database> {
  if (config.DATABASE_URL) {
    const { PostgresDatabase } = await import('./postgres.js');
    return PostgresDatabase.connect(config.DATABASE_URL, config.DATABASE_POOL_MAX);
  }
  await ensurePrivateDir(config.DATA_DIR);
  const { PgliteDatabase } = await import('./pglite.js');
  return PgliteDatabase.open(join(config.DATA_DIR, 'pglite'), { thread: config.PGLITE_THREAD ?? true });
}
