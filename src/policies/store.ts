import { AppError } from '../errors.js';
import type { Invalidations } from '../platform/invalidations.js';
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

const toVersion = (r: Record<string, unknown>): PolicyVersion => ({
  organization_id: String(r.organization_id),
  version: Number(r.version),
  policy: guardPolicySchema.parse(typeof r.policy === 'string' ? JSON.parse(r.policy) : r.policy),
  actor_user_id: r.actor_user_id === null ? null : String(r.actor_user_id),
  actor_api_key_id: r.actor_api_key_id === null ? null : String(r.actor_api_key_id),
  comment: r.comment === null ? null : String(r.comment),
  created_at: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
});

/**
 * Guard policies, versioned in the database (the truth and the history), the one in force cached
 * per organization in the shared key-value store. A change goes through {@link Invalidations}
 * (the same mechanism as memberships and API keys): written durably, the cache entry deleted and
 * every replica told over pub/sub, and an entry cached before the change is treated as a miss on
 * every replica even when the deletion was lost in a Redis outage.
 */
export class GuardPolicyStore {
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
    const raw = await this.kv.get(key).catch(() => null);
    if (raw) {
      try {
        const cached = JSON.parse(raw) as { at: number; entry: Record<string, unknown> };
        if (this.invalidations.fresh(key, cached.at) && cached.entry.organization_id === organizationId) {
          return cached.entry.version === 0 ? this.fallback(organizationId) : toVersion(cached.entry);
        }
      } catch {
        // A damaged entry is a miss.
      }
    }
    const at = Date.now();
    const rows = await this.db.query(
      'SELECT * FROM guard_policies WHERE organization_id = $1 ORDER BY version DESC LIMIT 1',
      [organizationId],
    );
    const entry = rows[0] ? toVersion(rows[0]) : this.fallback(organizationId);
    await this.kv.set(key, JSON.stringify({ at, entry }), this.ttlSeconds).catch(() => undefined);
    return entry;
  }

  async history(organizationId: string, limit = 50): Promise<PolicyVersion[]> {
    const rows = await this.db.query(
      'SELECT * FROM guard_policies WHERE organization_id = $1 ORDER BY version DESC LIMIT $2',
      [organizationId, limit],
    );
    return rows.map(toVersion);
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
    const [latest] = await this.db.query<{ version: number }>(
      'SELECT version FROM guard_policies WHERE organization_id = $1 ORDER BY version DESC LIMIT 1',
      [organizationId],
    );
    const current = latest ? Number(latest.version) : 0;
    if (options.expectedVersion !== undefined && options.expectedVersion !== current) {
      throw new AppError('CONFLICT', `the policy is at version ${current}, not ${options.expectedVersion}`, {
        current_version: current,
      });
    }
    let rows: Record<string, unknown>[];
    try {
      rows = await this.db.query(
        `INSERT INTO guard_policies (organization_id, version, policy, actor_user_id, actor_api_key_id, comment)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING *`,
        [
          organizationId,
          current + 1,
          JSON.stringify(policy),
          actor.userId,
          actor.apiKeyId,
          options.comment ?? null,
        ],
      );
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new AppError('CONFLICT', 'the policy changed meanwhile; read it again and retry');
      }
      throw err;
    }
    await this.invalidations.invalidate(organizationId, GuardPolicyStore.key(organizationId));
    return toVersion(rows[0] ?? {});
  }
}
