import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { KeyValueStore, Unsubscribe } from '../../storage/kv/types.js';
import { instanceId } from './instance.js';

/**
 * Where discovery lives in the key-value store, shared by every gateway replica and every guard
 * service (Redis in production). These are infrastructure keys of the deployment, not data of an
 * organization: an instance serves every organization, so no key carries one.
 *
 *   <ns>:<guard>:<sha256(url) hex 16>        a dynamic instance (JSON), expires ttlSeconds after its last heartbeat
 *   <ns>-drain:<guard>:<sha256(url) hex 16>  a drain flag (JSON {guard,url}), static or dynamic, no expiry
 *   <ns>-version                             a counter bumped after every change of the set (not heartbeats)
 *   channel <ns>-changes                     the guard name, published after a change others must see at once
 *
 * The prefixes differ before the first ':' so a scan of one never returns another. A scan walks
 * the whole keyspace (rate-limit windows, sessions...), so readers scan only when the version
 * moved (or now and then as a backstop) and otherwise just re-read the instances they know.
 * Writers change the keys first and bump the version after; readers read the version first, so a
 * change made during a scan is caught by the next refresh.
 */

export const DEFAULT_NAMESPACE = 'discovery';

const entrySchema = z.object({
  guard: z.string().min(1),
  url: z.string().min(1),
  weight: z.number().int().min(1).max(100),
  registeredAt: z.string(),
  lastHeartbeatAt: z.string(),
  ttlSeconds: z.number().int().min(1),
});

/** A dynamic instance as stored. */
export type DynamicEntry = z.output<typeof entrySchema>;

const drainSchema = z.object({ guard: z.string().min(1), url: z.string().min(1) });

export interface DiscoverySnapshot {
  dynamic: DynamicEntry[];
  /** Ids (guard@url) of the drained instances. */
  drained: Set<string>;
  /** Values that did not parse (written by another version?); skipped. */
  skipped: string[];
  /** The change counter, read before the scan. */
  version: string | null;
}

const urlHash = (url: string): string => createHash('sha256').update(url).digest('hex').slice(0, 16);

export class DiscoveryStore {
  readonly channel: string;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly namespace = DEFAULT_NAMESPACE,
  ) {
    this.channel = `${namespace}-changes`;
  }

  instanceKey(guard: string, url: string): string {
    return `${this.namespace}:${guard}:${urlHash(url)}`;
  }

  drainKey(guard: string, url: string): string {
    return `${this.namespace}-drain:${guard}:${urlHash(url)}`;
  }

  /**
   * Registers or refreshes a dynamic instance: a new TTL and lastHeartbeatAt, the first
   * registeredAt kept. Other replicas are told at once when the instance is new or its weight
   * changed; a plain heartbeat is seen by their next poll.
   */
  async heartbeat(
    instance: { guard: string; url: string; weight: number },
    ttlSeconds: number,
    now: Date,
  ): Promise<DynamicEntry> {
    const key = this.instanceKey(instance.guard, instance.url);
    const previous = parseEntry(await this.kv.get(key));
    const at = now.toISOString();
    const entry: DynamicEntry = {
      guard: instance.guard,
      url: instance.url,
      weight: instance.weight,
      registeredAt: previous?.registeredAt ?? at,
      lastHeartbeatAt: at,
      ttlSeconds,
    };
    await this.kv.set(key, JSON.stringify(entry), ttlSeconds);
    if (!previous || previous.weight !== entry.weight) await this.announce(instance.guard);
    return entry;
  }

  get versionKey(): string {
    return `${this.namespace}-version`;
  }

  /** The change counter (null before the first change). */
  version(): Promise<string | null> {
    return this.kv.get(this.versionKey);
  }

  /** Re-reads known instances by key (no scan): undefined for one that expired or was removed. */
  async read(keys: readonly string[]): Promise<(DynamicEntry | undefined)[]> {
    const values = await Promise.all(keys.map((k) => this.kv.get(k)));
    return values.map(parseEntry);
  }

  /** Deletes a dynamic instance and its drain flag. True when the instance existed. */
  async deregister(guard: string, url: string): Promise<boolean> {
    const existed = await this.kv.del(this.instanceKey(guard, url));
    await this.kv.del(this.drainKey(guard, url));
    await this.announce(guard);
    return existed;
  }

  async setDrain(guard: string, url: string, draining: boolean): Promise<void> {
    if (draining) await this.kv.set(this.drainKey(guard, url), JSON.stringify({ guard, url }));
    else await this.kv.del(this.drainKey(guard, url));
    await this.announce(guard);
  }

  /** Every dynamic instance and drain flag. Throws when the store cannot answer. */
  async load(): Promise<DiscoverySnapshot> {
    const version = await this.version();
    const [instanceKeys, drainKeys] = await Promise.all([
      this.kv.keys(`${this.namespace}:`),
      this.kv.keys(`${this.namespace}-drain:`),
    ]);
    const [instanceValues, drainValues] = await Promise.all([
      Promise.all(instanceKeys.map((k) => this.kv.get(k))),
      Promise.all(drainKeys.map((k) => this.kv.get(k))),
    ]);
    const snapshot: DiscoverySnapshot = { dynamic: [], drained: new Set(), skipped: [], version };
    instanceValues.forEach((value, i) => {
      // A key that expired between the scan and the read is simply gone.
      if (value === null) return;
      const entry = parseEntry(value);
      if (entry) snapshot.dynamic.push(entry);
      else snapshot.skipped.push(instanceKeys[i] ?? '');
    });
    drainValues.forEach((value, i) => {
      if (value === null) return;
      const flag = parseJson(drainSchema, value);
      if (flag) snapshot.drained.add(instanceId(flag));
      else snapshot.skipped.push(drainKeys[i] ?? '');
    });
    return snapshot;
  }

  /** Tells every replica that `guard`'s instances changed: the version for polls, the channel for now. */
  async announce(guard: string): Promise<void> {
    await this.kv.incrBy(this.versionKey, 1);
    await this.kv.publish(this.channel, guard);
  }

  subscribe(handler: (guard: string) => void): Promise<Unsubscribe> {
    return this.kv.subscribe(this.channel, handler);
  }
}

function parseJson<T>(schema: z.ZodType<T>, value: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const parseEntry = (value: string | null): DynamicEntry | undefined =>
  value === null ? undefined : parseJson(entrySchema, value);
