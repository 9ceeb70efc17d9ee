import { join } from 'node:path';
import { ensurePrivateDir } from '../private-dir.js';
import { PgliteDatabase } from './pglite.js';
import { PostgresDatabase } from './postgres.js';
import type { Database } from './types.js';

export type { Database, Orm } from './types.js';

/** PostgreSQL when `DATABASE_URL` is set, else PGlite in `DATA_DIR/pglite`. */
export async function openDatabase(config: {
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_MAX: number;
  DATA_DIR: string;
}): Promise<Database> {
  if (config.DATABASE_URL) return PostgresDatabase.connect(config.DATABASE_URL, config.DATABASE_POOL_MAX);
  await ensurePrivateDir(config.DATA_DIR);
  return PgliteDatabase.open(join(config.DATA_DIR, 'pglite'));
}
