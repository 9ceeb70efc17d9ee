import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { guardOutcomeSchema } from '../../guards/outcome-schema.js';

/**
 * The wire contract between the gateway and a guard service (MODE=<guard>): one internal check
 * endpoint per guard. The gateway has already authenticated the caller, applied rate limits and
 * quota, and resolved the call's settings; the service runs the guard and answers its outcome.
 * Both sides import this file, so the request and the response cannot drift apart.
 */

export const checkPath = (guard: string): string => `/internal/v1/guards/${encodeURIComponent(guard)}/check`;

/** What is left of the caller's deadline, in milliseconds, when the gateway sends the call. */
export const DEADLINE_HEADER = 'x-deadline-ms';

const settingsSchema = z.object({
  thresholds: z.object({ flag: z.number().optional(), block: z.number().optional() }).optional(),
  featureFlags: z.record(z.string(), z.boolean()).optional(),
  variant: z.object({ experimentId: z.string(), name: z.string() }).optional(),
});

const text = z.string().min(1).max(512);

export const serviceCheckRequest = z.object({
  payload: z.unknown(),
  identity: z.object({
    requestId: text,
    userId: text.optional(),
    sessionId: text.optional(),
    organizationId: text.optional(),
    callerId: text.optional(),
    apiKeyId: text.optional(),
  }),
  settings: settingsSchema.optional(),
});
export type ServiceCheckRequest = z.output<typeof serviceCheckRequest>;

/** The outcome a service answers; the gateway validates every response against it. */
export const serviceCheckResponse = guardOutcomeSchema.extend({ score: z.number().min(0).max(1) });

/** The error body a service answers (RFC 9457 problem details with the catalogue's code). */
export const serviceProblem = z.object({
  code: z.string(),
  detail: z.string().optional(),
  retry_after: z.number().optional(),
  /** INVALID_PAYLOAD names the fields at fault; they reach the caller as in one process. */
  fields: z.array(z.string()).optional(),
});

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks `Authorization: Bearer <token>` against the shared service token in constant time
 * (both sides are hashed first, so their lengths never leak either).
 */
export function serviceTokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length)), digest(token));
}
