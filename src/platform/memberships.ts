import { and, eq } from 'drizzle-orm';
import { type OrgRole, organizationMembers, users } from '../storage/db/schema/platform.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import type { Invalidations } from './invalidations.js';

/** What the store says about a user right now, in one organization (or none). */
export interface Standing {
  role: OrgRole | null;
  isSuperuser: boolean;
  active: boolean;
}

/**
 * Role, superuser flag and active flag as the database has them, read on every authenticated
 * request instead of trusting the access token's claims (a token outlives a demotion by up to its
 * TTL). Cached briefly in the shared key-value store under the organization; a membership change
 * deletes the entry through {@link Invalidations}, so every replica sees it at once and a
 * deletion lost in a Redis outage is replayed on reconnect.
 */
export class MembershipCache {
  constructor(
    private readonly db: Database,
    private readonly kv: KeyValueStore,
    private readonly invalidations: Invalidations,
    private readonly ttlSeconds = 60,
  ) {}

  static key(organizationId: string | null, userId: string): string {
    return `org:${organizationId ?? 'none'}:member:${userId}`;
  }

  async standing(userId: string, organizationId: string | null): Promise<Standing> {
    const key = MembershipCache.key(organizationId, userId);
    const raw = await this.kv.get(key);
    if (raw) {
      const cached = JSON.parse(raw) as Standing & { at: number };
      if (this.invalidations.fresh(key, cached.at)) return cached;
    }
    const at = Date.now();
    const [user] = await this.db.orm
      .select({ isSuperuser: users.isSuperuser, active: users.isActive })
      .from(users)
      .where(eq(users.id, userId));
    let role: OrgRole | null = null;
    if (user && organizationId) {
      const [row] = await this.db.orm
        .select({ role: organizationMembers.role })
        .from(organizationMembers)
        .where(
          and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)),
        );
      role = row?.role ?? null;
    }
    const standing: Standing = {
      role,
      isSuperuser: user?.isSuperuser ?? false,
      active: user?.active ?? false,
    };
    await this.kv.set(key, JSON.stringify({ ...standing, at }), this.ttlSeconds);
    return standing;
  }

  /** Forgets the cached standing on every replica. */
  async invalidate(organizationId: string | null, userId: string): Promise<void> {
    await this.invalidations.invalidate(organizationId, MembershipCache.key(organizationId, userId));
  }
}
