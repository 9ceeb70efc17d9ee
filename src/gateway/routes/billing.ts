import { z } from 'zod';
import { AppError } from '../../errors.js';
import { storedString } from '../../http/stored-text.js';
import type { Platform } from '../../platform/index.js';
import { SUBSCRIPTION_STATUSES } from '../../storage/db/schema/platform.js';
import { actorOf, principalOf, READ, SUPERUSER } from '../auth.js';
import type { App } from '../types.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31');

/** Tiers, subscriptions (superuser changes them) and usage reports. */
export function registerBillingRoutes(app: App, platform: Platform): void {
  const { tiers, audit, usage } = platform;

  app.get(
    '/api/v1/tiers',
    {
      config: { access: READ },
      schema: { tags: ['billing'], summary: 'Subscription tiers with their limits and prices' },
    },
    async () => {
      const list = await tiers.list();
      return { tiers: list, count: list.length };
    },
  );

  app.patch(
    '/api/v1/admin/tiers/:name',
    {
      config: { access: SUPERUSER },
      schema: {
        tags: ['billing'],
        summary: "Change a tier's limits or price",
        params: z.object({ name: storedString().min(1).max(50) }),
        body: z
          .object({
            requests_per_minute: z.number().int().positive(),
            requests_per_hour: z.number().int().positive(),
            burst: z.number().int().positive(),
            monthly_calls: z.number().int().positive().nullable(),
            monthly_tokens: z.number().int().positive().nullable(),
            max_payload_bytes: z.number().int().positive(),
            guards_allowed: z.array(z.string().min(1)),
            price_monthly_usd: z.number().nonnegative(),
          })
          .partial(),
      },
    },
    async (request) => {
      const { before, after } = await tiers.update(request.params.name, request.body);
      await audit.record(actorOf(request), {
        organizationId: null,
        action: 'tier.update',
        resourceType: 'tier',
        resourceId: after.name,
        before,
        after,
      });
      return after;
    },
  );

  app.put(
    '/api/v1/admin/organizations/:id/subscription',
    {
      config: { access: SUPERUSER },
      schema: {
        tags: ['billing'],
        summary: "Set an organization's tier and subscription status",
        params: z.object({ id: z.string().uuid() }),
        body: z.object({
          tier: z.string().min(1).optional(),
          status: z.enum(SUBSCRIPTION_STATUSES).optional(),
          current_period_end: z.iso.datetime().nullable().optional(),
        }),
      },
    },
    async (request) => {
      if (!(await platform.accounts.getOrganization(request.params.id)))
        throw new AppError('NOT_FOUND', 'organization not found');
      const { before, after } = await tiers.setSubscription(request.params.id, {
        ...(request.body.tier ? { tier: request.body.tier } : {}),
        ...(request.body.status ? { status: request.body.status } : {}),
        ...(request.body.current_period_end !== undefined
          ? { periodEnd: request.body.current_period_end ? new Date(request.body.current_period_end) : null }
          : {}),
      });
      await audit.record(actorOf(request), {
        organizationId: request.params.id,
        action: 'subscription.update',
        resourceType: 'subscription',
        resourceId: request.params.id,
        before,
        after,
      });
      return after;
    },
  );

  app.get(
    '/api/v1/usage',
    {
      config: { access: READ },
      schema: {
        tags: ['billing'],
        summary: "Your organization's usage by day and guard, with this month's totals and quota",
        querystring: z.object({ from: day.optional(), to: day.optional() }),
      },
    },
    async (request) => {
      const org = principalOf(request).organizationId;
      if (!org) throw new AppError('NOT_FOUND', 'you belong to no organization');
      const to = request.query.to ?? new Date().toISOString().slice(0, 10);
      const from = request.query.from ?? new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      if (from > to) throw new AppError('VALIDATION_ERROR', 'querystring.from: must not be after to');
      const { tier } = await tiers.limitsFor(org);
      return {
        organization_id: org,
        from,
        to,
        days: await usage.report(org, from, to),
        month: await usage.monthTotals(org),
        quota: { tier: tier.name, monthly_calls: tier.monthly_calls, monthly_tokens: tier.monthly_tokens },
      };
    },
  );
}
