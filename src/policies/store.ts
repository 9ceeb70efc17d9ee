import { desc, eq } from 'drizzle-orm';
import type { Invalidations } from '../platform/invalidations.js';
import { writeNextVersion } from '../storage/db/next-version.js';
import { guardPolicies } from '../storage/db/schema/policies.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import { type GuardPolicy, guardPolicySchema } from './schema.js';

export interface PolicyVersion {
  organization_id: string;
  /** 0: the organization never stored a policy and the default applies. */
  version: number;
  policy: GuardPolicy;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  comment: string | null;
  created_at: string | null;
}

type Row = typeof guardPolicies.$inferSelect;

/** Every request of the organization shares the one kept copy, so none may change it. */
function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

/** Organizations whose policy one replica keeps in memory. */
const LOCAL_ENTRIES = 10_000;

const toVersion = (r: Row): PolicyVersion => ({
  organization_id: r.organizationId,
  version: r.version,
  policy: guardPolicySchema.parse(typeof r.policy === 'string' ? JSON.parse(r.policy) : r.policy),
  actor_user_id: r.actorUserId,
  actor_api_key_id: r.actorApiKeyId,
  comment: r.comment,
  created_at: r.createdAt instanceof Date ? r.createdAt.toISOString() : String(r.createdAt),
});

/** A cached entry is the API view; read back into a version (its policy validated again). */
const fromCache = (e: Record<string, unknown>): PolicyVersion => ({
  organization_id: String(e.organization_id),
  version: Number(e.version),
  policy: guardPolicySchema.parse(e.policy),
  actor_user_id: e.actor_user_id === null ? null : String(e.actor_user_id),
  actor_api_key_id: e.actor_api_key_id === null ? null : String(e.actor_api_key_id),
  comment: e.comment === null ? null : String(e.comment),
  created_at: e.created_at === null ? null : String(e.created_at),
});

/**
 * Guard policies, versioned in the database (the truth and the history), the one in force cached
 * per organization in the shared key-value store. A change goes through {@link Invalidations}
 * (the same mechanism as memberships and API keys): written durably, the cache entry deleted and
 * every replica told over pub/sub, and an entry cached before the change is treated as a miss on
 * every replica even when the deletion was lost in a Redis outage.
 */
export class GuardPolicyStore {
  /**
   * This replica's copy of the versions it read, under the same freshness rule as the shared
   * cache: reading and validating the shared entry again on every guard call cost more than the
   * guard itself on small texts.
   */
  private readonly local = new Map<string, { at: number; entry: PolicyVersion }>();

  constructor(
    private readonly db: Database,
    private readonly kv: KeyValueStore,
    private readonly invalidations: Invalidations,
    private readonly defaults: () => GuardPolicy,
    private readonly ttlSeconds = 60,
  ) {}

  static key(organizationId: string): string {
    return `org:${organizationId}:guard-policy`;
  }

  private fallback(organizationId: string): PolicyVersion {
    return {
      organization_id: organizationId,
      version: 0,
      policy: this.defaults(),
      actor_user_id: null,
      actor_api_key_id: null,
      comment: null,
      created_at: null,
    };
  }

  /** The policy in force for the organization (its newest version, or the default). */
  async current(organizationId: string): Promise<PolicyVersion> {
    const key = GuardPolicyStore.key(organizationId);
    const mine = this.local.get(organizationId);
    if (mine && Date.now() - mine.at < this.ttlSeconds * 1000 && this.invalidations.fresh(key, mine.at)) {
      return mine.entry;
    }
    const raw = await this.kv.get(key).catch(() => null);
    if (raw) {
      try {
        const cached = JSON.parse(raw) as { at: number; entry: Record<string, unknown> };
        if (this.invalidations.fresh(key, cached.at) && cached.entry.organization_id === organizationId) {
          const entry = cached.entry.version === 0 ? this.fallback(organizationId) : fromCache(cached.entry);
          this.remember(organizationId, cached.at, entry);
          return entry;
        }
      } catch {
        // A damaged entry is a miss.
      }
    }
    const at = Date.now();
    const [row] = await this.latest(organizationId, 1);
    const entry = row ? toVersion(row) : this.fallback(organizationId);
    await this.kv.set(key, JSON.stringify({ at, entry }), this.ttlSeconds).catch(() => undefined);
    this.remember(organizationId, at, entry);
    return entry;
  }

  /** Keeps the entry under the time it was read from its source; the oldest goes past the bound. */
  private remember(organizationId: string, at: number, entry: PolicyVersion): void {
    this.local.delete(organizationId);
    this.local.set(organizationId, { at, entry: frozen(entry) });
    if (this.local.size > LOCAL_ENTRIES) {
      const oldest = this.local.keys().next();
      if (!oldest.done) this.local.delete(oldest.value);
    }
  }

  private latest(organizationId: string, limit: number): Promise<Row[]> {
    return this.db.orm
      .select()
      .from(guardPolicies)
      .where(eq(guardPolicies.organizationId, organizationId))
      .orderBy(desc(guardPolicies.version))
      .limit(limit);
  }

  async history(organizationId: string, limit = 50): Promise<PolicyVersion[]> {
    return (await this.latest(organizationId, limit)).map(toVersion);
  }

  /**
   * Stores `policy` (already validated) as the organization's next version. With
   * `expectedVersion`, a change made meanwhile by someone else is a 409 instead of being overwritten.
   */
  async save(
    organizationId: string,
    policy: GuardPolicy,
    actor: { userId: string | null; apiKeyId: string | null },
    options: { expectedVersion?: number; comment?: string } = {},
  ): Promise<PolicyVersion> {
    const rows = await writeNextVersion({
      what: 'policy',
      expected: options.expectedVersion,
      latest: async () => {
        const [latest] = await this.latest(organizationId, 1);
        return { version: latest?.version ?? 0 };
      },
      insert: (_latest, version) =>
        this.db.orm
          .insert(guardPolicies)
          .values({
            organizationId,
            version,
            policy,
            actorUserId: actor.userId,
            actorApiKeyId: actor.apiKeyId,
            comment: options.comment ?? null,
          })
          .returning(),
    });
    await this.invalidations.invalidate(organizationId, GuardPolicyStore.key(organizationId));
    const saved = rows[0];
    if (!saved) throw new Error('the policy insert returned no row');
    return toVersion(saved);
  }
}
