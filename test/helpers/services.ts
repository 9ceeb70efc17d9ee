import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Integration tests need the machine's Redis and PostgreSQL. These helpers ping them with a short
 * timeout and throw a clear error instead of letting the suite skip or hang.
 */

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const PING_TIMEOUT_MS = 2000;

/** Hides a password in a URL before it goes into an error message. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export async function requireRedisUrl(): Promise<string> {
  const url = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PING_TIMEOUT_MS,
    commandTimeout: PING_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return url;
  } catch (error) {
    throw new Error(`Redis at ${redact(url)} is unreachable: start it (see .ci/run)`, { cause: error });
  } finally {
    client.disconnect();
  }
}

export async function requirePostgresUrl(): Promise<string> {
  const url = process.env.DATABASE_URL || DEFAULT_POSTGRES_URL;
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: PING_TIMEOUT_MS,
    query_timeout: PING_TIMEOUT_MS,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return url;
  } catch (error) {
    throw new Error(`PostgreSQL at ${redact(url)} is unreachable: start it (see .ci/run)`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
