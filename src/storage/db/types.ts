import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { BackendStatus } from '../kv/types.js';
import type { Migration } from './migrate.js';

/** Drizzle over either driver: queries are written once and run on PGlite and PostgreSQL alike. */
export type Orm = PgDatabase<PgQueryResultHKT>;

/**
 * The relational database: PostgreSQL through `DATABASE_URL`, PGlite (PostgreSQL in WebAssembly)
 * in `DATA_DIR` otherwise. Same schema, same migrations, one contract suite for both.
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres' | 'none';
  /** Typed query builder (Drizzle). */
  readonly orm: Orm;
  /** Parameterized SQL for the few places a query builder gets in the way. */
  query<T extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<T[]>;
  /**
   * Applies pending migrations (the files in migrations/ unless a list is given, for tests);
   * safe to call from many replicas at once. Returns the versions applied by this call.
   */
  migrate(migrations?: Migration[]): Promise<string[]>;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  status(): BackendStatus;
  close(): Promise<void>;
}
