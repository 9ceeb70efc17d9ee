import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, toProblem } from '../errors.js';
import {
  isDatabaseUnavailable,
  isUniqueViolation,
  isUnstorableText,
  withoutParameters,
} from '../storage/db/errors.js';

/** Fastify's own error codes that are the client's fault, mapped into our catalogue. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_ERROR',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_VALIDATION: 'VALIDATION_ERROR',
};

/** Turns anything thrown while handling a request into an AppError, keeping the cause for logs. */
export function normalizeError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const where = [error.validationContext ?? 'body', path].filter(Boolean).join('.');
      return { field: where, message: v.message ?? 'invalid' };
    });
    const first = fields[0];
    return new AppError('VALIDATION_ERROR', first ? `${first.field}: ${first.message}` : undefined, {
      fields: fields.map((f) => f.field),
      errors: fields,
    });
  }
  const fastifyError = error as Partial<FastifyError> | undefined;
  const mapped = fastifyError?.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new AppError(mapped, fastifyError?.message, {}, { cause: error });
  if (fastifyError?.statusCode === 413)
    return new AppError('PAYLOAD_TOO_LARGE', undefined, {}, { cause: error });
  if (fastifyError?.statusCode === 415)
    return new AppError('UNSUPPORTED_MEDIA_TYPE', undefined, {}, { cause: error });
  if (
    fastifyError?.statusCode !== undefined &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return new AppError('VALIDATION_ERROR', fastifyError.message, {}, { cause: error });
  }
  // An unreachable database is an outage to wait out, not a bug: 503 with Retry-After.
  if (isDatabaseUnavailable(error)) {
    return new AppError(
      'NOT_READY',
      'the database is unavailable; try again shortly',
      { retry_after: 5 },
      { cause: error },
    );
  }
  if (isUnstorableText(error)) {
    return new AppError(
      'VALIDATION_ERROR',
      'a text value holds the NUL character (U+0000), which cannot be stored',
      {},
      { cause: error },
    );
  }
  // A row another request wrote first: the services turn the ones they expect into their own
  // CONFLICT; this answers the rest as a conflict too, never a 500.
  if (isUniqueViolation(error)) {
    return new AppError(
      'CONFLICT',
      'a concurrent request wrote the same record first; read it again and retry',
      {},
      { cause: error },
    );
  }
  return AppError.from(error);
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const problem = toProblem(error, request.id, request.url.split('?')[0]);
  // OpenAI-compatible routes: the same problem, plus the `error` member OpenAI's clients read.
  if (request.routeOptions.config?.errorShape === 'openai') {
    return reply
      .status(error.status)
      .type('application/json')
      .send({
        ...problem,
        error: { message: error.detail, type: error.code.toLowerCase(), code: error.code, param: null },
      });
  }
  // Anthropic-compatible routes: Anthropic's `{type: 'error', error}` (its `type` replaces the problem's).
  if (request.routeOptions.config?.errorShape === 'anthropic') {
    return reply
      .status(error.status)
      .type('application/json')
      .send({
        ...problem,
        type: 'error',
        error: { type: error.code.toLowerCase(), message: error.detail, code: error.code },
      });
  }
  return reply.status(error.status).type('application/problem+json').send(problem);
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = normalizeError(error);
  if (appError.status >= 500) {
    // The client sees the catalogue's generic text; the real cause goes to the log with the request id.
    // SQL parameter values (password hashes, emails, prompt text) never reach the log.
    request.log.error(
      { err: withoutParameters(appError.cause ?? appError), code: appError.code },
      'request failed',
    );
  }
  // Any refusal that knows when to come back says so (rate limits, quotas, account lockout).
  const retryAfter = appError.extra.retry_after;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(Math.ceil(retryAfter)));
  return sendProblem(request, reply, appError);
}
