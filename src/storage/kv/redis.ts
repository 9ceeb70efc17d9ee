import { createHash, randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import {
  type BackendStatus,
  checkLast,
  type KeyValueStore,
  type SlidingWindowResult,
  type Unsubscribe,
} from './types.js';

/**
 * Connection settings that never let a call hang: no offline queue (a command on a dead
 * connection fails at once), one retry for commands caught by a disconnect, short connect and
 * command timeouts, and endless reconnection with a capped backoff so a returning Redis is
 * picked up without a restart.
 */
export const RESILIENT_REDIS_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  commandTimeout: 1000,
  retryStrategy: (attempt: number) => Math.min(100 * 2 ** Math.min(attempt, 10), 2000),
  lazyConnect: false,
};

const SUBSCRIBE_WAIT_MS = 5000;

/** A Lua script run by EVALSHA, loaded with EVAL the first time a server does not know it. */
class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

// Integer steps use INCRBY, fractional ones INCRBYFLOAT; the TTL is set only when this call creates the key.
const INCR_BY = new LuaScript(`
local created = redis.call('EXISTS', KEYS[1]) == 0
local value
if ARGV[3] == 'i' then
  value = redis.call('INCRBY', KEYS[1], ARGV[1])
else
  value = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
end
if created and tonumber(ARGV[2]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return value
`);

// Append, keep the newest ARGV[2] entries, refresh the TTL when one is given.
const LIST_PUSH = new LuaScript(`
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
if tonumber(ARGV[3]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return redis.call('LLEN', KEYS[1])
`);

// Exact sliding window on a sorted set scored by request time. ARGV: cutoff, limit, now, member,
// expiry in ms. Returns {allowed, count, oldest score or ''}.
const SLIDING_WINDOW = new LuaScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  count = count + 1
  allowed = 1
end
local oldest = ''
if count > 0 then
  oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
end
return {allowed, count, oldest}
`);

/** Escapes glob characters so SCAN MATCH treats the prefix literally. */
const globEscape = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');

const ttlMs = (ttlSeconds?: number): number =>
  ttlSeconds && ttlSeconds > 0 ? Math.ceil(ttlSeconds * 1000) : 0;

interface Subscription {
  handler: (message: string) => void;
}

/**
 * The key-value store on Redis (ioredis 5). Multi-step operations are single Lua scripts, so they
 * are atomic across replicas. Pub/sub uses a second connection, opened on first subscribe, because
 * a subscribed Redis connection cannot run other commands.
 */
export class RedisKeyValueStore implements KeyValueStore {
  readonly kind = 'redis' as const;
  private subscriber: Redis | undefined;
  /** Handlers per channel, and the SUBSCRIBE confirmation every later handler also waits for. */
  private readonly channels = new Map<
    string,
    { subscriptions: Set<Subscription>; confirmed: Promise<void> }
  >();
  private lastError: string | undefined;

  constructor(
    readonly client: Redis,
    private readonly logger: Logger,
  ) {
    // Without an 'error' listener ioredis prints every failed reconnect to stderr.
    client.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    client.on('ready', () => {
      this.lastError = undefined;
    });
  }

  /** A client with the non-hanging defaults; extra ioredis options override them. */
  static connect(url: string, logger: Logger, options: RedisOptions = {}): RedisKeyValueStore {
    return new RedisKeyValueStore(new Redis(url, { ...RESILIENT_REDIS_OPTIONS, ...options }), logger);
  }

  /** Resolves true once connected, false on a connection error or after `timeoutMs`. */
  waitForConnection(timeoutMs: number): Promise<boolean> {
    if (this.isReady()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (ready: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        this.client.off('error', onError);
        resolve(ready);
      };
      const onReady = () => finish(true);
      const onError = () => finish(false);
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.client.once('ready', onReady);
      this.client.once('error', onError);
    });
  }

  /** True when commands can be sent now. */
  isReady(): boolean {
    return this.client.status === 'ready';
  }

  async get(key: string): Promise<string | null> {
    return this.client.get(key);
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    const ms = ttlMs(ttlSeconds);
    if (ms > 0) await this.client.set(key, value, 'PX', ms);
    else await this.client.set(key, value);
  }

  async del(key: string): Promise<boolean> {
    return (await this.client.del(key)) > 0;
  }

  async ttl(key: string): Promise<number> {
    // PTTL rounded up, so a key with 300 ms left reports 1 s like the memory store, not 0.
    const ms = await this.client.pttl(key);
    return ms < 0 ? ms : Math.ceil(ms / 1000);
  }

  async keys(prefix: string): Promise<string[]> {
    const found = new Set<string>();
    const match = `${globEscape(prefix)}*`;
    let cursor = '0';
    do {
      const [next, batch] = await this.client.scan(cursor, 'MATCH', match, 'COUNT', 500);
      for (const key of batch) if (key.startsWith(prefix)) found.add(key);
      cursor = next;
    } while (cursor !== '0');
    return [...found];
  }

  async incrBy(key: string, by: number, ttlSeconds?: number): Promise<number> {
    if (!Number.isFinite(by)) throw new RangeError('incrBy needs a finite number');
    const integer = Number.isInteger(by);
    const result = await INCR_BY.run(
      this.client,
      [key],
      [String(by), ttlMs(ttlSeconds), integer ? 'i' : 'f'],
    );
    return Number(result);
  }

  async listPush(key: string, value: string, maxLength: number, ttlSeconds?: number): Promise<number> {
    if (!Number.isInteger(maxLength) || maxLength < 1)
      throw new RangeError('maxLength must be an integer >= 1');
    return Number(await LIST_PUSH.run(this.client, [key], [value, maxLength, ttlMs(ttlSeconds)]));
  }

  async listRange(key: string, last?: number): Promise<string[]> {
    checkLast(last);
    return this.client.lrange(key, last === undefined ? 0 : -last, -1);
  }

  async slidingWindow(
    key: string,
    limit: number,
    windowMs: number,
    nowMs = Date.now(),
  ): Promise<SlidingWindowResult> {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError('limit must be an integer >= 0');
    if (!(windowMs > 0)) throw new RangeError('windowMs must be > 0');
    // The member only has to be unique; the score carries the time.
    const member = `${nowMs}-${randomUUID()}`;
    const reply = (await SLIDING_WINDOW.run(
      this.client,
      [key],
      [String(nowMs - windowMs), limit, String(nowMs), member, Math.ceil(windowMs)],
    )) as [number, number, string];
    const [allowed, count, oldest] = reply;
    return {
      allowed: allowed === 1,
      count,
      limit,
      remaining: Math.max(0, limit - count),
      resetMs: oldest === '' ? 0 : Math.max(0, Number(oldest) + windowMs - nowMs),
    };
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.client.publish(channel, message);
  }

  /** Waits for Redis to confirm, at most SUBSCRIBE_WAIT_MS, so a dead server cannot hang the caller. */
  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    const { subscribed, unsubscribe } = this.subscribeInBackground(channel, handler);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`redis did not confirm SUBSCRIBE ${channel} in time`)),
        SUBSCRIBE_WAIT_MS,
      );
    });
    try {
      await Promise.race([subscribed, timeout]);
    } catch (error) {
      // The UNSUBSCRIBE may itself wait for the connection; do not wait for it here.
      void unsubscribe().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return unsubscribe;
  }

  /**
   * Registers the handler at once and sends SUBSCRIBE; `subscribed` settles when Redis confirms.
   * The subscriber connection queues commands while disconnected and ioredis re-subscribes every
   * confirmed channel after a reconnect, so a subscription made during an outage still arrives.
   */
  subscribeInBackground(
    channel: string,
    handler: (message: string) => void,
  ): { subscribed: Promise<void>; unsubscribe: Unsubscribe } {
    const subscriber = this.openSubscriber();
    const subscription: Subscription = { handler };
    let entry = this.channels.get(channel);
    if (!entry) {
      const confirmed = subscriber.subscribe(channel).then(() => undefined);
      // Callers attach their own handlers; this only keeps a failure nobody awaits from going unhandled.
      confirmed.catch(() => undefined);
      entry = { subscriptions: new Set(), confirmed };
      this.channels.set(channel, entry);
    }
    entry.subscriptions.add(subscription);
    const subscribed = entry.confirmed;
    let active = true;
    const unsubscribe: Unsubscribe = async () => {
      if (!active) return;
      active = false;
      const current = this.channels.get(channel);
      current?.subscriptions.delete(subscription);
      if (current?.subscriptions.size === 0) {
        this.channels.delete(channel);
        await subscriber.unsubscribe(channel);
      }
    };
    return { subscribed, unsubscribe };
  }

  private openSubscriber(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.client.duplicate({
      // Subscriptions wait for the connection instead of failing; nothing else is sent here.
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
      autoResubscribe: true,
    });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, message: string) => {
      for (const subscription of [...(this.channels.get(channel)?.subscriptions ?? [])]) {
        try {
          subscription.handler(message);
        } catch (error) {
          this.logger.error({ err: error, channel }, 'kv subscriber threw');
        }
      }
    });
    this.subscriber = subscriber;
    return subscriber;
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  status(): BackendStatus {
    if (this.isReady()) return { kind: 'redis', mode: 'real' };
    return { kind: 'redis', mode: 'degraded', detail: this.lastError ?? `connection ${this.client.status}` };
  }

  async close(): Promise<void> {
    this.channels.clear();
    await Promise.all([quit(this.client), this.subscriber ? quit(this.subscriber) : undefined]);
  }
}

/** QUIT when connected (lets pending replies arrive), else drop the socket and stop reconnecting. */
async function quit(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // Fall through: the connection died while quitting.
    }
  }
  client.disconnect();
}
