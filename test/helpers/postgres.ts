import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresDatabase } from '../../src/storage/db/postgres.js';
import type { Database } from '../../src/storage/db/types.js';

/**
 * A fresh schema on a shared PostgreSQL server, used as the search path of every pool opened
 * through it, so tests see an empty database and never touch other tests' tables.
 */
export async function privateSchema(url: string): Promise<{
  schema: string;
  /** The server URL with this schema as its search path, for DATABASE_URL. */
  url: string;
  open(): Promise<Database>;
  dispose(): Promise<void>;
}> {
  const schema = `cg_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const separator = url.includes('?') ? '&' : '?';
  const scopedUrl = `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const opened: Database[] = [];
  return {
    schema,
    url: scopedUrl,
    async open() {
      const db = PostgresDatabase.connect(scopedUrl, 4);
      opened.push(db);
      return db;
    },
    async dispose() {
      await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}
