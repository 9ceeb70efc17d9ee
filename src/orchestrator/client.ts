import type { z } from 'zod';
import type { GuardContext, GuardHealth, GuardName, GuardOutcome } from '../guards/contract.js';

/**
 * How the orchestrator talks to a guard. The in-process client (local.ts) runs the guard directly;
 * a remote client (HTTP, with load balancing and circuit breakers) implements the same interface,
 * so callers never know where a guard runs. The orchestrator adds the guard's name and timing.
 */
export interface GuardClient {
  readonly name: GuardName;
  readonly mode: 'local' | 'remote';
  readonly description: string;
  /** The guard's payload schema, published in /api/v1/guards/services. */
  readonly payloadSchema: z.ZodType;
  /**
   * Validates `payload` against the guard's schema and runs the guard. Throws AppError:
   * INVALID_PAYLOAD for a payload that does not fit, GUARD_TIMEOUT when `ctx.signal` aborts first,
   * GUARD_UNAVAILABLE when the guard cannot run.
   */
  check(payload: unknown, ctx: GuardContext): Promise<GuardOutcome & { guard: GuardName }>;
  health(): Promise<GuardHealth>;
  /** Warms the guard up; the server listens only after every client's init resolved. */
  init(): Promise<void>;
  close(): Promise<void>;
}
