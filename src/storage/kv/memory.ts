import {
  type BackendStatus,
  checkLast,
  type KeyValueStore,
  type SlidingWindowResult,
  type Unsubscribe,
} from './types.js';

/** Redis's wording, so callers see the same error from both stores. */
export const WRONGTYPE_MESSAGE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

type Entry =
  | { type: 'string'; value: string; expiresAt: number | null }
  | { type: 'list'; value: string[]; expiresAt: number | null }
  /** Sliding-window timestamps, kept sorted ascending like a Redis sorted set's scores. */
  | { type: 'zset'; value: TimestampLog; expiresAt: number | null };

/**
 * The timestamps of one sliding window, oldest first. Expired stamps are dropped by moving a head
 * index (found by binary search) and the array is compacted only when half of it is dead, so a
 * check costs O(log n) however many requests the window holds; copying the array on every call
 * made one check cost O(n), which at high limits (a million requests an hour) took milliseconds.
 */
class TimestampLog {
  private stamps: number[] = [];
  private head = 0;

  get size(): number {
    return this.stamps.length - this.head;
  }

  get oldest(): number | undefined {
    return this.stamps[this.head];
  }

  /** Drops every stamp <= cutoff (like ZREMRANGEBYSCORE -inf cutoff). */
  dropUpTo(cutoff: number): void {
    let lo = this.head;
    let hi = this.stamps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.stamps[mid] ?? 0) <= cutoff) lo = mid + 1;
      else hi = mid;
    }
    this.head = lo;
    if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head);
      this.head = 0;
    }
  }

  /** Inserts in order; stamps normally arrive in order, so this is a push. */
  insert(stamp: number): void {
    let at = this.stamps.length;
    while (at > this.head && (this.stamps[at - 1] ?? 0) > stamp) at--;
    if (at === this.stamps.length) this.stamps.push(stamp);
    else this.stamps.splice(at, 0, stamp);
  }
}

/** Redis accepts only this shape for INCRBY on an existing value (no sign, spaces or leading zeros). */
const INTEGER_TEXT = /^(?:0|-?[1-9]\d{0,18})$/;

export type HandlerErrorReporter = (error: unknown, channel: string) => void;

const warnHandlerError: HandlerErrorReporter = (error, channel) => {
  process.emitWarning(`kv subscriber on ${channel} threw: ${(error as Error)?.message ?? String(error)}`);
};

/**
 * In-memory key-value store for the embedded mode and as the fallback when Redis is down.
 * It follows Redis semantics (types, TTL, errors) so both pass one contract suite.
 * Expired keys are dropped lazily on access and by a periodic sweep (unref'd, so it never keeps
 * the process alive).
 */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly kind = 'memory' as const;
  private readonly data = new Map<string, Entry>();
  private readonly channels = new Map<string, Set<{ handler: (message: string) => void }>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    sweepMs = 30_000,
    private readonly onHandlerError: HandlerErrorReporter = warnHandlerError,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepMs);
    this.sweeper.unref();
  }

  /** Drops every key (subscriptions stay). The resilient store calls this when an outage starts. */
  clear(): void {
    this.data.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.data.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= this.now()) {
      this.data.delete(key);
      return undefined;
    }
    return entry;
  }

  private expiry(ttlSeconds?: number): number | null {
    return ttlSeconds && ttlSeconds > 0 ? this.now() + ttlSeconds * 1000 : null;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.data) {
      if (entry.expiresAt !== null && entry.expiresAt <= now) this.data.delete(key);
    }
  }

  async get(key: string): Promise<string | null> {
    const entry = this.live(key);
    if (!entry) return null;
    if (entry.type !== 'string') throw new Error(WRONGTYPE_MESSAGE);
    return entry.value;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    this.data.set(key, { type: 'string', value, expiresAt: this.expiry(ttlSeconds) });
  }

  async del(key: string): Promise<boolean> {
    const existed = this.live(key) !== undefined;
    this.data.delete(key);
    return existed;
  }

  async ttl(key: string): Promise<number> {
    const entry = this.live(key);
    if (!entry) return -2;
    if (entry.expiresAt === null) return -1;
    return Math.max(0, Math.ceil((entry.expiresAt - this.now()) / 1000));
  }

  async keys(prefix: string): Promise<string[]> {
    const out: string[] = [];
    for (const key of this.data.keys()) if (key.startsWith(prefix) && this.live(key)) out.push(key);
    return out;
  }

  async incrBy(key: string, by: number, ttlSeconds?: number): Promise<number> {
    if (!Number.isFinite(by)) throw new RangeError('incrBy needs a finite number');
    const entry = this.live(key);
    if (!entry) {
      this.data.set(key, { type: 'string', value: String(by), expiresAt: this.expiry(ttlSeconds) });
      return by;
    }
    if (entry.type !== 'string') throw new Error(WRONGTYPE_MESSAGE);
    // Integer steps need an integer value (INCRBY); fractional steps accept any number (INCRBYFLOAT).
    const current = Number(entry.value);
    if (
      Number.isInteger(by)
        ? !INTEGER_TEXT.test(entry.value)
        : entry.value.trim() === '' || !Number.isFinite(current)
    ) {
      throw new Error(`ERR value at ${key} is not ${Number.isInteger(by) ? 'an integer' : 'a valid float'}`);
    }
    entry.value = String(current + by);
    return current + by;
  }

  async listPush(key: string, value: string, maxLength: number, ttlSeconds?: number): Promise<number> {
    if (!Number.isInteger(maxLength) || maxLength < 1)
      throw new RangeError('maxLength must be an integer >= 1');
    const entry = this.live(key);
    if (entry && entry.type !== 'list') throw new Error(WRONGTYPE_MESSAGE);
    const list = entry?.value ?? [];
    list.push(value);
    if (list.length > maxLength) list.splice(0, list.length - maxLength);
    this.data.set(key, {
      type: 'list',
      value: list,
      expiresAt: ttlSeconds && ttlSeconds > 0 ? this.expiry(ttlSeconds) : (entry?.expiresAt ?? null),
    });
    return list.length;
  }

  async listRange(key: string, last?: number): Promise<string[]> {
    checkLast(last);
    const entry = this.live(key);
    if (!entry) return [];
    if (entry.type !== 'list') throw new Error(WRONGTYPE_MESSAGE);
    return last === undefined ? [...entry.value] : entry.value.slice(-last);
  }

  async slidingWindow(
    key: string,
    limit: number,
    windowMs: number,
    nowMs = this.now(),
  ): Promise<SlidingWindowResult> {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError('limit must be an integer >= 0');
    if (!(windowMs > 0)) throw new RangeError('windowMs must be > 0');
    const entry = this.live(key);
    if (entry && entry.type !== 'zset') throw new Error(WRONGTYPE_MESSAGE);
    // Like ZREMRANGEBYSCORE -inf cutoff: a stamp exactly `windowMs` old has left the window.
    const log = entry?.value ?? new TimestampLog();
    log.dropUpTo(nowMs - windowMs);
    const allowed = log.size < limit;
    if (allowed) log.insert(nowMs);
    // An empty window is no key at all (as an empty sorted set in Redis); the expiry runs on the
    // store's clock, like PEXPIRE, whatever `nowMs` the caller passed.
    if (log.size === 0) this.data.delete(key);
    else if (entry) entry.expiresAt = this.now() + Math.ceil(windowMs);
    else this.data.set(key, { type: 'zset', value: log, expiresAt: this.now() + Math.ceil(windowMs) });
    const oldest = log.oldest;
    return {
      allowed,
      count: log.size,
      limit,
      remaining: Math.max(0, limit - log.size),
      resetMs: oldest === undefined ? 0 : Math.max(0, oldest + windowMs - nowMs),
    };
  }

  async publish(channel: string, message: string): Promise<void> {
    const subscriptions = this.channels.get(channel);
    if (!subscriptions) return;
    // A throwing handler must not stop delivery to the others nor fail the publisher.
    for (const subscription of [...subscriptions]) {
      try {
        subscription.handler(message);
      } catch (error) {
        this.onHandlerError(error, channel);
      }
    }
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    const subscription = { handler };
    let subscriptions = this.channels.get(channel);
    if (!subscriptions) {
      subscriptions = new Set();
      this.channels.set(channel, subscriptions);
    }
    subscriptions.add(subscription);
    return async () => {
      const current = this.channels.get(channel);
      current?.delete(subscription);
      if (current?.size === 0) this.channels.delete(channel);
    };
  }

  async ping(): Promise<void> {}

  status(): BackendStatus {
    return { kind: 'memory', mode: 'embedded' };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.channels.clear();
  }
}
