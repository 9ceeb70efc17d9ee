import type { z } from 'zod';
import { AppError } from '../errors.js';
import type { AnyGuard, GuardContext, GuardHealth, GuardName, GuardOutcome } from '../guards/contract.js';
import type { GuardClient } from './client.js';

/** Describes the first zod issue as `field: message`, so a 400 names the field at fault. */
export function describeZodIssues(error: z.ZodError, root = 'payload'): { detail: string; fields: string[] } {
  const fields = error.issues.map((i) => [root, ...i.path.map(String)].join('.'));
  const first = error.issues[0];
  const where = fields[0] ?? root;
  return { detail: `${where}: ${first?.message ?? 'invalid'}`, fields: [...new Set(fields)] };
}

/** Rejects with GUARD_TIMEOUT as soon as `signal` aborts, so a slow guard cannot hold a request. */
function abortable<T>(work: Promise<T>, signal: AbortSignal, guard: string): Promise<T> {
  if (signal.aborted)
    return Promise.reject(new AppError('GUARD_TIMEOUT', `${guard} did not start before the deadline`));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(new AppError('GUARD_TIMEOUT', `${guard} did not answer before the deadline`));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** Runs a guard in this process. */
export class LocalGuardClient implements GuardClient {
  readonly mode = 'local' as const;

  constructor(private readonly guard: AnyGuard) {}

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
    const parsed = this.guard.payloadSchema.safeParse(payload);
    if (!parsed.success) {
      const { detail, fields } = describeZodIssues(parsed.error);
      throw new AppError('INVALID_PAYLOAD', detail, { fields });
    }
    const outcome = await abortable(
      Promise.resolve(this.guard.check(parsed.data, ctx)),
      ctx.signal,
      this.name,
    );
    return {
      guard: this.name,
      verdict: outcome.verdict,
      score: outcome.score,
      findings: outcome.findings,
      ...(outcome.transformed ? { transformed: outcome.transformed } : {}),
      data: outcome.data as Record<string, unknown>,
    };
  }

  async health(): Promise<GuardHealth> {
    try {
      return this.guard.health ? await this.guard.health() : { status: 'healthy' };
    } catch (err) {
      return { status: 'unhealthy', detail: (err as Error).message };
    }
  }

  async init(): Promise<void> {
    await this.guard.init?.();
  }

  async close(): Promise<void> {
    await this.guard.close?.();
  }
}
