import { join } from 'node:path';
import type { Config } from '../../config.js';
import { ensurePrivateDir } from '../private-dir.js';
import { PgliteDatabase } from './pglite.js';
import { PostgresDatabase } from './postgres.js';
import type { Database } from './types.js';

export type { Database, Orm } from './types.js';

/** PostgreSQL when `DATABASE_URL` is set, else PGlite in `DATA_DIR/pglite`. */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'DATA_DIR'>,
): Promise<Database> {
  if (config.DATABASE_URL) return PostgresDatabase.connect(config.DATABASE_URL, config.DATABASE_POOL_MAX);
  await ensurePrivateDir(config.DATA_DIR);
  return PgliteDatabase.open(join(config.DATA_DIR, 'pglite'));
}
