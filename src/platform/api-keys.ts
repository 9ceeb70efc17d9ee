import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { apiKeys } from '../storage/db/schema/platform.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import type { Invalidations } from './invalidations.js';
import type { Principal, RateLimitOverride, Scope } from './principal.js';

export const API_KEY_PREFIX = 'cg_';
const KEY_RE = /^cg_[A-Za-z0-9_]{32,128}$/;

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** The visible part of a key, kept for lookup and display: `cg_` and the next eight characters. */
export const keyPrefix = (key: string): string => key.slice(0, 11);

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(30).toString('base64url').replaceAll('-', '_')}`;
}

interface CachedKey {
  id: string;
  organizationId: string;
  scopes: Scope[];
  rateLimit: RateLimitOverride | null;
  expiresAt: number | null;
  revoked: boolean;
  createdBy?: string | null;
  /** When this entry was read from the database; refused if the key was revoked since. */
  at?: number;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  rate_limit_per_minute: number | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

const view = (row: typeof apiKeys.$inferSelect): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  rate_limit_per_minute: row.rateLimitPerMinute,
  expires_at: row.expiresAt?.toISOString() ?? null,
  last_used_at: row.lastUsedAt?.toISOString() ?? null,
  revoked_at: row.revokedAt?.toISOString() ?? null,
  created_at: row.createdAt.toISOString(),
});

/**
 * API keys: random, shown once, stored as a SHA-256 hash (keys have 180 bits of entropy, so a
 * fast hash is safe) with a short prefix for display. Verification reads a shared cache in the
 * key-value store (so every replica sees a revocation at once) and falls back to the database.
 */
/**
 * How long this process reuses a key it verified without asking the key-value store again. Short,
 * so a revocation made on another replica whose pub/sub message was lost still lands within a
 * second; a revocation this replica hears of (its own, pub/sub, the invalidations poll) is seen at
 * once, because every hit is checked against the invalidations as a store entry is.
 */
const LOCAL_TTL_MS = 1000;
/** Keys remembered per process; the map is dropped when it grows past this (a burst of keys). */
const LOCAL_MAX_KEYS = 10_000;

interface LocalEntry {
  hash: string;
  cached: CachedKey;
  until: number;
}

export class ApiKeyService {
  private readonly lastUseWritten = new Map<string, number>();
  /** Keys verified in the last second, by the key as sent: a hit skips hashing and the store read. */
  private local = new Map<string, LocalEntry>();

  constructor(
    private readonly db: Database,
    private readonly kv: KeyValueStore,
    private readonly cacheTtlSeconds: number,
    private readonly invalidations: Invalidations,
  ) {}

  private cacheKey(hash: string): string {
    return `apikeys:${hash}`;
  }

  async create(input: {
    organizationId: string;
    createdBy: string | null;
    name: string;
    scopes: Scope[];
    rateLimitPerMinute?: number | null;
    expiresAt?: Date | null;
    plaintext?: string;
  }): Promise<{ key: string; record: ApiKeyView }> {
    const key = input.plaintext ?? generateApiKey();
    if (!KEY_RE.test(key))
      throw new AppError('VALIDATION_ERROR', 'API keys look like cg_ followed by 32+ characters');
    const [row] = await this.db.orm
      .insert(apiKeys)
      .values({
        organizationId: input.organizationId,
        createdBy: input.createdBy,
        name: input.name,
        prefix: keyPrefix(key),
        keyHash: hashApiKey(key),
        scopes: input.scopes,
        rateLimitPerMinute: input.rateLimitPerMinute ?? null,
        expiresAt: input.expiresAt ?? null,
      })
      .returning();
    return { key, record: view(row!) };
  }

  async list(organizationId: string): Promise<ApiKeyView[]> {
    const rows = await this.db.orm
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.organizationId, organizationId))
      .orderBy(desc(apiKeys.createdAt));
    return rows.map(view);
  }

  async get(organizationId: string, id: string): Promise<ApiKeyView | null> {
    const [row] = await this.db.orm
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, id), eq(apiKeys.organizationId, organizationId)));
    return row ? view(row) : null;
  }

  /** Revokes a key of the organization; returns the key before the change, or null if not found. */
  async revoke(
    organizationId: string,
    id: string,
  ): Promise<{ before: ApiKeyView; after: ApiKeyView } | null> {
    const [before] = await this.db.orm
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, id), eq(apiKeys.organizationId, organizationId)));
    if (!before) return null;
    const [after] = await this.db.orm
      .update(apiKeys)
      .set({ revokedAt: before.revokedAt ?? new Date() })
      .where(eq(apiKeys.id, id))
      .returning();
    // The revocation is recorded in the database and the cached entry dropped on every replica;
    // an entry cached before it is refused even if Redis missed the deletion (an outage).
    await this.invalidations.invalidate(organizationId, this.cacheKey(before.keyHash));
    return { before: view(before), after: view(after!) };
  }

  /** Returns the principal of a valid key, or throws INVALID_CREDENTIALS. */
  async verify(key: string): Promise<Principal> {
    const now = Date.now();
    const hit = this.local.get(key);
    if (hit && hit.until > now && this.invalidations.fresh(this.cacheKey(hit.hash), hit.cached.at)) {
      return this.principalOf(hit.cached, now);
    }
    if (!KEY_RE.test(key)) throw new AppError('INVALID_CREDENTIALS', 'the API key is malformed');
    const hash = hashApiKey(key);
    let cached: CachedKey | null = null;
    const raw = await this.kv.get(this.cacheKey(hash));
    if (raw) cached = JSON.parse(raw) as CachedKey;
    if (cached && !this.invalidations.fresh(this.cacheKey(hash), cached.at)) cached = null;
    if (!cached) {
      const at = Date.now();
      const [row] = await this.db.orm.select().from(apiKeys).where(eq(apiKeys.keyHash, hash));
      if (!row) throw new AppError('INVALID_CREDENTIALS', 'unknown API key');
      cached = {
        id: row.id,
        organizationId: row.organizationId,
        scopes: row.scopes as Scope[],
        rateLimit: row.rateLimitPerMinute ? { per_minute: row.rateLimitPerMinute } : null,
        expiresAt: row.expiresAt?.getTime() ?? null,
        revoked: row.revokedAt !== null,
        createdBy: row.createdBy,
        at,
      };
      await this.kv.set(this.cacheKey(hash), JSON.stringify(cached), this.cacheTtlSeconds);
    }
    if (this.local.size >= LOCAL_MAX_KEYS) this.local = new Map();
    // Remembered before the checks below, so a revoked or expired key is refused from memory too.
    this.local.set(key, { hash, cached, until: now + LOCAL_TTL_MS });
    return this.principalOf(cached, now);
  }

  private principalOf(cached: CachedKey, now: number): Principal {
    if (cached.revoked) throw new AppError('INVALID_CREDENTIALS', 'the API key has been revoked');
    if (cached.expiresAt !== null && cached.expiresAt <= now) {
      throw new AppError('TOKEN_EXPIRED', 'the API key has expired');
    }
    this.touch(cached.id, now);
    return {
      kind: 'api_key',
      userId: null,
      apiKeyId: cached.id,
      organizationId: cached.organizationId,
      role: null,
      scopes: cached.scopes,
      isSuperuser: false,
      sessionId: null,
      rateLimit: cached.rateLimit,
      ownerId: cached.createdBy ?? null,
    };
  }

  /** Records last use at most once a minute per key per process, off the request path. */
  private touch(id: string, now: number): void {
    if ((this.lastUseWritten.get(id) ?? 0) > now - 60_000) return;
    this.lastUseWritten.set(id, now);
    void this.db.orm
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiKeys.id, id))
      .catch(() => undefined);
  }
}
