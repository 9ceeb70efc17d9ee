import type { Logger } from 'pino';
import { MemoryKeyValueStore } from './memory.js';
import { RedisKeyValueStore } from './redis.js';
import { ResilientKeyValueStore } from './resilient.js';
import type { KeyValueStore } from './types.js';

export { MemoryKeyValueStore } from './memory.js';
export { RedisKeyValueStore } from './redis.js';
export { ResilientKeyValueStore } from './resilient.js';
export type { BackendMode, BackendStatus, KeyValueStore, SlidingWindowResult, Unsubscribe } from './types.js';

/** How long start-up waits for a first Redis connection before going on degraded. */
const FIRST_CONNECT_WAIT_MS = 2000;

/**
 * Redis (with the in-memory fallback) when `REDIS_URL` is set, memory otherwise. A Redis that is
 * down at start-up does not stop the gateway: the store starts degraded and switches to Redis
 * when it comes up.
 */
export async function openKeyValueStore(
  config: { REDIS_URL?: string | undefined },
  logger: Logger,
): Promise<KeyValueStore> {
  if (!config.REDIS_URL) return new MemoryKeyValueStore();
  const primary = RedisKeyValueStore.connect(config.REDIS_URL, logger);
  // Wait briefly so the first calls go to a Redis that is up; a refused connection ends it at once.
  await primary.waitForConnection(FIRST_CONNECT_WAIT_MS);
  const fallback = new MemoryKeyValueStore(Date.now, 30_000, (error, channel) =>
    logger.error({ err: error, channel }, 'kv subscriber threw'),
  );
  return new ResilientKeyValueStore(primary, fallback, logger);
}
