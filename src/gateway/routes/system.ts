import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { GuardHealth } from '../../guards/contract.js';
import type { BackendStatus } from '../../storage/kv/types.js';
import { PUBLIC, READ } from '../auth.js';
import type { App, AppDeps } from '../types.js';

type Check = { status: 'ok' | 'degraded' | 'unreachable'; latency_ms: number } & BackendStatus & {
    error?: string;
  };

/** Runs `ping` with a deadline; a backend that does not answer in time is unreachable. */
async function probe(
  ping: () => Promise<void>,
  status: () => BackendStatus,
  timeoutMs: number,
): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const s = status();
    return {
      ...s,
      status: s.mode === 'degraded' ? 'degraded' : 'ok',
      latency_ms: Math.round(performance.now() - started),
    };
  } catch (err) {
    return {
      ...status(),
      mode: 'degraded',
      status: 'unreachable',
      latency_ms: Math.round(performance.now() - started),
      error: (err as Error).message,
    };
  } finally {
    clearTimeout(timer);
  }
}

export async function guardHealth(deps: AppDeps): Promise<Record<string, GuardHealth & { mode: string }>> {
  const entries = await Promise.all(
    deps.orchestrator.list().map(async (c) => [c.name, { ...(await c.health()), mode: c.mode }] as const),
  );
  return Object.fromEntries(entries);
}

/** What anyone may see of a check: no file paths, hosts, ports or error texts. */
function publicCheck(check: Check): Check {
  const { detail: _detail, error: _error, ...rest } = check;
  return rest;
}

function publicGuards(
  guards: Record<string, GuardHealth & { mode: string }>,
): Record<string, GuardHealth & { mode: string }> {
  return Object.fromEntries(
    Object.entries(guards).map(([name, { detail: _detail, instances, ...rest }]) => [
      name,
      // Instances by label only: anyone may read /health, addresses are for superusers.
      instances ? { ...rest, instances: instances.map(({ url: _url, ...i }) => i) } : rest,
    ]),
  );
}

export function registerSystemRoutes(app: App, deps: AppDeps): void {
  const { config } = deps;
  /** Details (paths, hosts, errors) are for superusers; health routes are public, so credentials are optional. */
  const showsDetails = async (request: FastifyRequest): Promise<boolean> => {
    if (!config.AUTH_ENABLED || !deps.platform) return false;
    const principal = await deps.platform.authenticator.authenticate(request.headers).catch(() => null);
    return principal?.isSuperuser === true;
  };
  const timeout = config.READY_CHECK_TIMEOUT_MS;
  const probeStorage = async () => {
    const [database, kv] = await Promise.all([
      probe(
        () => deps.db.ping(),
        () => deps.db.status(),
        timeout,
      ),
      probe(
        () => deps.kv.ping(),
        () => deps.kv.status(),
        timeout,
      ),
    ]);
    return { database, kv };
  };

  app.get(
    '/',
    { config: { access: PUBLIC }, schema: { tags: ['system'], summary: 'Service name, version and links' } },
    async () => ({
      name: 'CodeGuardians Gateway',
      version: deps.version,
      mode: config.MODE,
      guards: deps.orchestrator.names(),
      links: {
        health: '/health',
        ready: '/health/ready',
        metrics: '/metrics',
        openapi: '/openapi.json',
        docs: '/docs',
        process: '/api/v1/guards/process',
        check: '/api/v1/guards/check',
        services: '/api/v1/guards/services',
      },
    }),
  );

  app.get(
    '/health',
    {
      config: { access: PUBLIC },
      schema: { tags: ['system'], summary: 'Overall health: guards and storage backends with their modes' },
    },
    async (request, reply) => {
      const [{ database, kv }, guards] = await Promise.all([probeStorage(), guardHealth(deps)]);
      const full = await showsDetails(request);
      const guardStates = Object.values(guards).map((g) => g.status);
      const unhealthy =
        database.status === 'unreachable' ||
        (guardStates.length > 0 && guardStates.every((s) => s === 'unhealthy'));
      const degraded =
        database.status !== 'ok' || kv.status !== 'ok' || guardStates.some((s) => s !== 'healthy');
      const status = unhealthy ? 'unhealthy' : degraded ? 'degraded' : 'healthy';
      return reply.status(unhealthy ? 503 : 200).send({
        status,
        version: deps.version,
        mode: config.MODE,
        uptime_seconds: Math.round((Date.now() - deps.startedAt) / 1000),
        timestamp: new Date().toISOString(),
        guards: full ? guards : publicGuards(guards),
        storage: full ? { database, kv } : { database: publicCheck(database), kv: publicCheck(kv) },
      });
    },
  );

  app.get(
    '/health/live',
    { config: { access: PUBLIC }, schema: { tags: ['system'], summary: 'Liveness: the process answers' } },
    async () => ({
      status: 'alive',
    }),
  );

  app.get(
    '/health/ready',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['system'],
        summary: 'Readiness: database and key-value store answer within the deadline',
      },
    },
    async (request) => {
      const probed = await probeStorage();
      const full = await showsDetails(request);
      const checks = full ? probed : { database: publicCheck(probed.database), kv: publicCheck(probed.kv) };
      if (checks.database.status === 'unreachable' || checks.kv.status === 'unreachable') {
        throw new AppError('NOT_READY', 'a storage backend did not answer in time', { checks });
      }
      return { status: 'ready', checks };
    },
  );

  if (config.METRICS_ENABLED) {
    app.get(
      '/metrics',
      {
        config: { access: config.AUTH_METRICS_PUBLIC ? PUBLIC : READ },
        schema: { tags: ['system'], summary: 'Prometheus metrics', response: { 200: z.string() } },
      },
      async (_request, reply) => {
        reply.type(deps.metrics.registry.contentType);
        return deps.metrics.registry.metrics();
      },
    );
  }
}
