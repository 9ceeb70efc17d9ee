import { bigserial, doublePrecision, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Mirrors migrations/0001_core.sql (its index: 0024_operations_by_organization.sql). */
export const guardOperations = pgTable(
  'guard_operations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: text('request_id').notNull(),
    guard: text('guard').notNull(),
    verdict: text('verdict').notNull(),
    score: doublePrecision('score'),
    latencyMs: doublePrecision('latency_ms').notNull(),
    findingsCount: integer('findings_count').notNull().default(0),
    errorCode: text('error_code'),
    userId: text('user_id'),
    sessionId: text('session_id'),
    organizationId: text('organization_id'),
    inputText: text('input_text'),
    /** The distinct finding types of the call, comma-separated (0019_operation_finding_types.sql). */
    findingTypes: text('finding_types'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('guard_operations_org_time').on(t.organizationId, t.createdAt)],
);
