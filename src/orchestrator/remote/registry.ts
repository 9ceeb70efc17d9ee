import type { Logger } from 'pino';
import type { KeyValueStore, Unsubscribe } from '../../storage/kv/types.js';
import { DEFAULT_NAMESPACE, DiscoveryStore, type DynamicEntry } from './discovery-store.js';
import {
  DEFAULT_WEIGHT,
  InstanceInputError,
  type InstanceRecord,
  instanceId,
  normalizeInstanceUrl,
  parseWeight,
} from './instance.js';

export { Heartbeat, type HeartbeatOptions } from './heartbeat.js';

/** The longest TTL a registration may ask for; a dead instance should not linger for hours. */
export const MAX_TTL_SECONDS = 3600;

export interface InstanceRegistryOptions {
  kv: KeyValueStore;
  logger: Logger;
  /** The guard names instances may belong to (the registry's modules). */
  guards: readonly string[];
  /** From the configuration (GUARD_<NAME>_URLS, see staticInstancesOf in src/config.ts). */
  staticInstances: InstanceRecord[];
  /** Default time to live of a dynamic registration (DISCOVERY_TTL_SECONDS). */
  ttlSeconds: number;
  /** How often the shared store is read again, as a backstop to the change channel (DISCOVERY_REFRESH_MS). */
  refreshMs: number;
  /** Key prefix and channel name in the store; tests use their own so parallel runs do not meet. */
  namespace?: string;
  /** The clock (tests share one with MemoryKeyValueStore to step over TTLs). */
  now?: () => number;
  /**
   * Refreshes re-read the known instances by key and scan the store only when its change counter
   * moved; every this many refreshes they scan anyway (default 15: 30 s at the default refresh).
   */
  fullScanEvery?: number;
}

/** What `remove` did: a static instance is in the configuration and cannot be removed here. */
export type RemoveResult = 'removed' | 'static' | 'unknown';

interface DynamicState {
  entry: DynamicEntry;
  /** When this replica stops listing it, counted from when it saw the latest heartbeat (no clock skew). */
  expiresAt: number;
}

interface View {
  list: readonly InstanceRecord[];
  /** The view is rebuilt once a dynamic instance in it expires. */
  validUntil: number;
}

/**
 * The instances of every guard, as this gateway replica knows them: the static ones from the
 * configuration plus the dynamic ones registered in the shared key-value store, with the drain
 * flags (also in the store, so every replica agrees) applied.
 *
 * The hot path reads `instances(guard)` synchronously from memory. Memory follows the store
 * through its change channel (another replica's register, drain or remove is seen at once) and a
 * poll every `refreshMs` (heartbeats, expiries, a missed message). When the store fails or runs
 * degraded (Redis down: its in-memory stand-in knows no instance), the last snapshot is kept and
 * its dynamic instances stay listed; the health monitor decides whether they still answer.
 */
export class InstanceRegistry {
  private readonly store: DiscoveryStore;
  private readonly logger: Logger;
  private readonly guards: ReadonlySet<string>;
  private readonly guardList: readonly string[];
  private readonly ttlSeconds: number;
  private readonly refreshMs: number;
  private readonly now: () => number;
  private readonly statics = new Map<string, InstanceRecord[]>();
  private readonly staticIds = new Set<string>();
  private dynamic = new Map<string, DynamicState>();
  private drained = new Set<string>();
  private views = new Map<string, View>();
  private readonly signatures = new Map<string, string>();
  private readonly listeners = new Set<(guard: string) => void>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: Unsubscribe | undefined;
  private refreshing: Promise<boolean> | undefined;
  private refreshAgain = false;
  private storeFailing = false;
  private closed = false;
  /** The store's change counter at the last full scan (undefined: never scanned). */
  private loadedVersion: string | null | undefined;
  private lightSinceScan = 0;
  private readonly fullScanEvery: number;

  constructor(private readonly options: InstanceRegistryOptions) {
    this.store = new DiscoveryStore(options.kv, options.namespace ?? DEFAULT_NAMESPACE);
    this.logger = options.logger;
    this.guardList = [...options.guards];
    this.guards = new Set(options.guards);
    this.ttlSeconds = checkTtl(options.ttlSeconds);
    this.refreshMs = options.refreshMs;
    this.now = options.now ?? Date.now;
    this.fullScanEvery = options.fullScanEvery ?? 15;
    for (const record of options.staticInstances) {
      this.checkGuard(record.guard);
      const url = normalizeInstanceUrl(record.url);
      const id = instanceId({ guard: record.guard, url });
      if (this.staticIds.has(id)) throw new InstanceInputError(`static instance ${id} is listed twice`);
      this.staticIds.add(id);
      const list = this.statics.get(record.guard) ?? [];
      list.push({
        guard: record.guard,
        url,
        weight: parseWeight(record.weight),
        source: 'static',
        draining: false,
      });
      this.statics.set(record.guard, list);
    }
    for (const guard of this.guardList) this.signatures.set(guard, signature(this.instances(guard)));
  }

  /** The store layout, for a Heartbeat that shares this registry's namespace. */
  get discoveryStore(): DiscoveryStore {
    return this.store;
  }

  get defaultTtlSeconds(): number {
    return this.ttlSeconds;
  }

  /** Loads the store, then follows it (change channel plus a poll). A failing store is logged, never thrown. */
  async start(): Promise<void> {
    try {
      const unsubscribe = await this.store.subscribe(() => {
        if (!this.closed) void this.refresh();
      });
      // Closed while subscribing: let go at once rather than leak the subscription.
      if (this.closed) await unsubscribe();
      else this.unsubscribe = unsubscribe;
    } catch (error) {
      this.logger.warn({ err: error }, 'discovery: cannot subscribe to changes; polling only');
    }
    await this.refresh();
    if (this.closed) return;
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'discovery: unsubscribe failed'),
    );
    await this.refreshing;
    this.listeners.clear();
  }

  /** Static plus live dynamic instances of `guard`, drain flags applied (draining ones included). */
  instances(guard: string): readonly InstanceRecord[] {
    const now = this.now();
    const view = this.views.get(guard);
    if (view && now < view.validUntil) return view.list;
    const built = this.buildView(guard, now);
    this.views.set(guard, built);
    return built.list;
  }

  /** The instances of `guard` that may take new calls (not draining). */
  active(guard: string): readonly InstanceRecord[] {
    return this.instances(guard).filter((r) => !r.draining);
  }

  all(): readonly InstanceRecord[] {
    return this.guardList.flatMap((g) => this.instances(g));
  }

  /** The guards this registry accepts instances for. */
  guardNames(): string[] {
    return [...this.guardList];
  }

  /** Whether `guard` is one this registry accepts instances for. */
  knows(guard: string): boolean {
    return this.guards.has(guard);
  }

  /** Called with a guard's name when its instances, weights or drain flags changed. */
  onChange(listener: (guard: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Registers a dynamic instance; calling it again is the heartbeat (new TTL and lastHeartbeatAt,
   * same registeredAt and drain flag). Throws InstanceInputError on an unknown guard or a bad url,
   * weight or TTL; a store failure rejects as is.
   */
  async register(
    instance: { guard: string; url: string; weight?: number },
    ttlSeconds: number = this.ttlSeconds,
  ): Promise<InstanceRecord> {
    this.checkGuard(instance.guard);
    const url = normalizeInstanceUrl(instance.url);
    const weight = parseWeight(instance.weight ?? DEFAULT_WEIGHT);
    const ttl = checkTtl(ttlSeconds);
    const entry = await this.store.heartbeat(
      { guard: instance.guard, url, weight },
      ttl,
      new Date(this.now()),
    );
    const id = instanceId(entry);
    this.dynamic.set(id, { entry, expiresAt: this.now() + ttl * 1000 });
    this.changed();
    return this.toRecord(entry);
  }

  /**
   * Sets or clears the drain flag of a static or dynamic instance, in the store so every replica
   * sees it. Undefined when no such instance is known.
   */
  async drain(guard: string, url: string, draining = true): Promise<InstanceRecord | undefined> {
    this.checkGuard(guard);
    const normalized = normalizeInstanceUrl(url);
    const id = instanceId({ guard, url: normalized });
    await this.refresh();
    if (!this.find(guard, id)) return undefined;
    await this.store.setDrain(guard, normalized, draining);
    if (draining) this.drained.add(id);
    else this.drained.delete(id);
    this.changed();
    return this.find(guard, id);
  }

  /** Deletes a dynamic instance. A static one is refused ('static'): it lives in the configuration. */
  async remove(guard: string, url: string): Promise<RemoveResult> {
    this.checkGuard(guard);
    const normalized = normalizeInstanceUrl(url);
    const id = instanceId({ guard, url: normalized });
    if (this.staticIds.has(id)) return 'static';
    await this.refresh();
    const known = this.dynamic.has(id);
    const existed = await this.store.deregister(guard, normalized);
    this.dynamic.delete(id);
    this.drained.delete(id);
    this.changed();
    return known || existed ? 'removed' : 'unknown';
  }

  /**
   * Reads the store again (single flight: calls during a read share it, plus one more read if a
   * change arrived meanwhile). False when the store failed and the last snapshot was kept.
   */
  refresh(): Promise<boolean> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    const run = async (): Promise<boolean> => {
      let ok = true;
      do {
        this.refreshAgain = false;
        ok = await this.load();
      } while (this.refreshAgain && !this.closed);
      return ok;
    };
    this.refreshing = run().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async load(): Promise<boolean> {
    const status = this.options.kv.status();
    if (status.mode === 'degraded') {
      this.keepLastSnapshot(
        new Error(`key-value store degraded${status.detail ? `: ${status.detail}` : ''}`),
      );
      return false;
    }
    try {
      // A scan walks the whole keyspace: only when the set changed (or now and then, as a backstop).
      const version = await this.store.version();
      const full =
        this.loadedVersion === undefined ||
        version !== this.loadedVersion ||
        this.lightSinceScan >= this.fullScanEvery;
      if (full) await this.loadAll();
      else await this.reloadKnown();
    } catch (error) {
      this.keepLastSnapshot(error);
      return false;
    }
    if (this.storeFailing) {
      this.storeFailing = false;
      this.logger.info('discovery: key-value store answers again; instances reloaded');
    }
    this.changed();
    return true;
  }

  /** Scans every instance and drain flag. */
  private async loadAll(): Promise<void> {
    const snapshot = await this.store.load();
    if (snapshot.skipped.length > 0)
      this.logger.warn({ keys: snapshot.skipped }, 'discovery: skipped entries that do not parse');
    const next = new Map<string, DynamicState>();
    for (const entry of snapshot.dynamic) {
      // Entries of guards this deployment does not run (another version's list) are not ours to list.
      if (!this.guards.has(entry.guard)) continue;
      this.observe(next, entry);
    }
    this.dynamic = next;
    this.drained = snapshot.drained;
    this.loadedVersion = snapshot.version;
    this.lightSinceScan = 0;
  }

  /** Re-reads the instances already known, by key: heartbeats renew them, a missing key drops one. */
  private async reloadKnown(): Promise<void> {
    const known = [...this.dynamic.values()].map((s) => s.entry);
    const entries = await this.store.read(known.map((e) => this.store.instanceKey(e.guard, e.url)));
    const next = new Map<string, DynamicState>();
    for (const entry of entries) if (entry) this.observe(next, entry);
    this.dynamic = next;
    this.lightSinceScan++;
  }

  /** Lists `entry` in `next`; its local expiry restarts only when its heartbeat is new to us. */
  private observe(next: Map<string, DynamicState>, entry: DynamicEntry): void {
    const id = instanceId(entry);
    const previous = this.dynamic.get(id);
    const sameBeat = previous?.entry.lastHeartbeatAt === entry.lastHeartbeatAt;
    next.set(id, {
      entry,
      expiresAt: sameBeat && previous ? previous.expiresAt : this.now() + entry.ttlSeconds * 1000,
    });
  }

  /** The store cannot answer: keep listing what we knew, dynamic instances included, until it can. */
  private keepLastSnapshot(error: unknown): void {
    if (!this.storeFailing) {
      this.storeFailing = true;
      this.logger.warn(
        { err: error },
        'discovery: key-value store unavailable; keeping the last known instances',
      );
    }
    const until = this.now() + this.ttlSeconds * 1000;
    for (const state of this.dynamic.values()) state.expiresAt = Math.max(state.expiresAt, until);
    this.changed();
  }

  /** Drops the cached views and tells listeners which guards' lists changed. */
  private changed(): void {
    this.views = new Map();
    for (const guard of this.guardList) {
      const next = signature(this.instances(guard));
      if (this.signatures.get(guard) === next) continue;
      this.signatures.set(guard, next);
      for (const listener of [...this.listeners]) {
        try {
          listener(guard);
        } catch (error) {
          this.logger.error({ err: error, guard }, 'discovery: change listener threw');
        }
      }
    }
  }

  private buildView(guard: string, now: number): View {
    const list: InstanceRecord[] = [];
    for (const record of this.statics.get(guard) ?? [])
      list.push({ ...record, draining: this.drained.has(instanceId(record)) });
    let validUntil = Number.POSITIVE_INFINITY;
    const dynamic: InstanceRecord[] = [];
    for (const [id, state] of this.dynamic) {
      if (state.entry.guard !== guard || this.staticIds.has(id) || state.expiresAt <= now) continue;
      dynamic.push(this.toRecord(state.entry));
      validUntil = Math.min(validUntil, state.expiresAt);
    }
    dynamic.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
    list.push(...dynamic);
    return { list: Object.freeze(list), validUntil };
  }

  private find(guard: string, id: string): InstanceRecord | undefined {
    return this.instances(guard).find((r) => instanceId(r) === id);
  }

  private toRecord(entry: DynamicEntry): InstanceRecord {
    return {
      guard: entry.guard,
      url: entry.url,
      weight: entry.weight,
      source: 'dynamic',
      draining: this.drained.has(instanceId(entry)),
      registeredAt: entry.registeredAt,
      lastHeartbeatAt: entry.lastHeartbeatAt,
    };
  }

  private checkGuard(guard: string): void {
    if (!this.guards.has(guard))
      throw new InstanceInputError(`unknown guard "${guard}" (expected one of ${this.guardList.join(', ')})`);
  }
}

function checkTtl(ttlSeconds: number): number {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS)
    throw new InstanceInputError(
      `ttl must be an integer from 1 to ${MAX_TTL_SECONDS} seconds, got ${ttlSeconds}`,
    );
  return ttlSeconds;
}

/** What listeners care about: which instances, their weights and drain flags (not heartbeats). */
const signature = (list: readonly InstanceRecord[]): string =>
  list.map((r) => `${r.url}|${r.weight}|${r.draining ? 1 : 0}|${r.source}`).join(',');
