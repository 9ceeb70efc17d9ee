import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * Versioned SQL migrations: `migrations/NNNN_name.sql`, applied in order, each once, recorded in
 * `schema_migrations`. All pending migrations of one run share one transaction, so a failing file
 * leaves the schema as it was before the run. The same files run on PGlite and PostgreSQL.
 */

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: string;
  sql: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: file.replace(/\.sql$/, ''),
      sql: await readFile(`${dir}/${file}`, 'utf8'),
    })),
  );
}

/** The minimal surface a driver gives the runner: run a script inside one transaction. */
export interface MigrationExecutor {
  /** Runs `fn` in a transaction; `exec` runs multi-statement SQL, `query` returns rows. */
  transaction<T>(
    fn: (tx: {
      exec(sql: string): Promise<void>;
      query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
    }) => Promise<T>,
  ): Promise<T>;
}

/** An arbitrary constant that names this project's migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK_ID = 727_274_001;

export async function runMigrations(executor: MigrationExecutor, migrations: Migration[]): Promise<string[]> {
  return executor.transaction(async (tx) => {
    // One transaction-scoped advisory lock: replicas starting together apply each migration once.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const rows = await tx.query('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => String(r.version)));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
      applied.push(migration.version);
    }
    return applied;
  });
}
