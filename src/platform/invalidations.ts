import { gte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { kvInvalidations } from '../storage/db/schema/platform.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore, Unsubscribe } from '../storage/kv/types.js';

const CHANNEL = 'platform:invalidations';

/**
 * Entries cached within this many milliseconds after an invalidation are refused too, so clock
 * skew between replicas cannot make a stale entry look newer than the revocation.
 */
export const INVALIDATION_SKEW_MS = 5000;

/**
 * Revocations that win over every cache. An invalidation is written to PostgreSQL first (the
 * truth), then the key-value entry is deleted and the other replicas are told over pub/sub. Each
 * replica keeps the recent invalidations in memory (from pub/sub, and from polling the table,
 * which is what reaches it when Redis is down), and a cached entry older than its key's last
 * invalidation is treated as a miss. So a deletion that an outage kept from Redis cannot bring a
 * revoked key or session back when Redis returns with the old entry.
 */
export class Invalidations {
  private readonly recent = new Map<string, number>();
  private lastPolled = 0;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: Unsubscribe | undefined;
  private pollFailing = false;

  constructor(
    private readonly db: Database,
    private readonly kv: KeyValueStore,
    private readonly logger: Logger,
    /** How long an invalidation matters: the longest TTL of any entry it guards. */
    private readonly retentionMs: number,
  ) {}

  /** Loads recent invalidations, subscribes to new ones and polls the table every `pollMs`. */
  async start(pollMs = 2000): Promise<void> {
    await this.poll();
    this.unsubscribe = await this.kv.subscribe(CHANNEL, (message) => {
      const { key, at } = JSON.parse(message) as { key: string; at: number };
      this.remember(key, at);
    });
    this.timer = setInterval(() => void this.poll(), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.unsubscribe?.();
  }

  private remember(key: string, at: number): void {
    if ((this.recent.get(key) ?? 0) < at) this.recent.set(key, at);
  }

  /** Reads invalidations newer than the last poll (every replica's, including its own). */
  async poll(): Promise<void> {
    const since = new Date(Math.max(this.lastPolled - INVALIDATION_SKEW_MS, Date.now() - this.retentionMs));
    try {
      const rows = await this.db.orm
        .select({ key: kvInvalidations.key, at: kvInvalidations.invalidatedAt })
        .from(kvInvalidations)
        .where(gte(kvInvalidations.invalidatedAt, since));
      for (const row of rows) this.remember(row.key, new Date(row.at).getTime());
      this.lastPolled = Date.now();
      const cutoff = Date.now() - this.retentionMs;
      for (const [key, at] of this.recent) if (at < cutoff) this.recent.delete(key);
      this.pollFailing = false;
    } catch (err) {
      // Once per outage, not every poll.
      if (this.pollFailing) return;
      this.pollFailing = true;
      this.logger.warn(
        { err },
        'could not read invalidations; cached entries are checked against the last known',
      );
    }
  }

  /** Records the invalidation durably, then drops the cached entry everywhere. */
  async invalidate(organizationId: string | null, key: string): Promise<void> {
    const at = Date.now();
    await this.db.orm
      .insert(kvInvalidations)
      .values({ key, organizationId: organizationId ?? 'none', invalidatedAt: new Date(at) })
      .onConflictDoUpdate({
        target: kvInvalidations.key,
        set: { invalidatedAt: sql`excluded.invalidated_at`, organizationId: sql`excluded.organization_id` },
      });
    this.remember(key, at);
    await this.kv.del(key);
    await this.kv.publish(CHANNEL, JSON.stringify({ key, at })).catch(() => undefined);
  }

  /** False when `key` was invalidated after (or about when) an entry cached at `cachedAt` was written. */
  fresh(key: string, cachedAt: number | undefined): boolean {
    const at = this.recent.get(key);
    if (at === undefined) return true;
    return cachedAt !== undefined && cachedAt > at + INVALIDATION_SKEW_MS;
  }
}
