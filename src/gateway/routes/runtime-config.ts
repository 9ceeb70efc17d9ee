import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { storedString } from '../../http/stored-text.js';
import type { RuntimeConfigService } from '../../platform/runtime-config.js';
import { SUPERUSER } from '../auth.js';

/**
 * /api/v1/admin/runtime-config: read, change (validated, versioned, audited) and list the history
 * of the deployment-wide runtime configuration. Changes reach every replica through Redis pub/sub.
 * Superusers only: these settings apply to every organization. The service is built, started and
 * closed by the composition root, which also hands it to the orchestrator and the rate limiter.
 */
export interface RuntimeConfigRoutesDeps {
  service: RuntimeConfigService;
}

export function registerRuntimeConfigRoutes(app: FastifyInstance, deps: RuntimeConfigRoutesDeps): void {
  const { service } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/admin/runtime-config';
  const tags = ['runtime-config'];

  r.get(base, { config: { access: SUPERUSER }, schema: { tags } }, async () => service.current());

  r.put(
    base,
    {
      config: { access: SUPERUSER },
      schema: {
        tags,
        summary:
          'Replace the runtime configuration (thresholds, guard timeouts, rate-limit defaults, feature flags)',
        body: z.object({
          config: z.record(z.string(), z.unknown()),
          expected_version: z.number().int().min(0).optional(),
          comment: storedString().max(500).optional(),
        }),
      },
    },
    async (request) =>
      service.update(
        request.body.config,
        { userId: request.principal?.userId ?? null, apiKeyId: request.principal?.apiKeyId ?? null },
        {
          ...(request.body.expected_version !== undefined
            ? { expectedVersion: request.body.expected_version }
            : {}),
          ...(request.body.comment ? { comment: request.body.comment } : {}),
        },
      ),
  );

  r.get(
    `${base}/history`,
    {
      config: { access: SUPERUSER },
      schema: { tags, querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }) },
    },
    async (request) => ({ versions: await service.history(request.query.limit) }),
  );
}
