import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { defaultAccess } from '../http/access.js';
import type { AuditActor } from '../platform/audit.js';
import type { Platform } from '../platform/index.js';
import { hasScope, identityOf, type Principal, userBehind } from '../platform/principal.js';
import type { RateDecision } from '../platform/rate-limit.js';
import type { TierView } from '../platform/tiers.js';
import type { Reservation } from '../platform/usage.js';
import { countPayloadTokens } from '../util/payload-tokens.js';
import { BodyLimit, countsAsUsage, guardCountOf } from './limits.js';
import type { App } from './types.js';

export type { RouteAccess } from '../http/access.js';
export { ADMIN, PUBLIC, READ, RUN_GUARDS, SUPERUSER } from '../http/access.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    tier: TierView | null;
    /** The quota taken for a processing request before it ran; refunded if it is refused. */
    reservation: Reservation | null;
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

/**
 * Authentication, authorization, rate limiting and quotas, in that order, for every route that is
 * not public; then usage recording when the response is sent.
 */
export function registerAuth(app: App, config: Config, platform: Platform): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('tier', null);
  app.decorateRequest('reservation', null);

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
      // Every key carries the organization; the same user is one bucket whatever credential it
      // uses, and the organization as a whole has the tier's limits too.
      const org = principal.organizationId ?? 'none';
      const limiter = platform.rateLimiter;
      const checks = [
        {
          identity: `${org}:${identityOf(principal, request.ip)}`,
          windows: limiter.windowsFor(access.rate, tier, principal.rateLimit),
        },
      ];
      const user = userBehind(principal);
      if (user && principal.apiKeyId) {
        checks.push({ identity: `${org}:user:${user}`, windows: limiter.sharedWindows(tier) });
      }
      if (principal.organizationId) {
        checks.push({ identity: `${org}:org`, windows: limiter.sharedWindows(tier) });
      }
      let shown: RateDecision | undefined;
      const showHeaders = (d: RateDecision) =>
        void reply.headers({
          'ratelimit-limit': String(d.limit),
          'ratelimit-remaining': String(d.remaining),
          'ratelimit-reset': String(d.resetSeconds),
        });
      for (const check of checks) {
        const decision = await limiter.check(check.identity, check.windows);
        if (decision.limit > 0 && (!shown || decision.remaining < shown.remaining)) shown = decision;
        if (!decision.allowed) {
          showHeaders(decision);
          throw new AppError(
            'RATE_LIMITED',
            `the ${decision.window} limit of ${decision.limit} requests is reached`,
            { retry_after: decision.resetSeconds, window: decision.window },
          );
        }
      }
      if (shown) showHeaders(shown);
    }

    if (access.rate === 'processing' && tier && principal.organizationId) {
      const length = Number(request.headers['content-length'] ?? 0);
      if (length > tier.max_payload_bytes) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `the ${tier.name} tier accepts bodies up to ${tier.max_payload_bytes} bytes`,
        );
      }
    }
  });

  // Content-Length can be absent (chunked): then the body itself is counted as it arrives. A
  // declared length was checked above, and Node's parser never reads past it (nor accepts it
  // beside Transfer-Encoding), so such a body needs no counting stream.
  app.addHook('preParsing', async (request, _reply, payload) => {
    const access = request.routeOptions.config.access;
    const tier = request.tier;
    if (!tier || access === undefined || access === 'public' || access.rate !== 'processing') return payload;
    const declared = request.headers['content-length'];
    if (
      declared !== undefined &&
      request.headers['transfer-encoding'] === undefined &&
      /^\d+$/.test(declared) &&
      Number(declared) <= tier.max_payload_bytes
    )
      return payload;
    return payload.pipe(new BodyLimit(tier.max_payload_bytes, tier.name));
  });

  // The month's quota is reserved once the body is known and before any guard runs.
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    const principal = request.principal;
    const tier = request.tier;
    if (!tier || !principal?.organizationId || access === undefined || access === 'public') return;
    if (access.rate !== 'processing' || !countsAsUsage(request)) return;
    const tokens = countPayloadTokens(request.body) * guardCountOf(request, tier);
    const reservation = await platform.usage.reserve(principal.organizationId, tier, tokens);
    request.reservation = reservation;
  });

  app.addHook('onResponse', async (request, reply) => {
    const principal = request.principal;
    const reservation = request.reservation;
    if (!reservation || !principal?.organizationId) return;
    // A request refused for the caller's mistake gives its reservation back.
    if (reply.statusCode >= 400 && reply.statusCode < 500) {
      await platform.usage.refund(reservation).catch(() => undefined);
      return;
    }
    // Guard endpoints are recorded per guard call by the usage observer; the rest once here.
    const usage = request.routeOptions.config.usage;
    if (usage?.recordedBy !== 'request') return;
    platform.usage.record({
      organizationId: principal.organizationId,
      apiKeyId: principal.apiKeyId,
      guard: usage.guard,
      tokens: reservation.tokens,
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
