import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { sessions } from '../storage/db/schema/platform.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import type { Invalidations } from './invalidations.js';

interface SessionState {
  userId: string;
  organizationId: string | null;
  /** When the entry was written; refused if the session was revoked since. */
  at?: number;
}

export interface SessionView {
  id: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Login sessions. Each is a refresh-token family: the database row is the durable record, and
 * `sessions:{id}` in the key-value store (TTL SESSION_TTL, refreshed on use) is what every request
 * checks. When the store has forgotten a session (in-memory fallback, restart), the database
 * answers and the entry is written back, so sessions survive a restart.
 */
export class SessionService {
  constructor(
    private readonly db: Database,
    private readonly kv: KeyValueStore,
    private readonly ttlSeconds: number,
    private readonly refreshTtlSeconds: number,
    private readonly invalidations: Invalidations,
  ) {}

  private key(id: string): string {
    return `sessions:${id}`;
  }

  async create(input: {
    userId: string;
    organizationId: string | null;
    ip: string | null;
    userAgent: string | null;
  }): Promise<{ sessionId: string; refreshToken: string }> {
    const sessionId = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await this.db.orm.insert(sessions).values({
      id: sessionId,
      userId: input.userId,
      organizationId: input.organizationId,
      refreshHash: sha256(secret),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      expiresAt: new Date(Date.now() + this.refreshTtlSeconds * 1000),
    });
    const state: SessionState = {
      userId: input.userId,
      organizationId: input.organizationId,
      at: Date.now(),
    };
    await this.kv.set(this.key(sessionId), JSON.stringify(state), this.ttlSeconds);
    return { sessionId, refreshToken: `${sessionId}.${secret}` };
  }

  /** True while the session is neither revoked, idle past SESSION_TTL, nor expired. */
  async isActive(sessionId: string): Promise<boolean> {
    const raw = await this.kv.get(this.key(sessionId));
    if (raw && this.invalidations.fresh(this.key(sessionId), (JSON.parse(raw) as SessionState).at))
      return true;
    const at = Date.now();
    const [row] = await this.db.orm
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.id, sessionId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, new Date()),
          gt(sessions.lastUsedAt, new Date(Date.now() - this.ttlSeconds * 1000)),
        ),
      );
    if (!row) return false;
    const state: SessionState = { userId: row.userId, organizationId: row.organizationId, at };
    await this.kv.set(this.key(sessionId), JSON.stringify(state), this.ttlSeconds);
    return true;
  }

  /**
   * Rotates a refresh token. Reusing a token that was already rotated revokes the whole family
   * (the session), since only a thief or a replay would present it.
   */
  async rotate(
    refreshToken: string,
  ): Promise<{ sessionId: string; refreshToken: string; userId: string; organizationId: string | null }> {
    const [sessionId, secret] = refreshToken.split('.');
    if (!sessionId || !secret || !/^[0-9a-f-]{36}$/.test(sessionId)) {
      throw new AppError('INVALID_CREDENTIALS', 'the refresh token is malformed');
    }
    const presented = sha256(secret);
    const nextSecret = randomBytes(32).toString('base64url');
    const [rotated] = await this.db.orm
      .update(sessions)
      .set({
        refreshHash: sha256(nextSecret),
        usedHashes: sql`array_append(${sessions.usedHashes}, ${presented})`,
        lastUsedAt: new Date(),
      })
      .where(
        and(
          eq(sessions.id, sessionId),
          eq(sessions.refreshHash, presented),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, new Date()),
        ),
      )
      .returning();
    if (rotated) {
      const state: SessionState = {
        userId: rotated.userId,
        organizationId: rotated.organizationId,
        at: Date.now(),
      };
      await this.kv.set(this.key(sessionId), JSON.stringify(state), this.ttlSeconds);
      return {
        sessionId,
        refreshToken: `${sessionId}.${nextSecret}`,
        userId: rotated.userId,
        organizationId: rotated.organizationId,
      };
    }
    const [row] = await this.db.orm.select().from(sessions).where(eq(sessions.id, sessionId));
    if (row && row.revokedAt === null && row.usedHashes.includes(presented)) {
      await this.revoke(sessionId, 'refresh token reuse');
      throw new AppError('INVALID_CREDENTIALS', 'refresh token reuse detected: the session has been revoked');
    }
    throw new AppError('INVALID_CREDENTIALS', 'the refresh token is invalid, expired or revoked');
  }

  async revoke(sessionId: string, reason: string): Promise<boolean> {
    const updated = await this.db.orm
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id, organizationId: sessions.organizationId });
    // Invalidated even when it was already revoked: a stale cached entry may still be around.
    await this.invalidations.invalidate(updated[0]?.organizationId ?? null, this.key(sessionId));
    return updated.length > 0;
  }

  async owner(sessionId: string): Promise<string | null> {
    const [row] = await this.db.orm
      .select({ userId: sessions.userId })
      .from(sessions)
      .where(eq(sessions.id, sessionId));
    return row?.userId ?? null;
  }

  async listActive(userId: string, currentSessionId: string | null): Promise<SessionView[]> {
    const rows = await this.db.orm
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
      .orderBy(desc(sessions.lastUsedAt));
    return rows.map((r) => ({
      id: r.id,
      created_at: r.createdAt.toISOString(),
      last_used_at: r.lastUsedAt.toISOString(),
      expires_at: r.expiresAt.toISOString(),
      ip: r.ip,
      user_agent: r.userAgent,
      current: r.id === currentSessionId,
    }));
  }
}
