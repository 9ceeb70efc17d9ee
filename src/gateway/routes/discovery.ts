import { z } from 'zod';
import { AppError } from '../../errors.js';
import {
  InstanceInputError,
  type InstanceRecord,
  instanceId,
  normalizeInstanceUrl,
} from '../../orchestrator/remote/instance.js';
import { type InstanceRegistry, MAX_TTL_SECONDS } from '../../orchestrator/remote/registry.js';
import { SUPERUSER } from '../auth.js';
import type { App } from '../types.js';

/**
 * /api/v1/discovery/instances: list, register, drain and remove the guard service instances of a
 * gateway in distributed mode (MODE=gateway). Superusers only: instances serve every organization.
 * Changes go to the shared store, so every gateway replica sees them at once.
 */
export interface DiscoveryRoutesDeps {
  registry: InstanceRegistry;
  /** Health, breaker and calls in flight of one instance (by id, guard@url), from the remote client. */
  status: (id: string) => Record<string, unknown>;
}

const tags = ['discovery'];
const base = '/api/v1/discovery/instances';

const instanceBody = z.strictObject({
  guard: z.string().min(1).max(100),
  url: z.string().min(1).max(2048),
});

export function registerDiscoveryRoutes(app: App, deps: DiscoveryRoutesDeps): void {
  const { registry } = deps;

  const checkGuard = (guard: string): void => {
    if (!registry.knows(guard))
      throw new AppError('UNKNOWN_SERVICE_TYPE', `unknown guard '${guard}'`, {
        valid_service_types: registry.guardNames(),
      });
  };

  /** Registry input errors (bad URL, weight, TTL) are the caller's: a 400 saying what is wrong. */
  const asInputError = (error: unknown): never => {
    if (error instanceof InstanceInputError) throw new AppError('VALIDATION_ERROR', error.message);
    throw error;
  };

  const view = (record: InstanceRecord) => {
    const id = instanceId(record);
    return { id, ...record, status: deps.status(id) };
  };

  app.get(
    base,
    {
      // A list that dashboards poll: superusers only, at the read rate (the admin class allows 5 a minute).
      config: { access: { scope: 'superuser', rate: 'read' } },
      schema: {
        tags,
        summary: 'Guard service instances (static and registered) with their health and breaker state',
        querystring: z.object({ guard: z.string().min(1).max(100).optional() }),
      },
    },
    async (request) => {
      const { guard } = request.query;
      if (guard !== undefined) checkGuard(guard);
      const instances = (guard === undefined ? registry.all() : registry.instances(guard)).map(view);
      return { instances, count: instances.length };
    },
  );

  app.post(
    base,
    {
      config: { access: SUPERUSER, audit: { resourceType: 'discovery_instance' } },
      schema: {
        tags,
        summary: 'Register a guard service instance (again: a heartbeat); it expires after ttl_seconds',
        body: instanceBody.extend({
          weight: z.number().int().min(1).max(100).optional(),
          ttl_seconds: z.number().int().min(3).max(MAX_TTL_SECONDS).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { guard, url, weight, ttl_seconds } = request.body;
      checkGuard(guard);
      const record = await registry
        .register(
          { guard, url, ...(weight !== undefined ? { weight } : {}) },
          ttl_seconds ?? registry.defaultTtlSeconds,
        )
        .catch(asInputError);
      return reply.status(201).send(view(record));
    },
  );

  app.post(
    `${base}/drain`,
    {
      config: { access: SUPERUSER, audit: { resourceType: 'discovery_instance_drain' } },
      schema: {
        tags,
        summary: 'Drain an instance (no new calls; static ones too), or undrain it with draining: false',
        body: instanceBody.extend({ draining: z.boolean().default(true) }),
      },
    },
    async (request) => {
      const { guard, url, draining } = request.body;
      checkGuard(guard);
      const record = await registry.drain(guard, url, draining).catch(asInputError);
      if (!record)
        throw new AppError(
          'NOT_FOUND',
          `no instance ${instanceId({ guard, url: normalizeInstanceUrl(url) })}`,
        );
      return view(record);
    },
  );

  app.delete(
    base,
    {
      config: { access: SUPERUSER, audit: { resourceType: 'discovery_instance' } },
      schema: {
        tags,
        summary: 'Remove a registered instance (a static one is in the configuration: drain it instead)',
        body: instanceBody,
      },
    },
    async (request) => {
      const { guard, url } = request.body;
      checkGuard(guard);
      const result = await registry.remove(guard, url).catch(asInputError);
      const id = instanceId({ guard, url: normalizeInstanceUrl(url) });
      if (result === 'static')
        throw new AppError(
          'STATIC_INSTANCE',
          `${id} is set in the configuration; drain it, or change the configuration`,
        );
      if (result === 'unknown') throw new AppError('NOT_FOUND', `no instance ${id}`);
      return { id, removed: true };
    },
  );
}
