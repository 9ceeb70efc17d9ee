import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** A guard instance as the gauges show it (MODE=gateway). */
export interface InstanceGaugeRow {
  guard: string;
  instance: string;
  healthy: boolean;
  breaker: 'closed' | 'half-open' | 'open';
}

const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * Prometheus metrics of one gateway process. A registry per app (not the global one) so tests and
 * several in-process apps never collide.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly guardCalls = new Counter({
    name: 'guard_calls_total',
    help: 'Guard calls by guard and verdict (error when the guard failed)',
    labelNames: ['guard', 'verdict'] as const,
    registers: [this.registry],
  });

  readonly guardDuration = new Histogram({
    name: 'guard_call_duration_seconds',
    help: 'Guard call latency by guard and verdict',
    labelNames: ['guard', 'verdict'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  // Distributed mode: calls to guard services, per instance, and the fallbacks.
  readonly guardRemoteCalls = new Counter({
    name: 'guard_remote_calls_total',
    help: 'Calls to guard service instances by outcome (ok, caller_error, timeout, failure, rejected by the breaker)',
    labelNames: ['guard', 'instance', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly guardRemoteDuration = new Histogram({
    name: 'guard_remote_call_duration_seconds',
    help: 'Latency of calls to guard service instances, network included',
    labelNames: ['guard', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly guardFallbacks = new Counter({
    name: 'guard_fallback_total',
    help: 'Calls the in-process guard answered because no instance of its service did',
    labelNames: ['guard'] as const,
    registers: [this.registry],
  });

  /** Where the instance gauges read their rows at scrape time (set in MODE=gateway). */
  private instanceRows: () => InstanceGaugeRow[] = () => [];

  readonly guardInstanceUp = new Gauge({
    name: 'guard_instance_up',
    help: '1 when the health monitor last found the guard instance ready, else 0',
    labelNames: ['guard', 'instance'] as const,
    registers: [this.registry],
    collect: () => {
      this.guardInstanceUp.reset();
      for (const r of this.instanceRows())
        this.guardInstanceUp.set({ guard: r.guard, instance: r.instance }, r.healthy ? 1 : 0);
    },
  });

  readonly guardInstanceBreaker = new Gauge({
    name: 'guard_instance_breaker_state',
    help: "State of the gateway's circuit breaker for the guard instance: 0 closed, 1 half-open, 2 open",
    labelNames: ['guard', 'instance'] as const,
    registers: [this.registry],
    collect: () => {
      this.guardInstanceBreaker.reset();
      for (const r of this.instanceRows())
        this.guardInstanceBreaker.set({ guard: r.guard, instance: r.instance }, BREAKER_VALUE[r.breaker]);
    },
  });

  /** Reads the instance gauges from `rows` at every scrape. */
  watchInstances(rows: () => InstanceGaugeRow[]): void {
    this.instanceRows = rows;
  }

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }
}
