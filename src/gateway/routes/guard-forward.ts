import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { PUBLIC } from '../../http/access.js';
import { sendProblem } from '../error-handler.js';

/** A guard's own routes, served by its services in MODE=gateway. */
export interface GuardForward {
  guard: string;
  prefixes: readonly string[];
  /** The base URL of a usable instance now, undefined when there is none. */
  target(): string | undefined;
}

/**
 * Forwards each guard's own routes (ContextGuard's memory, BiasGuard's policies, HealthGuard's
 * jobs, SecurityGuard's de-anonymization) to one of its services, so the gateway stays the one
 * API in MODE=gateway. The bodies stream through unparsed, credentials included: the service
 * authenticates, rate-limits (the counters are shared in Redis) and audits the request itself, as
 * it would in one process. Forwarded requests are not retried, since they may write.
 */
export async function registerGuardForwards(
  app: FastifyInstance,
  forwards: readonly GuardForward[],
): Promise<void> {
  if (forwards.length === 0) return;
  await app.register(async (scope) => {
    await scope.register(replyFrom, { undici: { connections: 32, keepAliveTimeout: 30_000 } });
    // The service parses the body; here it is passed on as the bytes that came in.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    for (const forward of forwards) {
      const handler = (request: FastifyRequest, reply: FastifyReply) => {
        const target = forward.target();
        if (!target) {
          return sendProblem(
            request,
            reply,
            new AppError('GUARD_UNAVAILABLE', `${forward.guard} has no usable instance`, { retry_after: 1 }),
          );
        }
        return reply.from(`${target}${request.url}`, {
          onError: (failed) =>
            sendProblem(
              request,
              failed as FastifyReply,
              new AppError('GUARD_UNAVAILABLE', `${forward.guard} did not answer`, { retry_after: 1 }),
            ),
        });
      };
      for (const prefix of forward.prefixes) {
        const options = { config: { access: PUBLIC }, schema: { hide: true } };
        scope.all(prefix, options, handler);
        scope.all(`${prefix}/*`, options, handler);
      }
    }
  });
}
