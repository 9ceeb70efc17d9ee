import { auditLogs } from '../storage/db/schema/platform.js';
import type { Database } from '../storage/db/types.js';

export interface AuditActor {
  userId: string | null;
  apiKeyId: string | null;
  requestId: string | null;
  ip: string | null;
}

export interface AuditEntry {
  organizationId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  before?: unknown;
  after?: unknown;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, apiKeyId: null, requestId: null, ip: null };

/** Every change to users, organizations, members, keys, tiers and policies, with before and after. */
export class AuditLog {
  constructor(private readonly db: Database) {}

  async record(actor: AuditActor, entry: AuditEntry): Promise<void> {
    await this.db.orm.insert(auditLogs).values({
      organizationId: entry.organizationId,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      requestId: actor.requestId,
      ip: actor.ip,
    });
  }
}
