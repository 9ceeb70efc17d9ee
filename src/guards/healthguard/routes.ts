import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { RUN_GUARDS, SUPERUSER, usagePerRequest } from '../../http/access.js';
import type { HealthRuntime } from './runtime.js';

/**
 * HealthGuard endpoints under /api/v1/healthguard: dataset jobs (submit, status, result with the
 * ids of the cleaned dataset) and gateway health (current, history). Datasets are accepted inline only: reading a
 * server-side path is reserved for the CLI, so HTTP callers cannot make the gateway read files.
 */

export interface HealthRoutesDeps {
  runtime: HealthRuntime;
  maxJobRows?: number;
  organizationOf?: (request: FastifyRequest) => string;
}

const jobOut = z.object({
  id: z.string(),
  organization_id: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  phase: z.string().nullable(),
  progress_percent: z.number(),
  rows_done: z.number(),
  rows_total: z.number(),
  source: z.string(),
  error: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});

const rowSchema = z.object({
  id: z.coerce.string().min(1).max(200),
  text: z.string(),
  label: z.coerce.string().optional(),
});

/** Without identity (AUTH_ENABLED=false) everything belongs to one default organization. */
const defaultOrganizationOf = (): string => 'default';

export function registerHealthguardRoutes(app: FastifyInstance, deps: HealthRoutesDeps): void {
  const { runtime } = deps;
  const orgOf = deps.organizationOf ?? defaultOrganizationOf;
  const maxRows = deps.maxJobRows ?? 1_000_000;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/healthguard';
  const idParams = z.object({ id: z.string().uuid() });

  r.post(
    `${base}/jobs`,
    {
      config: { access: RUN_GUARDS, usage: usagePerRequest('healthguard') },
      schema: {
        tags: ['healthguard'],
        body: z.object({ dataset: z.array(rowSchema).min(1) }),
        response: { 202: jobOut },
      },
    },
    async (req, reply) => {
      if (req.body.dataset.length > maxRows)
        throw new AppError('PAYLOAD_TOO_LARGE', `at most ${maxRows} rows per job`);
      const job = await runtime.jobs.submit(orgOf(req), { rows: req.body.dataset });
      return reply.code(202).header('location', `${base}/jobs/${job.id}`).send(job);
    },
  );

  r.get(
    `${base}/jobs/:id`,
    { schema: { tags: ['healthguard'], params: idParams, response: { 200: jobOut } } },
    async (req) => {
      const job = await runtime.jobs.store.get(req.params.id, orgOf(req));
      if (!job) throw new AppError('NOT_FOUND', `No job ${req.params.id}`);
      return job;
    },
  );

  r.get(`${base}/jobs/:id/result`, { schema: { tags: ['healthguard'], params: idParams } }, async (req) => {
    const job = await runtime.jobs.store.get(req.params.id, orgOf(req));
    if (!job) throw new AppError('NOT_FOUND', `No job ${req.params.id}`);
    if (job.status !== 'succeeded') {
      throw new AppError('CONFLICT', `job ${job.id} is ${job.status}${job.error ? `: ${job.error}` : ''}`, {
        status_of_job: job.status,
      });
    }
    const result = await runtime.jobs.store.result(job.id, orgOf(req));
    if (!result) throw new AppError('NOT_FOUND', `No result for job ${job.id}`);
    return { job, result };
  });

  // Service health aggregates every organization's calls: operators only.
  r.get(`${base}/health/current`, { config: { access: SUPERUSER } }, async () => ({
    current: runtime.monitor.current(),
    last_sample: runtime.monitor.lastSample() ?? null,
  }));

  r.get(
    `${base}/health/history`,
    {
      config: { access: SUPERUSER },
      schema: {
        querystring: z.object({
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
    },
    async (req) => {
      const to = req.query.to ? new Date(req.query.to) : new Date(Date.now() + 1000);
      const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 24 * 3600_000);
      if (!(from < to)) throw new AppError('INVALID_PAYLOAD', "'from' must be before 'to'");
      return { samples: await runtime.monitor.history(from, to, req.query.limit) };
    },
  );
}
