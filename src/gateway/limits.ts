import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { TierView } from '../platform/tiers.js';

/** Whether a request spends the organization's quota: its route declares `config.usage`. */
export const countsAsUsage = (request: FastifyRequest): boolean =>
  request.method === 'POST' && request.routeOptions.config.usage !== undefined;

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
