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

/** Mirrors migrations/0004_healthguard.sql. */
export const poisonguardAnalysisResults = pgTable(
  'poisonguard_analysis_results',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: text('organization_id').notNull().default('default'),
    requestId: text('request_id').notNull(),
    sampleId: text('sample_id').notNull(),
    isPoisoned: boolean('is_poisoned').notNull(),
    confidence: doublePrecision('confidence').notNull(),
    reasons: jsonb('reasons').notNull().default([]),
    pluginResults: jsonb('plugin_results').notNull().default({}),
    mitigation: text('mitigation').$type<'flag' | 'sanitize' | 'redact' | 'drop'>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('poisonguard_results_org_time').on(t.organizationId, t.createdAt),
    index('poisonguard_results_request').on(t.requestId),
  ],
);

export const poisonguardHealthMetrics = pgTable(
  'poisonguard_health_metrics',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sampledAt: timestamp('sampled_at', { withTimezone: true }).notNull().defaultNow(),
    rssBytes: bigint('rss_bytes', { mode: 'number' }).notNull(),
    heapUsedBytes: bigint('heap_used_bytes', { mode: 'number' }).notNull(),
    cpuPercent: doublePrecision('cpu_percent').notNull(),
    eventLoopLagP50Ms: doublePrecision('event_loop_lag_p50_ms').notNull(),
    eventLoopLagP99Ms: doublePrecision('event_loop_lag_p99_ms').notNull(),
    guards: jsonb('guards').notNull().default({}),
    alerts: jsonb('alerts').notNull().default([]),
  },
  (t) => [index('poisonguard_health_time').on(t.sampledAt)],
);

export const healthguardJobs = pgTable(
  'healthguard_jobs',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().default('default'),
    status: text('status').$type<'queued' | 'running' | 'succeeded' | 'failed'>().notNull(),
    phase: text('phase'),
    progressPercent: doublePrecision('progress_percent').notNull().default(0),
    rowsDone: integer('rows_done').notNull().default(0),
    rowsTotal: integer('rows_total').notNull().default(0),
    source: text('source').notNull().default('inline'),
    result: jsonb('result'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('healthguard_jobs_org_time').on(t.organizationId, t.createdAt)],
);
