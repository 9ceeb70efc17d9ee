import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Mirrors migrations/0020_guard_policies.sql, 0021_proxy_upstreams.sql and 0023_proxy_upstream_providers.sql. */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const guardPolicies = pgTable(
  'guard_policies',
  {
    organizationId: text('organization_id').notNull(),
    version: integer('version').notNull(),
    policy: jsonb('policy').notNull(),
    actorUserId: text('actor_user_id'),
    actorApiKeyId: text('actor_api_key_id'),
    comment: text('comment'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.version] })],
);

export const proxyUpstreams = pgTable(
  'proxy_upstreams',
  {
    organizationId: text('organization_id').notNull(),
    /** Whose API the upstream speaks: 'openai' (and compatible servers) or 'anthropic'. */
    provider: text('provider').$type<'openai' | 'anthropic'>().notNull().default('openai'),
    baseUrl: text('base_url').notNull(),
    apiKeyEncrypted: text('api_key_encrypted'),
    updatedBy: text('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.provider] })],
);
