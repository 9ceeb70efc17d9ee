import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { READ, RUN_GUARDS } from '../../http/access.js';
import type { KeyValueStore } from '../../storage/kv/types.js';
import { ContextMemory } from './memory.js';

export interface ContextRoutesDeps {
  kv: KeyValueStore;
  config: Config;
  /**
   * The caller's namespace (organization or user id), resolved by the gateway after
   * authentication. Never taken from a client header. Defaults to one shared 'default' namespace.
   */
  namespace?: (request: FastifyRequest) => string;
  /** The module's memory store (one per process); a new one over `kv` when omitted. */
  memory?: ContextMemory;
}

const KEY = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.:@-]{1,200}$/, 'letters, digits and _ . : @ - only');

const entrySchema = z.object({ key: z.string(), value: z.unknown(), ttl: z.number() });

/** Maximum keys a namespace may hold in memory. */
export const MAX_MEMORY_KEYS = 1000;

/** The Memory API: `/api/v1/context/memory`. The gateway mounts this plugin. */
export function registerContextRoutes(app: FastifyInstance, deps: ContextRoutesDeps): void {
  const memory =
    deps.memory ??
    new ContextMemory(deps.kv, {
      defaultTtlSeconds: deps.config.CONTEXTGUARD_TTL_SECONDS,
      maxValueBytes: deps.config.CONTEXTGUARD_MAX_BYTES,
      maxKeys: MAX_MEMORY_KEYS,
    });
  const namespaceOf = deps.namespace ?? (() => 'default');
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/context/memory',
    {
      config: { access: RUN_GUARDS },
      schema: {
        tags: ['contextguard'],
        // Strict: `ttl_seconds` for `ttl` is a 400 naming it, not a silent default TTL.
        body: z.strictObject({
          key: KEY,
          value: z.unknown(),
          ttl: z
            .number()
            .int()
            .min(1)
            .max(30 * 24 * 3600)
            .optional(),
        }),
        response: { 201: entrySchema },
      },
    },
    async (request, reply) => {
      if (request.body.value === undefined) throw new AppError('VALIDATION_ERROR', '`value` is required');
      const entry = await memory.set(
        namespaceOf(request),
        request.body.key,
        request.body.value,
        request.body.ttl,
      );
      return reply.code(201).send(entry);
    },
  );

  r.get(
    '/api/v1/context/memory/:key',
    {
      config: { access: READ },
      schema: { tags: ['contextguard'], params: z.object({ key: KEY }), response: { 200: entrySchema } },
    },
    async (request) => {
      const entry = await memory.get(namespaceOf(request), request.params.key);
      if (!entry) throw new AppError('NOT_FOUND', `no memory entry '${request.params.key}'`);
      return entry;
    },
  );

  r.get(
    '/api/v1/context/memory',
    {
      config: { access: READ },
      schema: {
        tags: ['contextguard'],
        response: { 200: z.object({ keys: z.array(z.string()), count: z.number() }) },
      },
    },
    async (request) => {
      const keys = await memory.keys(namespaceOf(request));
      return { keys, count: keys.length };
    },
  );

  r.delete(
    '/api/v1/context/memory/:key',
    {
      config: { access: RUN_GUARDS },
      schema: {
        tags: ['contextguard'],
        params: z.object({ key: KEY }),
        response: { 200: z.object({ deleted: z.boolean() }) },
      },
    },
    async (request) => {
      const deleted = await memory.delete(namespaceOf(request), request.params.key);
      if (!deleted) throw new AppError('NOT_FOUND', `no memory entry '${request.params.key}'`);
      return { deleted };
    },
  );
}
