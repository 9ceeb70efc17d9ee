import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import {
  type CallIdentity,
  type CallSettings,
  type GuardCall,
  type GuardCallObserver,
  type GuardName,
  type GuardResult,
  mostSevere,
  type Verdict,
} from '../guards/contract.js';
import { countPayloadTokens } from '../util/payload-tokens.js';
import { CallContext } from './call-context.js';
import type { GuardClient } from './client.js';
import { Deadline } from './deadline.js';

export type { CallIdentity, GuardCall, GuardCallObserver } from '../guards/contract.js';

/**
 * Where the settings of each call come from (src/platform/guard-settings.ts: the runtime
 * configuration and A/B tests). Consulted on every call, so answers come from memory.
 */
export interface CallSettingsSource {
  /** The guard's deadline in ms when the request names none; undefined: the default. */
  timeoutMs(guard: GuardName): number | undefined;
  /** Thresholds, feature flags and A/B variant for one call of `guard` by `identity`. */
  forCall(guard: GuardName, identity: CallIdentity): CallSettings | Promise<CallSettings>;
}

export interface OrchestratorOptions {
  clients: GuardClient[];
  logger: Logger;
  defaultTimeoutMs: number;
  failMode: 'open' | 'closed';
  observers?: GuardCallObserver[];
  /** Per-call settings; without it every call runs with the start-up settings. */
  settings?: CallSettingsSource;
  /**
   * The observers of calls this process serves for a gateway (`serveForGateway`): the gateway
   * records usage, operations and experiments itself, so only process-local ones belong here
   * (the service's own metrics, a module's monitor).
   */
  gatewayCallObservers?: GuardCallObserver[];
}

export type GuardEntry =
  | { ok: true; result: GuardResult }
  | { ok: false; guard: GuardName; error: { code: string; message: string } };

export interface CheckManyResult {
  verdict: Verdict;
  score: number;
  results: GuardEntry[];
}

const textOf = (payload: unknown): string | undefined => {
  if (payload && typeof payload === 'object' && 'text' in payload) {
    const text = (payload as { text: unknown }).text;
    if (typeof text === 'string') return text;
  }
  return undefined;
};

/**
 * The call's record with its optional fields set only when present. Built by assignment rather
 * than with trailing spreads of small objects, which V8 runs through its slow path on every call.
 */
function callRecord(base: GuardCall, payload: unknown, settings: CallSettings | undefined): GuardCall {
  const inputText = textOf(payload);
  if (inputText !== undefined) base.inputText = inputText;
  if (settings?.variant) base.variant = settings.variant;
  return base;
}

/**
 * Routes guard calls to their clients with a deadline, and tells observers about every call.
 * Deadlines travel as an AbortSignal in the guard context.
 */
export class Orchestrator {
  private readonly clients = new Map<GuardName, GuardClient>();
  private readonly observers: GuardCallObserver[];

  constructor(private readonly options: OrchestratorOptions) {
    for (const client of options.clients) this.clients.set(client.name, client);
    this.observers = options.observers ?? [];
  }

  get failMode(): 'open' | 'closed' {
    return this.options.failMode;
  }

  names(): GuardName[] {
    return [...this.clients.keys()];
  }

  list(): GuardClient[] {
    return [...this.clients.values()];
  }

  has(name: string): name is GuardName {
    return this.clients.has(name as GuardName);
  }

  addObserver(observer: GuardCallObserver): void {
    this.observers.push(observer);
  }

  /**
   * The deadline of one call of `name`: the request's, else the guard's timeout from the
   * runtime configuration, else GUARD_TIMEOUT_MS.
   */
  timeoutFor(name: GuardName, requested?: number): number {
    return requested ?? this.options.settings?.timeoutMs(name) ?? this.options.defaultTimeoutMs;
  }

  /** Runs one guard. Throws AppError (bad payload, timeout, unavailable). */
  async run(
    name: GuardName,
    payload: unknown,
    identity: CallIdentity,
    timeoutMs?: number,
  ): Promise<GuardResult> {
    const client = this.clients.get(name);
    if (!client)
      throw new AppError('UNKNOWN_SERVICE_TYPE', `unknown guard '${name}'`, {
        valid_service_types: this.names(),
      });
    const deadline = new Deadline(this.timeoutFor(name, timeoutMs));
    try {
      return await this.call(client, payload, identity, deadline);
    } finally {
      deadline.clear();
    }
  }

  /**
   * Runs one guard for a gateway (a guard service's internal endpoint): with the settings the
   * gateway resolved and the rest of its deadline, told only to the process-local observers.
   */
  async serveForGateway(
    name: GuardName,
    payload: unknown,
    identity: CallIdentity,
    settings: CallSettings | undefined,
    timeoutMs: number,
  ): Promise<GuardResult> {
    const client = this.clients.get(name);
    if (!client) throw new AppError('UNKNOWN_SERVICE_TYPE', `this service does not run '${name}'`);
    const deadline = new Deadline(timeoutMs);
    try {
      return await this.call(client, payload, identity, deadline, {
        settings,
        observers: this.options.gatewayCallObservers ?? [],
      });
    } finally {
      deadline.clear();
    }
  }

  /**
   * Runs several guards on one text in parallel: under the request's one deadline when it names
   * one, else each under its own (runtime configuration or default). A guard that fails yields an
   * error entry; it counts as `block` when the fail mode is closed and `allow` when open.
   */
  async runMany(
    names: GuardName[],
    payloadFor: (name: GuardName) => unknown,
    identity: CallIdentity,
    timeoutMs?: number,
  ): Promise<CheckManyResult> {
    // One timer per distinct deadline: usually one for the whole request.
    const deadlines = new Map<number, Deadline>();
    const deadlineOf = (name: GuardName): Deadline => {
      const ms = this.timeoutFor(name, timeoutMs);
      let d = deadlines.get(ms);
      if (!d) {
        d = new Deadline(ms);
        deadlines.set(ms, d);
      }
      return d;
    };
    const results = await Promise.all(
      names.map(async (name): Promise<GuardEntry> => {
        const client = this.clients.get(name);
        try {
          if (!client) throw new AppError('UNKNOWN_SERVICE_TYPE', `unknown guard '${name}'`);
          return { ok: true, result: await this.call(client, payloadFor(name), identity, deadlineOf(name)) };
        } catch (err) {
          const appError = AppError.from(err);
          return { ok: false, guard: name, error: { code: appError.code, message: appError.detail } };
        }
      }),
    );
    for (const d of deadlines.values()) d.clear();
    const failedVerdict: Verdict = this.options.failMode === 'closed' ? 'block' : 'allow';
    const verdict = mostSevere(results.map((r) => (r.ok ? r.result.verdict : failedVerdict)));
    const score = Math.max(
      0,
      ...results.map((r) => (r.ok ? r.result.score : failedVerdict === 'block' ? 1 : 0)),
    );
    return { verdict, score, results };
  }

  /**
   * Runs one client and emits the call's one record. Latency is measured here only: the result's
   * `timing_ms` and the record's `latencyMs` are the same number.
   */
  private async call(
    client: GuardClient,
    payload: unknown,
    identity: CallIdentity,
    deadline: Deadline,
    served?: { settings: CallSettings | undefined; observers: GuardCallObserver[] },
  ): Promise<GuardResult> {
    const settings = served ? served.settings : await this.settingsFor(client.name, identity);
    const observers = served ? served.observers : this.observers;
    const ctx = new CallContext(identity, settings, deadline, this.options.logger, client.name);
    const started = performance.now();
    try {
      const outcome = await client.check(payload, ctx);
      const latencyMs = performance.now() - started;
      const result: GuardResult = { ...outcome, timing_ms: Math.round(latencyMs * 1000) / 1000 };
      this.notify(
        observers,
        callRecord(
          {
            ...identity,
            guard: client.name,
            verdict: result.verdict,
            score: result.score,
            latencyMs,
            tokens: countPayloadTokens(payload),
            findingsCount: result.findings.length,
            findings: result.findings,
          },
          payload,
          settings,
        ),
      );
      return result;
    } catch (err) {
      const appError = AppError.from(err);
      // A bad payload is the caller's mistake, not a guard failure: it is not an operation.
      if (appError.code !== 'INVALID_PAYLOAD') {
        if (appError.code === 'INTERNAL') ctx.logger.error({ err }, 'guard failed');
        this.notify(
          observers,
          callRecord(
            {
              ...identity,
              guard: client.name,
              verdict: 'error',
              score: null,
              latencyMs: performance.now() - started,
              tokens: countPayloadTokens(payload),
              findingsCount: 0,
              errorCode: appError.code,
            },
            payload,
            settings,
          ),
        );
      }
      throw appError;
    }
  }

  /** The call's settings; a failing source is logged and the call runs with the start-up settings. */
  private async settingsFor(guard: GuardName, identity: CallIdentity): Promise<CallSettings | undefined> {
    const source = this.options.settings;
    if (!source) return undefined;
    try {
      return await source.forCall(guard, identity);
    } catch (err) {
      this.options.logger.warn({ err, guard }, 'call settings unavailable; start-up settings apply');
      return undefined;
    }
  }

  private notify(observers: readonly GuardCallObserver[], call: GuardCall): void {
    for (const observer of observers) {
      try {
        observer(call);
      } catch (err) {
        this.options.logger.warn({ err }, 'guard call observer failed');
      }
    }
  }

  async init(): Promise<void> {
    await Promise.all(this.list().map((c) => c.init()));
  }

  async close(): Promise<void> {
    await Promise.all(this.list().map((c) => c.close()));
  }
}
