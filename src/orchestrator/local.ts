import type { z } from 'zod';
import { AppError } from '../errors.js';
import type { AnyGuard, GuardContext, GuardHealth, GuardName, GuardOutcome } from '../guards/contract.js';
import { boundResult, enforceInputLimits, type GuardLimits } from '../guards/limits.js';
import type { GuardClient } from './client.js';
import { deadlineOf } from './deadline.js';
import type { CallIdentity } from './orchestrator.js';
import type { GuardPool } from './pool.js';

/** Describes the first zod issue as `field: message`, so a 400 names the field at fault. */
export function describeZodIssues(error: z.ZodError, root = 'payload'): { detail: string; fields: string[] } {
  const fields = error.issues.map((i) => [root, ...i.path.map(String)].join('.'));
  const first = error.issues[0];
  const where = fields[0] ?? root;
  return { detail: `${where}: ${first?.message ?? 'invalid'}`, fields: [...new Set(fields)] };
}

/** The identity fields of a guard context: what a pool worker needs (signal and logger stay here). */
const identityOf = (ctx: GuardContext): CallIdentity => ({
  requestId: ctx.requestId,
  ...(ctx.userId !== undefined ? { userId: ctx.userId } : {}),
  ...(ctx.sessionId !== undefined ? { sessionId: ctx.sessionId } : {}),
  ...(ctx.organizationId !== undefined ? { organizationId: ctx.organizationId } : {}),
  ...(ctx.callerId !== undefined ? { callerId: ctx.callerId } : {}),
  ...(ctx.apiKeyId !== undefined ? { apiKeyId: ctx.apiKeyId } : {}),
});

/** The deadline as the orchestrator described it ("deadline of 900 ms passed"). */
const reasonOf = (signal: AbortSignal): string =>
  signal.reason instanceof Error ? ` (${signal.reason.message})` : '';

/** Rejects with GUARD_TIMEOUT as soon as the call's deadline passes, so a slow guard cannot hold a request. */
function abortable<T>(work: Promise<T>, ctx: GuardContext, guard: string): Promise<T> {
  const deadline = deadlineOf(ctx);
  const started = deadline ? !deadline.expired : !ctx.signal.aborted;
  if (!started)
    return Promise.reject(new AppError('GUARD_TIMEOUT', `${guard} did not start before the deadline`));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      const why = deadline ? ` (${deadline.description})` : reasonOf(ctx.signal);
      reject(new AppError('GUARD_TIMEOUT', `${guard} did not answer before the deadline${why}`));
    };
    let cancel: () => void;
    if (deadline) cancel = deadline.onExpire(onAbort);
    else {
      const signal = ctx.signal;
      signal.addEventListener('abort', onAbort, { once: true });
      cancel = () => signal.removeEventListener('abort', onAbort);
    }
    work.then(
      (value) => {
        cancel();
        resolve(value);
      },
      (err: unknown) => {
        cancel();
        reject(err);
      },
    );
  });
}

export interface LocalClientOptions {
  /** Input caps and output bounds (src/guards/limits.ts); none when absent. */
  limits?: GuardLimits;
  /** Worker threads for inputs longer than `inlineMaxChars` characters. */
  pool?: GuardPool;
  inlineMaxChars?: number;
}

/** Runs a guard in this process: inline for small inputs, in the worker pool for large ones. */
export class LocalGuardClient implements GuardClient {
  readonly mode = 'local' as const;

  constructor(
    private readonly guard: AnyGuard,
    private readonly options: LocalClientOptions = {},
  ) {}

  get name() {
    return this.guard.name;
  }

  get description() {
    return this.guard.description;
  }

  get payloadSchema() {
    return this.guard.payloadSchema;
  }

  async check(payload: unknown, ctx: GuardContext): Promise<GuardOutcome & { guard: GuardName }> {
    const { limits, pool } = this.options;
    const chars = limits ? enforceInputLimits(this.name, payload, limits) : 0;
    const parsed = this.guard.payloadSchema.safeParse(payload);
    if (!parsed.success) {
      const { detail, fields } = describeZodIssues(parsed.error);
      throw new AppError('INVALID_PAYLOAD', detail, { fields });
    }
    // Small inputs stay inline: posting them to a thread costs more than checking them.
    const offload = pool?.available === true && chars > (this.options.inlineMaxChars ?? 0);
    const outcome = await abortable(
      offload
        ? pool.run(this.name, parsed.data, identityOf(ctx), ctx.signal, ctx.settings)
        : Promise.resolve(this.guard.check(parsed.data, ctx)),
      ctx,
      this.name,
    );
    const result: GuardOutcome & { guard: GuardName } = {
      guard: this.name,
      verdict: outcome.verdict,
      score: outcome.score,
      findings: outcome.findings,
      ...(outcome.transformed ? { transformed: outcome.transformed } : {}),
      data: outcome.data as Record<string, unknown>,
    };
    return limits ? boundResult(result, limits.maxFindings) : result;
  }

  async health(): Promise<GuardHealth> {
    try {
      return this.guard.health ? await this.guard.health() : { status: 'healthy' };
    } catch (err) {
      return { status: 'unhealthy', detail: (err as Error).message };
    }
  }

  async init(): Promise<void> {
    await Promise.all([this.guard.init?.(), this.options.pool?.init()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.guard.close?.(), this.options.pool?.close()]);
  }
}
