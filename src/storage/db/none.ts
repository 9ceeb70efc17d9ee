import type { BackendStatus } from '../kv/types.js';
import type { Database, Orm } from './types.js';

/**
 * No database: for one-shot work such as `codeguardians scan`, which must not create ./data or
 * open the server's PGlite folder. Reads find nothing (no organization policies) and writes are
 * dropped; the typed query builder is not available.
 */
export class NoDatabase implements Database {
  readonly kind = 'none' as const;

  get orm(): Orm {
    throw new Error('this command runs without a database');
  }

  async query<T extends Record<string, unknown>>(): Promise<T[]> {
    return [];
  }

  async migrate(): Promise<string[]> {
    return [];
  }

  async ping(): Promise<void> {}

  status(): BackendStatus {
    return { kind: 'none', mode: 'embedded', detail: 'no database (one-shot command)' };
  }

  async close(): Promise<void> {}
}
