import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { BackendStatus } from '../kv/types.js';
import { loadMigrations, type Migration, runMigrations } from './migrate.js';
import type { Database, Orm } from './types.js';

const INT8_OID = 20;

/**
 * PGlite returns BIGINT (and COUNT(*)) as a number when it fits, as a bigint otherwise; pg returns
 * a string. Parsing the same way here keeps `query()` results identical on both backends.
 */
const parseInt8 = (text: string): number | bigint => {
  const value = BigInt(text);
  return value < Number.MIN_SAFE_INTEGER || value > Number.MAX_SAFE_INTEGER ? value : Number(value);
};

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** A pooled PostgreSQL server, shared by every gateway replica. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly orm: Orm;
  private lastError: string | undefined;

  constructor(private readonly pool: pg.Pool) {
    this.orm = drizzle(pool) as unknown as Orm;
    // An idle client that loses its connection must not crash the process; the pool replaces it.
    pool.on('error', (err) => {
      this.lastError = err.message;
    });
  }

  static connect(url: string, max = 10): PostgresDatabase {
    return new PostgresDatabase(
      new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000, types }),
    );
  }

  async query<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.pool.query<T>(text, params);
    return result.rows;
  }

  async migrate(migrations?: Migration[]): Promise<string[]> {
    return runMigrations(
      {
        transaction: async (fn) => {
          const client = await this.pool.connect();
          try {
            await client.query('BEGIN');
            const out = await fn({
              exec: async (sql) => {
                await client.query(sql);
              },
              query: async (sql, params) => (await client.query(sql, params)).rows,
            });
            await client.query('COMMIT');
            return out;
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
          } finally {
            client.release();
          }
        },
      },
      migrations ?? (await loadMigrations()),
    );
  }

  async ping(): Promise<void> {
    try {
      await this.pool.query('SELECT 1');
      this.lastError = undefined;
    } catch (err) {
      this.lastError = (err as Error).message;
      throw err;
    }
  }

  status(): BackendStatus {
    return this.lastError
      ? { kind: 'postgres', mode: 'degraded', detail: this.lastError }
      : { kind: 'postgres', mode: 'real' };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
