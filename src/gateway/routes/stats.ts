import { and, eq, gte, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { guardOperations } from '../../storage/db/schema/core.js';
import type { Database } from '../../storage/db/types.js';
import { principalOf, READ } from '../auth.js';
import type { App } from '../types.js';

/** Each range the dashboard offers, with its length and the width of one bucket, in seconds. */
export const STATS_RANGES = {
  '1h': { seconds: 3600, bucket: 60 },
  '24h': { seconds: 86_400, bucket: 3600 },
  '7d': { seconds: 604_800, bucket: 21_600 },
  '30d': { seconds: 2_592_000, bucket: 86_400 },
} as const;

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * `GET /api/v1/stats/guard-operations`: the caller's organization's guard calls (the
 * `guard_operations` rows) over a time range, for the console's dashboard: counts per bucket,
 * guard and verdict; per guard the block rate and latency percentiles. A read of rows the
 * operations recorder already writes off the request path; nothing is added to the guard calls.
 */
export function registerStatsRoutes(app: App, db: Database): void {
  app.get(
    '/api/v1/stats/guard-operations',
    {
      config: { access: READ },
      schema: {
        tags: ['usage'],
        summary: "Your organization's guard calls over time: verdicts per guard, block rate, latency",
        querystring: z.object({
          range: z.enum(Object.keys(STATS_RANGES) as [keyof typeof STATS_RANGES]).default('24h'),
        }),
      },
    },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      if (!organizationId) throw new AppError('NOT_FOUND', 'you belong to no organization');
      const { seconds, bucket } = STATS_RANGES[request.query.range];
      const to = new Date();
      const from = new Date(Math.floor((to.getTime() / 1000 - seconds) / bucket) * bucket * 1000);
      const where = and(
        eq(guardOperations.organizationId, organizationId),
        gte(guardOperations.createdAt, from),
      );
      // The width is a constant of STATS_RANGES, written into the SQL text rather than sent as a
      // parameter, so the SELECT and GROUP BY expressions are the same to PostgreSQL.
      const width = sql.raw(String(bucket));
      const bucketExpr = sql<number>`(floor(extract(epoch from ${guardOperations.createdAt}) / ${width}) * ${width})::bigint`;

      const [series, perGuard, typeSets] = await Promise.all([
        db.orm
          .select({
            bucket: bucketExpr,
            guard: guardOperations.guard,
            verdict: guardOperations.verdict,
            count: sql<number>`count(*)::int`,
          })
          .from(guardOperations)
          .where(where)
          .groupBy(bucketExpr, guardOperations.guard, guardOperations.verdict)
          .orderBy(bucketExpr),
        db.orm
          .select({
            guard: guardOperations.guard,
            requests: sql<number>`count(*)::int`,
            allow: sql<number>`count(*) filter (where ${guardOperations.verdict} = 'allow')::int`,
            flag: sql<number>`count(*) filter (where ${guardOperations.verdict} = 'flag')::int`,
            block: sql<number>`count(*) filter (where ${guardOperations.verdict} = 'block')::int`,
            error: sql<number>`count(*) filter (where ${guardOperations.verdict} = 'error')::int`,
            findings: sql<number>`coalesce(sum(${guardOperations.findingsCount}), 0)::int`,
            p50: sql<number>`percentile_cont(0.5) within group (order by ${guardOperations.latencyMs})`,
            p95: sql<number>`percentile_cont(0.95) within group (order by ${guardOperations.latencyMs})`,
            p99: sql<number>`percentile_cont(0.99) within group (order by ${guardOperations.latencyMs})`,
          })
          .from(guardOperations)
          .where(where)
          .groupBy(guardOperations.guard)
          .orderBy(guardOperations.guard),
        // Few distinct sets of types per organization; they are split and added up below.
        db.orm
          .select({ types: guardOperations.findingTypes, calls: sql<number>`count(*)::int` })
          .from(guardOperations)
          .where(and(where, isNotNull(guardOperations.findingTypes)))
          .groupBy(guardOperations.findingTypes),
      ]);
      const byType = new Map<string, number>();
      for (const row of typeSets)
        for (const type of (row.types ?? '').split(',').filter(Boolean))
          byType.set(type, (byType.get(type) ?? 0) + num(row.calls));
      const topFindingTypes = [...byType]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 10)
        .map(([type, calls]) => ({ type, calls }));

      const guards = perGuard.map((g) => ({
        guard: g.guard,
        requests: num(g.requests),
        verdicts: { allow: num(g.allow), flag: num(g.flag), block: num(g.block), error: num(g.error) },
        findings: num(g.findings),
        block_rate: num(g.requests) ? round(num(g.block) / num(g.requests)) : 0,
        latency_ms: { p50: round(num(g.p50)), p95: round(num(g.p95)), p99: round(num(g.p99)) },
      }));
      const requests = guards.reduce((n, g) => n + g.requests, 0);
      const blocked = guards.reduce((n, g) => n + g.verdicts.block, 0);
      return {
        organization_id: organizationId,
        range: request.query.range,
        bucket_seconds: bucket,
        from: from.toISOString(),
        to: to.toISOString(),
        totals: { requests, blocked, block_rate: requests ? round(blocked / requests) : 0 },
        guards,
        /** Finding types by the number of guard calls that reported them, most frequent first. */
        top_finding_types: topFindingTypes,
        series: series.map((row) => ({
          t: new Date(num(row.bucket) * 1000).toISOString(),
          guard: row.guard,
          verdict: row.verdict,
          count: num(row.count),
        })),
      };
    },
  );
}
