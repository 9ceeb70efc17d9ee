import { pino } from 'pino';
import { testConfig } from '../../config.js';
import type { Database } from '../../storage/db/types.js';
import { MemoryKeyValueStore } from '../../storage/kv/memory.js';
import type { GuardContext } from '../contract.js';
import type { GuardDeps } from '../deps.js';
import { createTokenGuard } from './index.js';
import { tokenGuardPayloadSchema } from './schema.js';

/** Shared set-up for TokenGuard's tests: the guard on an in-memory store, and a request context. */

const logger = pino({ level: 'silent' });

/** TokenGuard never touches the database, so tests skip opening PGlite; any use would throw. */
const noDatabase = new Proxy({} as Database, {
  get() {
    throw new Error('TokenGuard must not use the database');
  },
});

export const makeDeps = (env: Record<string, string> = {}, kv = new MemoryKeyValueStore()): GuardDeps => ({
  config: testConfig(env),
  kv,
  db: noDatabase,
  logger,
});

export function makeGuard(env: Record<string, string> = {}, kv = new MemoryKeyValueStore()) {
  return { guard: createTokenGuard(makeDeps(env, kv)), kv };
}

export const ctx = (
  ids: Partial<Pick<GuardContext, 'userId' | 'sessionId' | 'organizationId'>> = {},
): GuardContext => ({
  requestId: 'test-request',
  signal: new AbortController().signal,
  logger,
  ...ids,
});

/** Validates like the orchestrator does, so tests exercise the schema's defaults too. */
export const parse = (payload: unknown) => tokenGuardPayloadSchema.parse(payload);
