import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import type { CallIdentity } from '../../guards/contract.js';
import { PUBLIC } from '../../http/access.js';
import {
  checkPath,
  DEADLINE_HEADER,
  type ServiceCheckRequest,
  serviceCheckRequest,
  serviceTokenMatches,
} from '../../orchestrator/remote/protocol.js';
import type { App, AppDeps } from '../types.js';

/**
 * The internal check endpoint of a guard service (MODE=<guard>), called by gateways only: it
 * answers nothing without the shared SERVICE_TOKEN, and is not mounted at all without one, so a
 * service is never open by default. The gateway has authenticated the caller, counted rate limits
 * and quota, and resolved the call's settings; this endpoint runs the guard under what is left of
 * the gateway's deadline and records only this process's own metrics.
 */
/** The identity as the orchestrator takes it: absent fields left out, not undefined. */
const identityFrom = ({ requestId, ...rest }: ServiceCheckRequest['identity']): CallIdentity => {
  const identity: CallIdentity = { requestId };
  for (const key of ['userId', 'sessionId', 'organizationId', 'callerId', 'apiKeyId'] as const) {
    const value = rest[key];
    if (value !== undefined) identity[key] = value;
  }
  return identity;
};

export function registerGuardServiceRoutes(app: App, deps: AppDeps, token: string): void {
  const { orchestrator } = deps;
  const authorize = async (request: FastifyRequest) => {
    if (!serviceTokenMatches(request.headers.authorization, token)) {
      throw new AppError('UNAUTHENTICATED', 'this endpoint is for gateways: send the service token');
    }
  };
  for (const guard of orchestrator.names()) {
    app.post(
      checkPath(guard),
      {
        // Not a user route: the gateway's auth hook skips it, the service token guards it.
        config: { access: PUBLIC },
        onRequest: authorize,
        schema: { hide: true, body: serviceCheckRequest },
      },
      async (request, reply) => {
        const { payload, identity, settings } = request.body;
        const remaining = Number(request.headers[DEADLINE_HEADER]);
        // A gateway always sends what is left of its deadline; without it the guard's own applies.
        const timeoutMs =
          Number.isFinite(remaining) && remaining > 0
            ? Math.min(remaining, 600_000)
            : orchestrator.timeoutFor(guard);
        const result = await orchestrator.serveForGateway(
          guard,
          payload,
          identityFrom(identity),
          settings,
          timeoutMs,
        );
        void reply.header('cache-control', 'no-store');
        return result;
      },
    );
  }
}
