import { AppError } from '../../errors.js';
import type { KeyValueStore } from '../../storage/kv/types.js';
import { memoryKey, memoryPrefix } from './keys.js';

export interface MemoryLimits {
  defaultTtlSeconds: number;
  maxValueBytes: number;
  maxKeys: number;
}

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
    if (Buffer.byteLength(encoded) > this.limits.maxValueBytes) {
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
    await this.kv.set(full, encoded, ttl);
    return { key, value: value ?? null, ttl };
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
    return this.kv.del(memoryKey(namespace, key));
  }
}
