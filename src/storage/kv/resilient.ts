import type { Logger } from 'pino';
import type { MemoryKeyValueStore } from './memory.js';
import type { RedisKeyValueStore } from './redis.js';
import type { BackendStatus, KeyValueStore, SlidingWindowResult, Unsubscribe } from './types.js';

/**
 * Redis replies that mean "the server cannot serve now" rather than "this command is wrong".
 * Any other reply error (WRONGTYPE, ERR ...) is the caller's bug and is rethrown, as the memory
 * store would throw it too.
 */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|OOM|NOREPLICAS)\b/;

/** How long calls avoid a connected but unanswering Redis before one call tries it again. */
const RETRY_AFTER_MS = 1000;

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  // Bad arguments are the caller's bug, found before anything reached Redis.
  if (error instanceof RangeError || error instanceof TypeError) return false;
  // ioredis marks server replies with name 'ReplyError'; everything else is transport trouble
  // (closed connection, timeout, retries exhausted, stream not writable).
  if (error.name !== 'ReplyError') return true;
  return UNAVAILABLE_REPLY.test(error.message);
}

/**
 * Redis first, memory when Redis is not there. Every call goes to Redis while its connection is
 * ready; when it is not (or a call fails for a connection reason) the call is served by the
 * in-memory fallback at once, so callers never wait for a dead server. ioredis keeps reconnecting
 * in the background and calls return to Redis as soon as it is ready again, without a restart.
 * Data written during an outage stays in memory on this replica only and is dropped when the next
 * outage starts, so a stale value from an earlier outage never resurfaces.
 */
export class ResilientKeyValueStore implements KeyValueStore {
  readonly kind = 'redis' as const;
  private degraded = false;
  private detail: string | undefined;
  /**
   * A server that hangs keeps its connection "ready"; after a call times out, calls skip Redis
   * until this time so only one call per interval pays the command timeout.
   */
  private skipUntil = 0;
  private closing = false;
  /**
   * Keys deleted while Redis was out of reach: the deletion reached only memory, so it is replayed
   * on Redis when it is back (a revocation must not be undone by the old entry reappearing).
   */
  private readonly pendingDeletes = new Set<string>();

  constructor(
    private readonly primary: RedisKeyValueStore,
    private readonly fallback: MemoryKeyValueStore,
    private readonly logger: Logger,
  ) {
    primary.client.on('ready', () => this.markUp());
    primary.client.on('error', (error: Error) => {
      if (!primary.isReady()) this.markDown(error.message);
    });
    primary.client.on('close', () => this.markDown('connection closed'));
    if (!primary.isReady()) this.markDown(`connection ${primary.client.status}`);
  }

  private markDown(detail: string): void {
    // Our own QUIT at shutdown is not an outage.
    if (this.closing) return;
    this.detail = detail;
    if (this.degraded) return;
    this.degraded = true;
    this.fallback.clear();
    this.logger.warn({ detail }, 'redis unavailable: key-value calls are served from memory on this replica');
  }

  private markUp(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.detail = undefined;
    this.skipUntil = 0;
    this.logger.info('redis available again: key-value calls go to redis');
    void this.replayDeletes();
  }

  /** Deletes on Redis what was deleted in memory during the outage; what fails stays queued. */
  private async replayDeletes(): Promise<void> {
    if (this.pendingDeletes.size === 0) return;
    const keys = [...this.pendingDeletes];
    try {
      for (const key of keys) {
        await this.primary.del(key);
        this.pendingDeletes.delete(key);
      }
      this.logger.info({ keys: keys.length }, 'replayed key deletions made during the redis outage');
    } catch (err) {
      this.logger.warn(
        { err, left: this.pendingDeletes.size },
        'replaying key deletions failed; retried on the next reconnect',
      );
    }
  }

  private usable(): boolean {
    return this.primary.isReady() && Date.now() >= this.skipUntil;
  }

  private async run<T>(call: (store: KeyValueStore) => Promise<T>): Promise<T> {
    if (!this.usable()) {
      this.markDown(this.detail ?? `connection ${this.primary.client.status}`);
      return call(this.fallback);
    }
    try {
      const result = await call(this.primary);
      this.markUp();
      return result;
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      this.skipUntil = Date.now() + RETRY_AFTER_MS;
      this.markDown((error as Error).message ?? String(error));
      return call(this.fallback);
    }
  }

  get(key: string): Promise<string | null> {
    return this.run((s) => s.get(key));
  }

  set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    return this.run((s) => s.set(key, value, ttlSeconds));
  }

  del(key: string): Promise<boolean> {
    return this.run((s) => {
      if (s === this.fallback) this.pendingDeletes.add(key);
      return s.del(key);
    });
  }

  ttl(key: string): Promise<number> {
    return this.run((s) => s.ttl(key));
  }

  keys(prefix: string): Promise<string[]> {
    return this.run((s) => s.keys(prefix));
  }

  incrBy(key: string, by: number, ttlSeconds?: number): Promise<number> {
    return this.run((s) => s.incrBy(key, by, ttlSeconds));
  }

  listPush(key: string, value: string, maxLength: number, ttlSeconds?: number): Promise<number> {
    return this.run((s) => s.listPush(key, value, maxLength, ttlSeconds));
  }

  listRange(key: string, last?: number): Promise<string[]> {
    return this.run((s) => s.listRange(key, last));
  }

  slidingWindow(key: string, limit: number, windowMs: number, nowMs?: number): Promise<SlidingWindowResult> {
    return this.run((s) => s.slidingWindow(key, limit, windowMs, nowMs));
  }

  publish(channel: string, message: string): Promise<void> {
    return this.run((s) => s.publish(channel, message));
  }

  /**
   * Subscribes on both paths: a message published while Redis is up arrives through Redis, one
   * published during an outage through memory (on this replica). Each publish takes one path, so
   * a message is delivered once.
   */
  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    const fromMemory = await this.fallback.subscribe(channel, handler);
    const remote = this.primary.subscribeInBackground(channel, handler);
    const confirmed = remote.subscribed.catch((error: unknown) => {
      this.logger.warn({ err: error, channel }, 'redis subscribe failed; it is retried after reconnect');
    });
    // Wait for Redis to confirm only when it is up, so a message published right after this
    // call returns is not missed; during an outage the SUBSCRIBE goes out on reconnect.
    if (this.usable()) await withTimeout(confirmed, 2000);
    return async () => {
      await fromMemory();
      const done = remote.unsubscribe().catch(() => undefined);
      if (this.usable()) await withTimeout(done, 2000);
    };
  }

  /** Answers from memory during an outage: the store still works; status() tells it is degraded. */
  ping(): Promise<void> {
    return this.run((s) => s.ping());
  }

  /** Degraded from the first failure until Redis answers again (or reconnects). */
  status(): BackendStatus {
    if (this.primary.isReady() && !this.degraded) return { kind: 'redis', mode: 'real' };
    return {
      kind: 'redis',
      mode: 'degraded',
      detail: `${this.detail ?? `connection ${this.primary.client.status}`}; serving from memory`,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([this.primary.close(), this.fallback.close()]);
  }
}

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
