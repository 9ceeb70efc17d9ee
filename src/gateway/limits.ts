import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { TierView } from '../platform/tiers.js';

/**
 * A rough token count over a whole request body (about four characters a token): every string
 * anywhere in it counts, not just `text`, so sources, messages, samples and datasets are paid for.
 * Iterative and linear in the body's size.
 */
export function countPayloadTokens(value: unknown): number {
  let chars = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') chars += v.length;
    else if (Array.isArray(v)) for (const item of v) stack.push(item);
    else if (v !== null && typeof v === 'object') for (const item of Object.values(v)) stack.push(item);
  }
  return Math.ceil(chars / 4);
}

/** Routes whose calls are usage (they run guards): the guard endpoints and HealthGuard jobs. */
const USAGE_ROUTES = new Set([
  '/api/v1/guards/process',
  '/api/v1/guards/scan',
  '/api/v1/scan',
  '/api/v1/analyze',
  '/api/v1/guards/check',
  '/api/v1/healthguard/jobs',
]);

export const countsAsUsage = (request: FastifyRequest): boolean =>
  request.method === 'POST' && USAGE_ROUTES.has(request.routeOptions.url ?? '');

/** The guard a processing route's usage is recorded under, before its handler says otherwise. */
export function usageGuardOf(request: FastifyRequest): string {
  const url = request.routeOptions.url ?? '';
  const body = request.body as { service_type?: unknown } | undefined;
  if (typeof body?.service_type === 'string') return body.service_type;
  if (url === '/api/v1/guards/check') return 'check';
  if (url.startsWith('/api/v1/context/')) return 'contextguard';
  const match = /^\/api\/v1\/([a-z]+guard)\//.exec(url);
  return match?.[1] ?? 'other';
}

/** How many guards a request runs over its text: /guards/check runs several on one text. */
export function guardCountOf(request: FastifyRequest, tier: TierView | null): number {
  if (request.routeOptions.url !== '/api/v1/guards/check') return 1;
  const guards = (request.body as { guards?: unknown } | undefined)?.guards;
  if (Array.isArray(guards)) return Math.max(1, new Set(guards).size);
  return Math.max(1, tier?.guards_allowed.length ?? 1);
}

/**
 * Counts the bytes of a request body as they arrive and fails the request with 413 once they pass
 * `limit`, so a chunked body (no Content-Length) cannot skip the tier's max_payload_bytes.
 */
export class BodyLimit extends Transform {
  receivedEncodedLength = 0;

  constructor(
    private readonly limit: number,
    private readonly tierName: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    if (this.receivedEncodedLength > this.limit) {
      callback(
        new AppError(
          'PAYLOAD_TOO_LARGE',
          `the ${this.tierName} tier accepts bodies up to ${this.limit} bytes`,
        ),
      );
      return;
    }
    callback(null, chunk);
  }
}
