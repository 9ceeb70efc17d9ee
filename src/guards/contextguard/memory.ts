import { AppError } from '../../errors.js';
import type { KeyValueStore } from '../../storage/kv/types.js';
import { maxOf } from '../../util/arrays.js';
import { memoryKey, memoryPrefix } from './keys.js';

export interface MemoryLimits {
  defaultTtlSeconds: number;
  maxValueBytes: number;
  maxKeys: number;
  /** Bytes all of a namespace's values may hold together; 16 values' worth when absent. */
  maxTotalBytes?: number;
}

/** Per namespace: each live key's size in bytes and when it expires (ms since the epoch). */
type SizeIndex = Record<string, [bytes: number, expiresAt: number]>;

// Beside the memory keys (not under their prefix, so listings never show it), same organization.
const sizeIndexKey = (namespace: string): string => `${memoryPrefix(namespace).slice(0, -1)}-bytes`;

export interface MemoryEntry {
  key: string;
  value: unknown;
  /** Seconds left before the entry expires. */
  ttl: number;
}

/** Conversation memory: JSON values under caller-namespaced keys, with a TTL, in the shared store. */
export class ContextMemory {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly limits: MemoryLimits,
  ) {}

  async set(namespace: string, key: string, value: unknown, ttlSeconds?: number): Promise<MemoryEntry> {
    const encoded = JSON.stringify(value ?? null);
    const bytes = Buffer.byteLength(encoded);
    if (bytes > this.limits.maxValueBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', `memory value exceeds ${this.limits.maxValueBytes} bytes`);
    }
    const full = memoryKey(namespace, key);
    if ((await this.kv.get(full)) === null) {
      const count = (await this.kv.keys(memoryPrefix(namespace))).length;
      if (count >= this.limits.maxKeys) {
        throw new AppError('CONFLICT', `memory holds ${count} keys, the limit; delete some first`);
      }
    }
    const ttl = ttlSeconds ?? this.limits.defaultTtlSeconds;
    // The byte budget: an in-memory store would otherwise hold maxKeys x maxValueBytes per tenant.
    const budget = this.limits.maxTotalBytes ?? 16 * this.limits.maxValueBytes;
    const index = await this.sizes(namespace);
    let used = 0;
    for (const [k, [b]] of Object.entries(index)) if (k !== key) used += b;
    if (used + bytes > budget) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `memory of this organization would hold ${used + bytes} bytes, over its budget of ${budget}; delete some first`,
        { limit: { name: 'memory bytes', max: budget, actual: used + bytes } },
      );
    }
    index[key] = [bytes, Date.now() + ttl * 1000];
    await this.kv.set(full, encoded, ttl);
    await this.saveSizes(namespace, index);
    return { key, value: value ?? null, ttl };
  }

  /** The live part of the namespace's size index (expired entries dropped). */
  private async sizes(namespace: string): Promise<SizeIndex> {
    const raw = await this.kv.get(sizeIndexKey(namespace));
    const now = Date.now();
    const live: SizeIndex = {};
    if (raw === null) return live;
    try {
      for (const [k, entry] of Object.entries(JSON.parse(raw) as SizeIndex))
        if (entry[1] > now) live[k] = entry;
    } catch {
      // A damaged index starts again empty; the per-key limits still hold.
    }
    return live;
  }

  private async saveSizes(namespace: string, index: SizeIndex): Promise<void> {
    const now = Date.now();
    const longest = maxOf(
      Object.values(index).map(([, at]) => at - now),
      0,
    );
    await this.kv.set(sizeIndexKey(namespace), JSON.stringify(index), Math.max(1, Math.ceil(longest / 1000)));
  }

  async get(namespace: string, key: string): Promise<MemoryEntry | null> {
    const full = memoryKey(namespace, key);
    const raw = await this.kv.get(full);
    if (raw === null) return null;
    const ttl = await this.kv.ttl(full);
    return { key, value: JSON.parse(raw) as unknown, ttl };
  }

  async keys(namespace: string): Promise<string[]> {
    const prefix = memoryPrefix(namespace);
    return (await this.kv.keys(prefix)).map((k) => k.slice(prefix.length)).sort();
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    const deleted = await this.kv.del(memoryKey(namespace, key));
    const index = await this.sizes(namespace);
    if (index[key] !== undefined) {
      delete index[key];
      await this.saveSizes(namespace, index);
    }
    return deleted;
  }
}
