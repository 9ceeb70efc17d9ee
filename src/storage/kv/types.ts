/**
 * The key-value store: Redis when `REDIS_URL` is set, in memory otherwise. Both implementations
 * pass one contract suite (test/contract/kv.contract.ts), so callers cannot tell them apart.
 * Keys are namespaced by the caller (`contextguard:{org}:`, `tokenguard:{org}:budget:` ...) and carry
 * the organization they belong to; only credential indexes read before the organization is known
 * (`apikeys:{hash}`, `sessions:{id}`, `auth:` login counters) do not.
 * Both follow Redis semantics: a key holds one type (string, list or sliding window) and using it
 * as another rejects with a `WRONGTYPE` error; bad arguments reject with a RangeError.
 */

export type BackendMode = 'embedded' | 'real' | 'degraded';

export interface BackendStatus {
  kind: string;
  mode: BackendMode;
  detail?: string;
}

export interface SlidingWindowResult {
  allowed: boolean;
  /** Requests counted in the window, including this one when allowed. */
  count: number;
  limit: number;
  remaining: number;
  /** Milliseconds until the oldest counted request leaves the window (0 when empty). */
  resetMs: number;
}

export type Unsubscribe = () => Promise<void>;

export interface KeyValueStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  /** Sets a value; with `ttlSeconds` it expires after that many seconds. */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  del(key: string): Promise<boolean>;
  /** Remaining time to live in seconds; -1 when the key has no expiry, -2 when it does not exist. */
  ttl(key: string): Promise<number>;
  /** Keys that start with `prefix` (SCAN on Redis; never KEYS). */
  keys(prefix: string): Promise<string[]>;
  /**
   * Atomically adds `by` and returns the new value. When the key is created by this call and
   * `ttlSeconds` is given, the key expires after that many seconds. An integer `by` needs an
   * integer value (INCRBY); a fractional one works on any number (INCRBYFLOAT).
   */
  incrBy(key: string, by: number, ttlSeconds?: number): Promise<number>;
  /**
   * Appends to a list, keeps only the newest `maxLength` entries and refreshes the TTL, atomically.
   * Returns the list length after trimming.
   */
  listPush(key: string, value: string, maxLength: number, ttlSeconds?: number): Promise<number>;
  /** The whole list, oldest first; with `last` (an integer >= 1), only its newest `last` entries. */
  listRange(key: string, last?: number): Promise<string[]>;
  /**
   * Exact sliding-window counter: counts the request at `nowMs` when fewer than `limit` requests
   * fell in the last `windowMs`. Atomic (one Lua script on Redis).
   */
  slidingWindow(key: string, limit: number, windowMs: number, nowMs?: number): Promise<SlidingWindowResult>;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;
  /** Throws when the store cannot answer. */
  ping(): Promise<void>;
  status(): BackendStatus;
  close(): Promise<void>;
}

/** listRange's `last`: absent, or an integer >= 1; both stores reject anything else alike. */
export function checkLast(last: number | undefined): void {
  if (last !== undefined && (!Number.isInteger(last) || last < 1))
    throw new RangeError('last must be an integer >= 1');
}
