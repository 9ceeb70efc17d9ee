import { createHash } from 'node:crypto';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleType,
} from 'cockatiel';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError } from '../../errors.js';
import type { GuardContext, GuardHealth, GuardName, GuardOutcome } from '../../guards/contract.js';
import type { GuardClient } from '../client.js';
import { deadlineOf } from '../deadline.js';
import type { Balancer, Candidate } from './balancer.js';
import { type InstanceRecord, instanceId } from './instance.js';
import { type GuardServiceTransport, InstanceFailure } from './transport.js';

/** Where the instances of a guard come from: the registry's in-memory snapshot. */
export interface InstanceSource {
  instances(guard: string): readonly InstanceRecord[];
}

/** What the health monitor knows, and what a failed call tells it. */
export interface HealthSource {
  isHealthy(id: string): boolean;
  markDown(id: string, reason: string): void;
}

/** How a remote call ended, for metrics. */
export type RemoteOutcome = 'ok' | 'caller_error' | 'timeout' | 'failure' | 'rejected';

export interface RemoteClientEvents {
  call?(guard: GuardName, instance: string, outcome: RemoteOutcome, seconds: number): void;
  breaker?(guard: GuardName, instance: string, state: BreakerState): void;
  fallback?(guard: GuardName, reason: string): void;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface RemoteClientOptions {
  guard: {
    name: GuardName;
    description: string;
    payloadSchema: z.ZodType;
    idempotent?: boolean;
  };
  instances: InstanceSource;
  health: HealthSource;
  transport: GuardServiceTransport;
  balancer: Balancer;
  /** Failures in a row that open an instance's breaker, and how long it stays open. */
  breakerFailures: number;
  halfOpenAfterMs: number;
  /** Extra attempts on other instances, each within the deadline. */
  retries: number;
  /** The bulkhead: calls in flight to this guard's services, and calls that may wait. */
  concurrency: number;
  queue: number;
  /** The in-process guard to run when no instance answers (GUARD_FALLBACK_LOCAL). */
  fallback?: GuardClient;
  /** Deadline of a call whose context carries none (the orchestrator always gives one). */
  defaultTimeoutMs: number;
  logger: Logger;
  events?: RemoteClientEvents;
}

/** One instance as this client sees it: its breaker, calls in flight and latency. */
interface InstanceState {
  id: string;
  /** A short stable name that does not reveal the address (`securityguard@3f2a9c1e`). */
  label: string;
  record: InstanceRecord;
  breaker: CircuitBreakerPolicy;
  /** When the breaker last opened; a call may try the instance again halfOpenAfterMs later. */
  openedAt: number;
  outstanding: number;
  /** Exponentially weighted latency in ms (0 until the first answer). */
  latencyMs: number;
}

export interface InstanceStatus {
  id: string;
  label: string;
  url: string;
  weight: number;
  source: InstanceRecord['source'];
  draining: boolean;
  healthy: boolean;
  breaker: BreakerState;
  outstanding: number;
  latency_ms: number;
}

const EWMA = 0.2;
/** Full-jitter backoff between attempts: random in [0, min(cap, base * 2^attempt)]. */
const BACKOFF_BASE_MS = 10;
const BACKOFF_CAP_MS = 200;

const breakerStateOf = (s: InstanceState, halfOpenAfterMs: number): BreakerState => {
  switch (s.breaker.state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    default:
      // cockatiel moves an open breaker to half-open on the first call after the wait; until
      // then it reports open, but the instance is due a trial call.
      return Date.now() - s.openedAt >= halfOpenAfterMs ? 'half-open' : 'open';
  }
};

export const instanceLabel = (guard: string, url: string): string =>
  `${guard}@${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A guard that runs in other processes (MODE=<guard> services), behind the same GuardClient
 * interface as the in-process one. Each call: the bulkhead admits it; the balancer picks a healthy,
 * non-draining instance whose breaker admits calls; the transport calls it under the rest of the
 * deadline. An instance failure opens its breaker after `breakerFailures` in a row and is retried on
 * another instance when that is safe (never after the deadline). When no instance answers, the
 * in-process fallback runs if configured, else the call fails with 503 GUARD_UNAVAILABLE and
 * Retry-After.
 */
export class RemoteGuardClient implements GuardClient {
  readonly mode = 'remote' as const;
  private readonly states = new Map<string, InstanceState>();
  private readonly bulkhead;

  constructor(private readonly options: RemoteClientOptions) {
    this.bulkhead = bulkhead(options.concurrency, options.queue);
  }

  get name(): GuardName {
    return this.options.guard.name;
  }

  get description(): string {
    return this.options.guard.description;
  }

  get payloadSchema(): z.ZodType {
    return this.options.guard.payloadSchema;
  }

  /** The instances this client would call now, with their health and breaker state. */
  status(): InstanceStatus[] {
    return this.refresh().map((s) => ({
      id: s.id,
      label: s.label,
      url: s.record.url,
      weight: s.record.weight,
      source: s.record.source,
      draining: s.record.draining,
      healthy: this.options.health.isHealthy(s.id),
      breaker: breakerStateOf(s, this.options.halfOpenAfterMs),
      outstanding: s.outstanding,
      latency_ms: Math.round(s.latencyMs * 1000) / 1000,
    }));
  }

  /** Brings the per-instance state in line with the registry's snapshot (cheap when unchanged). */
  private refresh(): InstanceState[] {
    const records = this.options.instances.instances(this.name);
    const live: InstanceState[] = [];
    const seen = new Set<string>();
    for (const record of records) {
      const id = instanceId(record);
      seen.add(id);
      let state = this.states.get(id);
      if (!state) {
        state = this.newState(id, record);
        this.states.set(id, state);
      }
      state.record = record;
      live.push(state);
    }
    if (seen.size !== this.states.size) {
      for (const [id, state] of this.states) {
        if (!seen.has(id)) {
          this.states.delete(id);
          void this.options.transport.forget(state.record.url);
        }
      }
    }
    return live;
  }

  private newState(id: string, record: InstanceRecord): InstanceState {
    const breaker = circuitBreaker(handleType(InstanceFailure), {
      halfOpenAfter: this.options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.options.breakerFailures),
    });
    const state: InstanceState = {
      id,
      label: instanceLabel(record.guard, record.url),
      record,
      breaker,
      openedAt: 0,
      outstanding: 0,
      latencyMs: 0,
    };
    breaker.onStateChange((s) => {
      if (s === CircuitState.Open) state.openedAt = Date.now();
      const named = breakerStateOf(state, this.options.halfOpenAfterMs);
      this.options.events?.breaker?.(this.name, state.label, named);
      if (s === CircuitState.Open)
        this.options.logger.warn(
          { guard: this.name, instance: state.label },
          'guard instance breaker opened',
        );
      if (s === CircuitState.Closed)
        this.options.logger.info(
          { guard: this.name, instance: state.label },
          'guard instance breaker closed',
        );
    });
    return state;
  }

  /** An instance to call now, not one of `tried`; undefined when none is eligible. */
  private pick(tried: ReadonlySet<string>): InstanceState | undefined {
    const eligible: InstanceState[] = [];
    for (const s of this.refresh()) {
      if (tried.has(s.id) || s.record.draining || !this.options.health.isHealthy(s.id)) continue;
      if (breakerStateOf(s, this.options.halfOpenAfterMs) === 'open') continue;
      // A half-open breaker lets one trial call through; while it runs, others go elsewhere.
      if (s.breaker.state === CircuitState.HalfOpen) continue;
      eligible.push(s);
    }
    if (eligible.length <= 1) return eligible[0];
    const candidates: Candidate[] = eligible.map((s) => ({
      id: s.id,
      weight: s.record.weight,
      outstanding: s.outstanding,
      latencyMs: s.latencyMs,
    }));
    const chosen = this.options.balancer.pick(candidates);
    return chosen ? eligible.find((s) => s.id === chosen.id) : undefined;
  }

  /**
   * The base URL of an instance for a forwarded request (the guard's own routes), chosen like a
   * check's; undefined when none is usable. Forwarded requests are not retried: they may write.
   */
  forwardTarget(): string | undefined {
    return this.pick(new Set())?.record.url;
  }

  async check(payload: unknown, ctx: GuardContext): Promise<GuardOutcome & { guard: GuardName }> {
    try {
      return await this.bulkhead.execute(() => this.attempt(payload, ctx));
    } catch (err) {
      if (err instanceof BulkheadRejectedError) {
        return this.unavailable(
          payload,
          ctx,
          `more than ${this.options.concurrency} calls in flight and ${this.options.queue} waiting`,
        );
      }
      throw err;
    }
  }

  private async attempt(payload: unknown, ctx: GuardContext): Promise<GuardOutcome & { guard: GuardName }> {
    const deadline = deadlineOf(ctx);
    const started = performance.now();
    const remaining = () =>
      deadline ? deadline.remainingMs : this.options.defaultTimeoutMs - (performance.now() - started);
    const tried = new Set<string>();
    let reason = 'no instance is registered, healthy and accepting calls';
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      const instance = this.pick(tried);
      if (!instance) break;
      tried.add(instance.id);
      try {
        return await this.callInstance(instance, payload, ctx, remaining());
      } catch (err) {
        if (err instanceof BrokenCircuitError) continue; // opened since it was picked
        if (!(err instanceof InstanceFailure)) throw err; // the caller's mistake, or the deadline
        reason = err.message;
        this.options.health.markDown(instance.id, err.message);
        // A call that may have run is repeated only when running it twice changes nothing.
        if (err.kind === 'sent' && this.options.guard.idempotent === false) break;
        // cockatiel's retry does not observe the deadline while it waits; this loop does.
        const wait = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
        if (wait >= remaining() - 1) break;
        await sleep(wait);
      }
    }
    if (remaining() <= 0)
      throw new AppError('GUARD_TIMEOUT', `${this.name} did not answer before the deadline`);
    return this.unavailable(payload, ctx, reason);
  }

  private async callInstance(
    instance: InstanceState,
    payload: unknown,
    ctx: GuardContext,
    remainingMs: number,
  ): Promise<GuardOutcome & { guard: GuardName }> {
    if (remainingMs <= 0)
      throw new AppError('GUARD_TIMEOUT', `${this.name} did not answer before the deadline`);
    const { signal, requestId, userId, sessionId, organizationId, callerId, apiKeyId, settings } = ctx;
    instance.outstanding++;
    const started = performance.now();
    let outcome: RemoteOutcome = 'failure';
    try {
      const result = await instance.breaker.execute(() =>
        this.options.transport.check(instance.record.url, {
          guard: this.name,
          payload,
          identity: {
            requestId,
            ...(userId !== undefined ? { userId } : {}),
            ...(sessionId !== undefined ? { sessionId } : {}),
            ...(organizationId !== undefined ? { organizationId } : {}),
            ...(callerId !== undefined ? { callerId } : {}),
            ...(apiKeyId !== undefined ? { apiKeyId } : {}),
          },
          settings,
          remainingMs,
          signal,
        }),
      );
      const ms = performance.now() - started;
      instance.latencyMs = instance.latencyMs === 0 ? ms : instance.latencyMs * (1 - EWMA) + ms * EWMA;
      outcome = 'ok';
      return { guard: this.name, ...result, service: { used: instance.label, fallback: false } };
    } catch (err) {
      if (err instanceof BrokenCircuitError) outcome = 'rejected';
      else if (err instanceof AppError) outcome = err.code === 'GUARD_TIMEOUT' ? 'timeout' : 'caller_error';
      throw err;
    } finally {
      instance.outstanding--;
      this.options.events?.call?.(this.name, instance.label, outcome, (performance.now() - started) / 1000);
    }
  }

  /** No instance answered: the in-process guard when allowed, else 503 with Retry-After. */
  private async unavailable(
    payload: unknown,
    ctx: GuardContext,
    reason: string,
  ): Promise<GuardOutcome & { guard: GuardName }> {
    const { fallback } = this.options;
    if (fallback) {
      this.options.events?.fallback?.(this.name, reason);
      const outcome = await fallback.check(payload, ctx);
      return { ...outcome, service: { used: `${this.name}@in-process`, fallback: true } };
    }
    throw new AppError('GUARD_UNAVAILABLE', `${this.name} is unavailable: ${reason}`, {
      retry_after: Math.max(1, Math.ceil(this.options.halfOpenAfterMs / 1000)),
    });
  }

  async health(): Promise<GuardHealth> {
    const all = this.status();
    const usable = all.filter((s) => s.healthy && !s.draining && s.breaker !== 'open');
    const fallback = this.options.fallback ? ' (the in-process fallback answers meanwhile)' : '';
    const instances = all.map((s) => ({
      label: s.label,
      url: s.url,
      healthy: s.healthy,
      draining: s.draining,
      breaker: s.breaker,
    }));
    if (usable.length === 0) {
      return {
        status: this.options.fallback ? 'degraded' : 'unhealthy',
        detail: `${all.length === 0 ? 'no instance registered' : `0 of ${all.length} instances usable`}${fallback}`,
        instances,
      };
    }
    return usable.length < all.length
      ? { status: 'degraded', detail: `${usable.length} of ${all.length} instances usable`, instances }
      : { status: 'healthy', detail: `${all.length} instance${all.length === 1 ? '' : 's'}`, instances };
  }

  async init(): Promise<void> {
    await this.options.fallback?.init();
  }

  async close(): Promise<void> {
    await this.options.fallback?.close();
  }
}
