import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** Mirrors migrations/0002_platform.sql. */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name'),
  passwordHash: text('password_hash').notNull(),
  isSuperuser: boolean('is_superuser').notNull().default(false),
  isActive: boolean('is_active').notNull().default(true),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const tiers = pgTable('tiers', {
  name: text('name').primaryKey(),
  requestsPerMinute: integer('requests_per_minute').notNull(),
  requestsPerHour: integer('requests_per_hour').notNull(),
  burst: integer('burst').notNull(),
  monthlyCalls: bigint('monthly_calls', { mode: 'number' }),
  monthlyTokens: bigint('monthly_tokens', { mode: 'number' }),
  maxPayloadBytes: integer('max_payload_bytes').notNull(),
  guardsAllowed: text('guards_allowed').array().notNull(),
  priceMonthlyUsd: numeric('price_monthly_usd', { precision: 10, scale: 2 }).notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const organizationMembers = pgTable(
  'organization_members',
  {
    organizationId: uuid('organization_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role').$type<OrgRole>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] })],
);

export const subscriptions = pgTable('subscriptions', {
  organizationId: uuid('organization_id').primaryKey(),
  tier: text('tier').notNull(),
  status: text('status').$type<SubscriptionStatus>().notNull(),
  currentPeriodStart: ts('current_period_start').notNull().defaultNow(),
  currentPeriodEnd: ts('current_period_end'),
  provider: text('provider'),
  providerReference: text('provider_reference'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  organizationId: uuid('organization_id'),
  refreshHash: text('refresh_hash').notNull(),
  usedHashes: text('used_hashes').array().notNull().default([]),
  ip: text('ip'),
  userAgent: text('user_agent'),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastUsedAt: ts('last_used_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
  revokedReason: text('revoked_reason'),
});

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id').notNull(),
  createdBy: uuid('created_by'),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  scopes: text('scopes').array().notNull(),
  rateLimitPerMinute: integer('rate_limit_per_minute'),
  expiresAt: ts('expires_at'),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const usageRecords = pgTable(
  'usage_records',
  {
    organizationId: text('organization_id').notNull(),
    apiKeyId: text('api_key_id').notNull().default(''),
    guard: text('guard').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    requests: bigint('requests', { mode: 'number' }).notNull().default(0),
    errors: bigint('errors', { mode: 'number' }).notNull().default(0),
    tokens: bigint('tokens', { mode: 'number' }).notNull().default(0),
    totalLatencyMs: doublePrecision('total_latency_ms').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.apiKeyId, t.guard, t.day] })],
);

export const auditLogs = pgTable('audit_logs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  organizationId: uuid('organization_id'),
  actorUserId: uuid('actor_user_id'),
  actorApiKeyId: uuid('actor_api_key_id'),
  action: text('action').notNull(),
  resourceType: text('resource_type').notNull(),
  resourceId: text('resource_id'),
  before: jsonb('before'),
  after: jsonb('after'),
  requestId: text('request_id'),
  ip: text('ip'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Mirrors migrations/0005_security.sql: revocations that win over every cache. */
export const kvInvalidations = pgTable('kv_invalidations', {
  key: text('key').primaryKey(),
  organizationId: text('organization_id').notNull(),
  invalidatedAt: ts('invalidated_at').notNull(),
});

export const ORG_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export const SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due', 'canceled', 'unpaid'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
