import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Mirrors migrations/0003_biasguard.sql. */
export const biasguardPolicies = pgTable(
  'biasguard_policies',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().default('default'),
    name: text('name').notNull(),
    description: text('description'),
    categories: jsonb('categories').$type<string[]>().notNull().default([]),
    threshold: doublePrecision('threshold').notNull().default(0.5),
    enforcement: text('enforcement').$type<'block' | 'review' | 'flag'>().notNull().default('flag'),
    priority: integer('priority').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('biasguard_policies_org').on(t.organizationId, t.enabled, t.priority)],
);

export const biasguardAuditLogs = pgTable(
  'biasguard_audit_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: text('organization_id').notNull().default('default'),
    requestId: text('request_id').notNull(),
    userId: text('user_id'),
    decision: text('decision').$type<'allow' | 'deny' | 'review_required'>().notNull(),
    policyIds: jsonb('policy_ids').$type<string[]>().notNull().default([]),
    violations: jsonb('violations').notNull().default([]),
    metrics: jsonb('metrics').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('biasguard_audit_logs_org_time').on(t.organizationId, t.createdAt)],
);

export const biasguardPolicyViolations = pgTable(
  'biasguard_policy_violations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: text('organization_id').notNull().default('default'),
    policyId: text('policy_id').notNull(),
    auditLogId: bigint('audit_log_id', { mode: 'number' }).references(() => biasguardAuditLogs.id, {
      onDelete: 'set null',
    }),
    requestId: text('request_id').notNull(),
    violationType: text('violation_type').notNull(),
    category: text('category').notNull(),
    severity: text('severity').notNull(),
    impactScore: doublePrecision('impact_score').notNull(),
    details: jsonb('details').notNull().default({}),
    resolved: boolean('resolved').notNull().default(false),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by'),
    resolutionNotes: text('resolution_notes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('biasguard_violations_org_time').on(t.organizationId, t.createdAt),
    index('biasguard_violations_open').on(t.organizationId, t.resolved),
  ],
);

export const biasguardComplianceReports = pgTable(
  'biasguard_compliance_reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: text('organization_id').notNull().default('default'),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    totalEvents: integer('total_events').notNull(),
    totalViolations: integer('total_violations').notNull(),
    openViolations: integer('open_violations').notNull(),
    complianceScore: doublePrecision('compliance_score').notNull(),
    fairnessScore: doublePrecision('fairness_score').notNull(),
    details: jsonb('details').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('biasguard_reports_org').on(t.organizationId, t.createdAt)],
);
