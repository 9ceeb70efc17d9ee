import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { defaultAccess } from '../http/access.js';
import type { AuditActor } from '../platform/audit.js';
import type { Platform } from '../platform/index.js';
import { hasScope, identityOf, type Principal } from '../platform/principal.js';
import type { TierView } from '../platform/tiers.js';
import type { App } from './types.js';

export type { RouteAccess } from '../http/access.js';
export { ADMIN, PUBLIC, READ, RUN_GUARDS, SUPERUSER } from '../http/access.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    tier: TierView | null;
    /** Set by guard routes so usage is recorded per guard with its token count. */
    usage: { guard: string; tokens: number } | null;
  }
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('UNAUTHENTICATED');
  return request.principal;
}

export const actorOf = (request: FastifyRequest): AuditActor => ({
  userId: request.principal?.userId ?? null,
  apiKeyId: request.principal?.apiKeyId ?? null,
  requestId: request.id,
  ip: request.ip,
});

/** A rough token count for usage when the guard did not count exactly (about four characters a token). */
export const estimateTokens = (text: unknown): number =>
  typeof text === 'string' ? Math.ceil(text.length / 4) : 0;

/**
 * Authentication, authorization, rate limiting and quotas, in that order, for every route that is
 * not public; then usage recording when the response is sent.
 */
export function registerAuth(app: App, config: Config, platform: Platform): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('tier', null);
  app.decorateRequest('usage', null);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // Unmatched routes fall through to the 404 handler; the docs page and its assets are public.
    if (request.routeOptions.url === undefined || request.routeOptions.url.startsWith('/docs')) return;
    const access = request.routeOptions.config.access ?? defaultAccess(request.method);
    if (access === 'public') return;

    const principal = await platform.authenticator.authenticate(request.headers);
    if (!principal) {
      void reply.header('www-authenticate', 'Bearer realm="codeguardians"');
      throw new AppError('UNAUTHENTICATED', 'send Authorization: Bearer <token or API key>, or X-API-Key');
    }
    if (!hasScope(principal, access.scope)) {
      throw new AppError('FORBIDDEN', `this route needs the ${access.scope} permission`);
    }
    request.principal = principal;
    const tier = principal.organizationId
      ? (await platform.tiers.limitsFor(principal.organizationId)).tier
      : null;
    request.tier = tier;

    if (config.RATE_LIMIT_ENABLED) {
      const identity = identityOf(principal, request.ip);
      const decision = await platform.rateLimiter.check(
        identity,
        platform.rateLimiter.windowsFor(access.rate, tier, principal.rateLimit),
      );
      if (decision.limit > 0) {
        void reply.headers({
          'ratelimit-limit': String(decision.limit),
          'ratelimit-remaining': String(decision.remaining),
          'ratelimit-reset': String(decision.resetSeconds),
        });
      }
      if (!decision.allowed) {
        throw new AppError(
          'RATE_LIMITED',
          `the ${decision.window} limit of ${decision.limit} requests is reached`,
          {
            retry_after: decision.resetSeconds,
            window: decision.window,
          },
        );
      }
    }

    if (access.rate === 'processing' && tier && principal.organizationId) {
      const length = Number(request.headers['content-length'] ?? 0);
      if (length > tier.max_payload_bytes) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `the ${tier.name} tier accepts bodies up to ${tier.max_payload_bytes} bytes`,
        );
      }
      await platform.usage.assertWithinQuota(principal.organizationId, tier);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const principal = request.principal;
    if (!request.usage || !principal?.organizationId) return;
    platform.usage.record({
      organizationId: principal.organizationId,
      apiKeyId: principal.apiKeyId,
      guard: request.usage.guard,
      tokens: request.usage.tokens,
      latencyMs: reply.elapsedTime,
      error: reply.statusCode >= 400,
    });
  });
}

/**
 * Routes that declare `config.audit` (guard policies, for example) have their successful changes
 * written to the audit log here, with the resource as the route answered it, so no guard folder
 * needs to know about auditing.
 */
export function auditDeclaredChanges(app: App, platform: Platform): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const audit = request.routeOptions.config.audit;
    if (!audit || request.method === 'GET' || reply.statusCode >= 300) return payload;
    let after: unknown = null;
    try {
      after = typeof payload === 'string' && payload.length > 0 ? JSON.parse(payload) : null;
    } catch {
      after = null;
    }
    const verb = request.method === 'POST' ? 'create' : request.method === 'DELETE' ? 'delete' : 'update';
    const id = (request.params as { id?: string }).id ?? (after as { id?: string } | null)?.id ?? null;
    await platform.audit.record(actorOf(request), {
      organizationId: request.principal?.organizationId ?? null,
      action: `${audit.resourceType}.${verb}`,
      resourceType: audit.resourceType,
      resourceId: id,
      after,
    });
    return payload;
  });
}

/** Refuses a guard the organization's tier does not include. */
export function assertGuardAllowed(request: FastifyRequest, guard: string): void {
  const tier = request.tier;
  if (tier && !tier.guards_allowed.includes(guard)) {
    throw new AppError('FORBIDDEN', `the ${tier.name} tier does not include ${guard}`);
  }
}
