import { EventEmitter } from 'node:events';
import type { BackendStatus, KeyValueStore, SlidingWindowResult, Unsubscribe } from './types.js';

interface Entry {
  value: string | string[] | number[];
  expiresAt: number | null;
}

/**
 * In-memory key-value store for the embedded mode and as the fallback when Redis is down.
 * Expired keys are dropped lazily on access and by a periodic sweep (unref'd, so it never keeps
 * the process alive).
 */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly kind = 'memory' as const;
  private readonly data = new Map<string, Entry>();
  private readonly bus = new EventEmitter();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    sweepMs = 30_000,
  ) {
    this.bus.setMaxListeners(0);
    this.sweeper = setInterval(() => this.sweep(), sweepMs);
    this.sweeper.unref();
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
    return typeof entry?.value === 'string' ? entry.value : null;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    this.data.set(key, { value, expiresAt: this.expiry(ttlSeconds) });
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
    const entry = this.live(key);
    if (!entry) {
      this.data.set(key, { value: String(by), expiresAt: this.expiry(ttlSeconds) });
      return by;
    }
    const current = Number(entry.value);
    if (typeof entry.value !== 'string' || !Number.isFinite(current)) {
      throw new Error(`value at ${key} is not a number`);
    }
    entry.value = String(current + by);
    return current + by;
  }

  async listPush(key: string, value: string, maxLength: number, ttlSeconds?: number): Promise<number> {
    const entry = this.live(key);
    const list = Array.isArray(entry?.value) ? (entry.value as string[]) : [];
    list.push(value);
    if (list.length > maxLength) list.splice(0, list.length - maxLength);
    this.data.set(key, {
      value: list,
      expiresAt: ttlSeconds ? this.expiry(ttlSeconds) : (entry?.expiresAt ?? null),
    });
    return list.length;
  }

  async listRange(key: string): Promise<string[]> {
    const entry = this.live(key);
    return Array.isArray(entry?.value) ? [...(entry.value as string[])] : [];
  }

  async slidingWindow(
    key: string,
    limit: number,
    windowMs: number,
    nowMs = this.now(),
  ): Promise<SlidingWindowResult> {
    const entry = this.live(key);
    const stamps = (Array.isArray(entry?.value) ? entry.value : []) as number[];
    const cutoff = nowMs - windowMs;
    let drop = 0;
    while (drop < stamps.length && (stamps[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) stamps.splice(0, drop);
    const allowed = stamps.length < limit;
    if (allowed) stamps.push(nowMs);
    this.data.set(key, { value: stamps, expiresAt: nowMs + windowMs });
    const oldest = stamps[0];
    return {
      allowed,
      count: stamps.length,
      limit,
      remaining: Math.max(0, limit - stamps.length),
      resetMs: oldest === undefined ? 0 : Math.max(0, oldest + windowMs - nowMs),
    };
  }

  async publish(channel: string, message: string): Promise<void> {
    this.bus.emit(channel, message);
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    this.bus.on(channel, handler);
    return async () => {
      this.bus.off(channel, handler);
    };
  }

  async ping(): Promise<void> {}

  status(): BackendStatus {
    return { kind: 'memory', mode: 'embedded' };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.bus.removeAllListeners();
  }
}
