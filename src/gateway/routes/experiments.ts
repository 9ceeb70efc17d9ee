import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ExperimentService, experimentInput } from '../../platform/experiments/service.js';
import { ADMIN, READ } from '../auth.js';

/**
 * /api/v1/experiments: A/B tests of guard thresholds in the caller's organization: create, start,
 * stop, ramp, look up a unit's variant, and read per-variant results with 95 % intervals.
 */
export interface ExperimentRoutesDeps {
  experiments: ExperimentService;
  organizationOf: (request: FastifyRequest) => string;
}

export function registerExperimentRoutes(app: FastifyInstance, deps: ExperimentRoutesDeps): void {
  const { experiments, organizationOf } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/experiments';
  const tags = ['experiments'];
  const idParams = z.object({ id: z.string().uuid() });

  r.post(
    base,
    { config: { access: ADMIN }, schema: { tags, body: experimentInput } },
    async (request, reply) =>
      reply.code(201).send(await experiments.create(organizationOf(request), request.body)),
  );

  r.get(base, { config: { access: READ }, schema: { tags } }, async (request) => ({
    experiments: await experiments.list(organizationOf(request)),
  }));

  r.get(`${base}/:id`, { config: { access: READ }, schema: { tags, params: idParams } }, async (request) =>
    experiments.get(organizationOf(request), request.params.id),
  );

  r.patch(
    `${base}/:id`,
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Start, stop or ramp an experiment',
        params: idParams,
        body: z
          .object({
            status: z.enum(['running', 'stopped']).optional(),
            ramp_percent: z.number().min(0).max(100).optional(),
          })
          .refine(
            (b) => b.status !== undefined || b.ramp_percent !== undefined,
            'send status or ramp_percent',
          ),
      },
    },
    async (request) =>
      experiments.transition(organizationOf(request), request.params.id, {
        ...(request.body.status ? { status: request.body.status } : {}),
        ...(request.body.ramp_percent !== undefined ? { ramp_percent: request.body.ramp_percent } : {}),
      }),
  );

  r.get(
    `${base}/:id/assignment`,
    {
      config: { access: READ },
      schema: { tags, params: idParams, querystring: z.object({ unit: z.string().min(1).max(200) }) },
    },
    async (request) => ({
      unit: request.query.unit,
      variant:
        (await experiments.assignment(organizationOf(request), request.params.id, request.query.unit)) ??
        null,
    }),
  );

  r.get(
    `${base}/:id/results`,
    { config: { access: READ }, schema: { tags, params: idParams } },
    async (request) => experiments.results(organizationOf(request), request.params.id),
  );
}
