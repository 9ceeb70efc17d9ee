import type { Logger } from 'pino';
import { Agent, request } from 'undici';
import { type InstanceRecord, instanceId } from './instance.js';

/** The part of the registry the monitor reads: every instance to probe, and when the set changes. */
export interface InstanceSource {
  all(): readonly InstanceRecord[];
  onChange?(listener: (guard: string) => void): () => void;
}

export interface HealthMonitorOptions {
  registry: InstanceSource;
  logger: Logger;
  /** Time between probe rounds (HEALTH_CHECK_INTERVAL_MS). */
  intervalMs: number;
  /** Deadline of one probe, connection included (HEALTH_CHECK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Consecutive failures that mark a healthy instance down (HEALTH_UNHEALTHY_AFTER). */
  unhealthyAfter: number;
  /** Consecutive successes that bring a down instance back (HEALTH_HEALTHY_AFTER). */
  healthyAfter?: number;
  /** Sent as `Authorization: Bearer <token>` (the service-to-service secret). */
  token?: string;
  now?: () => number;
}

export interface InstanceHealth {
  healthy: boolean;
  consecutiveFailures: number;
  lastCheckedAt?: string;
  lastError?: string;
  latencyMs?: number;
}

interface State extends InstanceHealth {
  consecutiveSuccesses: number;
  /** Until the first success, one failure is enough to mark an instance down. */
  everSucceeded: boolean;
}

/**
 * Polls `GET <url>/health/ready` of every instance and marks each up or down. Counting
 * consecutive failures is the retry: one lost probe does not take a proven instance out, and
 * `unhealthyAfter` lost probes in a row do. An instance never seen healthy is down at its first
 * failure, so a new instance that does not answer gets no traffic meanwhile. Failed calls
 * reported by the client (`markDown`) count like failed probes.
 */
export class HealthMonitor {
  private readonly states = new Map<string, State>();
  /** Probes of new instances running outside a round. */
  private readonly probing = new Map<string, Promise<void>>();
  private readonly listeners = new Set<(id: string, healthy: boolean) => void>();
  private readonly agent: Agent;
  private readonly healthyAfter: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopFollowing: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: HealthMonitorOptions) {
    if (!(options.unhealthyAfter >= 1)) throw new RangeError('unhealthyAfter must be >= 1');
    this.healthyAfter = options.healthyAfter ?? 1;
    if (!(this.healthyAfter >= 1)) throw new RangeError('healthyAfter must be >= 1');
    this.now = options.now ?? Date.now;
    // Its own pool: probes keep their connections alive and never queue behind guard calls.
    this.agent = new Agent({
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /** Probes every instance at once (resolves when that round ends), then every interval. */
  async start(): Promise<void> {
    // A new instance is probed as soon as the registry lists it, not an interval later.
    this.stopFollowing = this.options.registry.onChange?.(() => {
      if (!this.closed) void this.probeNew();
    });
    await this.probeAll();
    if (this.closed) return;
    this.timer = setInterval(() => void this.probeAll(), this.options.intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopFollowing?.();
    await this.round;
    await Promise.all(this.probing.values());
    this.listeners.clear();
    await this.agent.close().catch(() => undefined);
  }

  /** Unknown instances are healthy until their first probe (or reported call) fails. */
  isHealthy(id: string): boolean {
    return this.states.get(id)?.healthy ?? true;
  }

  snapshot(): Record<string, InstanceHealth> {
    const out: Record<string, InstanceHealth> = {};
    for (const [id, s] of this.states) {
      out[id] = {
        healthy: s.healthy,
        consecutiveFailures: s.consecutiveFailures,
        ...(s.lastCheckedAt !== undefined ? { lastCheckedAt: s.lastCheckedAt } : {}),
        ...(s.lastError !== undefined ? { lastError: s.lastError } : {}),
        ...(s.latencyMs !== undefined ? { latencyMs: s.latencyMs } : {}),
      };
    }
    return out;
  }

  /** Called with an instance id and its new state whenever it goes up or down. */
  onChange(listener: (id: string, healthy: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A passive report from a failed call: counts as one failed probe. */
  markDown(id: string, reason: string): void {
    this.record(id, { ok: false, error: reason });
  }

  /**
   * One round: every instance probed in parallel, each bounded by the timeout. Rounds never
   * overlap (a round still running is returned instead of starting another).
   */
  probeAll(): Promise<void> {
    if (this.round) return this.round;
    const instances = this.options.registry.all();
    // Instances that left the registry are forgotten, so one coming back starts fresh.
    const present = new Set(instances.map(instanceId));
    for (const id of this.states.keys()) if (!present.has(id)) this.states.delete(id);
    // An instance already being probed as new is not probed twice (it would count twice).
    const due = instances.filter((r) => !this.probing.has(instanceId(r)));
    this.round = Promise.all(due.map((r) => this.probe(r)))
      .then(() => undefined)
      .finally(() => {
        this.round = undefined;
      });
    return this.round;
  }

  /** Probes the listed instances that have no state yet (just registered), outside the rounds. */
  private probeNew(): void {
    for (const instance of this.options.registry.all()) {
      const id = instanceId(instance);
      if (this.states.has(id) || this.probing.has(id)) continue;
      this.probing.set(
        id,
        this.probe(instance).finally(() => this.probing.delete(id)),
      );
    }
  }

  private async probe(instance: InstanceRecord): Promise<void> {
    const id = instanceId(instance);
    const started = performance.now();
    let result: { ok: true; latencyMs: number } | { ok: false; error: string };
    try {
      const response = await request(`${instance.url}/health/ready`, {
        method: 'GET',
        dispatcher: this.agent,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        // Bounds the whole probe, connection included.
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: this.options.token ? { authorization: `Bearer ${this.options.token}` } : {},
      });
      // The body is read (and dropped) so the connection goes back to the pool.
      await response.body.dump();
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      result =
        response.statusCode >= 200 && response.statusCode < 300
          ? { ok: true, latencyMs }
          : { ok: false, error: `HTTP ${response.statusCode}` };
    } catch (error) {
      result = { ok: false, error: describe(error) };
    }
    if (this.closed) return;
    this.record(id, result);
  }

  private record(id: string, result: { ok: true; latencyMs: number } | { ok: false; error: string }): void {
    const state: State = this.states.get(id) ?? {
      healthy: true,
      consecutiveFailures: 0,
      consecutiveSuccesses: 0,
      everSucceeded: false,
    };
    this.states.set(id, state);
    const wasHealthy = state.healthy;
    state.lastCheckedAt = new Date(this.now()).toISOString();
    if (result.ok) {
      state.consecutiveFailures = 0;
      state.consecutiveSuccesses++;
      state.everSucceeded = true;
      state.latencyMs = result.latencyMs;
      delete state.lastError;
      if (!state.healthy && state.consecutiveSuccesses >= this.healthyAfter) state.healthy = true;
    } else {
      state.consecutiveSuccesses = 0;
      state.consecutiveFailures++;
      state.lastError = result.error;
      if (state.healthy && (!state.everSucceeded || state.consecutiveFailures >= this.options.unhealthyAfter))
        state.healthy = false;
    }
    if (state.healthy === wasHealthy) return;
    this.options.logger[state.healthy ? 'info' : 'warn'](
      { instance: id, consecutiveFailures: state.consecutiveFailures, error: state.lastError },
      state.healthy ? 'discovery: instance is up' : 'discovery: instance is down',
    );
    for (const listener of [...this.listeners]) {
      try {
        listener(id, state.healthy);
      } catch (error) {
        this.options.logger.error({ err: error, instance: id }, 'discovery: health listener threw');
      }
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
