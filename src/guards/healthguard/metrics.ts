import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Database } from '../../storage/db/types.js';
import type { CallVerdict } from '../contract.js';

/**
 * Gateway health: memory, CPU, event-loop lag and per-guard latency, error and verdict rates,
 * sampled every interval and stored in poisonguard_health_metrics. A verdict-drift alert fires
 * when a guard's block rate in the last interval sits far from its recent baseline, which can mean
 * poisoned inputs or a broken guard.
 */

export type { CallVerdict } from '../contract.js';

interface Window {
  calls: number;
  errors: number;
  allow: number;
  flag: number;
  block: number;
  latencySum: number;
  latencies: number[];
}

export interface GuardStats {
  calls: number;
  error_rate: number;
  block_rate: number;
  flag_rate: number;
  allow_rate: number;
  latency_mean_ms: number;
  latency_p95_ms: number;
}

export interface DriftAlert {
  guard: string;
  block_rate: number;
  baseline: number;
  z: number;
  message: string;
}

export interface HealthSample {
  sampled_at: string;
  rss_bytes: number;
  heap_used_bytes: number;
  cpu_percent: number;
  event_loop_lag_p50_ms: number;
  event_loop_lag_p99_ms: number;
  guards: Record<string, GuardStats>;
  alerts: DriftAlert[];
}

export interface DriftOptions {
  /** How many past intervals form the baseline. */
  window: number;
  /** An interval counts only with at least this many calls. */
  minCalls: number;
  /** The alert needs both a z-score and an absolute change this large. */
  minZ: number;
  minDelta: number;
}

const emptyWindow = (): Window => ({
  calls: 0,
  errors: 0,
  allow: 0,
  flag: 0,
  block: 0,
  latencySum: 0,
  latencies: [],
});
const MAX_LATENCIES = 2000;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

function stats(w: Window): GuardStats {
  const sorted = [...w.latencies].sort((a, b) => a - b);
  const n = Math.max(1, w.calls);
  return {
    calls: w.calls,
    error_rate: r3(w.errors / n),
    block_rate: r3(w.block / n),
    flag_rate: r3(w.flag / n),
    allow_rate: r3(w.allow / n),
    latency_mean_ms: r3(w.latencySum / n),
    latency_p95_ms: r3(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0),
  };
}

/** Decides whether `rate` (from `n` calls) drifted from the baseline rates. */
export function detectDrift(
  guard: string,
  rate: number,
  n: number,
  baseline: number[],
  opts: DriftOptions,
): DriftAlert | undefined {
  if (baseline.length < Math.min(3, opts.window) || n < opts.minCalls) return undefined;
  const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
  const variance = baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / baseline.length;
  // The spread is at least the binomial noise of an interval of n calls, so quiet guards do not alarm.
  const sd = Math.max(
    Math.sqrt(variance),
    Math.sqrt((Math.max(mean, 0.01) * (1 - Math.min(mean, 0.99))) / n),
    0.01,
  );
  const z = (rate - mean) / sd;
  if (Math.abs(z) < opts.minZ || Math.abs(rate - mean) < opts.minDelta) return undefined;
  return {
    guard,
    block_rate: r3(rate),
    baseline: r3(mean),
    z: Math.round(z * 10) / 10,
    message: `${guard} block rate ${(rate * 100).toFixed(1)}% vs baseline ${(mean * 100).toFixed(1)}% (z=${z.toFixed(1)}): possible poisoned inputs or a broken guard`,
  };
}

export class HealthMonitor {
  private windows = new Map<string, Window>();
  private readonly baselines = new Map<string, number[]>();
  private readonly loop = monitorEventLoopDelay({ resolution: 20 });
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private latest: HealthSample | undefined;

  constructor(
    private readonly db: Database | undefined,
    private readonly logger: Logger,
    private readonly drift: DriftOptions,
  ) {
    this.loop.enable();
  }

  /** Feeds one guard call; HealthGuard's module observes every guard call of the process with it. */
  recordGuardCall(guard: string, verdict: CallVerdict, latencyMs: number): void {
    let w = this.windows.get(guard);
    if (!w) {
      w = emptyWindow();
      this.windows.set(guard, w);
    }
    w.calls++;
    if (verdict === 'error') w.errors++;
    else w[verdict]++;
    w.latencySum += latencyMs;
    if (w.latencies.length < MAX_LATENCIES) w.latencies.push(latencyMs);
  }

  /** Live figures for the current interval, without closing it. */
  current(): HealthSample {
    return this.snapshot(false);
  }

  /** Closes the interval: computes figures and drift alerts, resets the counters, stores the row. */
  async sample(): Promise<HealthSample> {
    const s = this.snapshot(true);
    this.latest = s;
    for (const a of s.alerts) this.logger.warn({ alert: a }, 'healthguard verdict drift');
    if (this.db) {
      await this.db.query(
        `INSERT INTO poisonguard_health_metrics (sampled_at, rss_bytes, heap_used_bytes, cpu_percent, event_loop_lag_p50_ms, event_loop_lag_p99_ms, guards, alerts)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
        [
          s.sampled_at,
          s.rss_bytes,
          s.heap_used_bytes,
          s.cpu_percent,
          s.event_loop_lag_p50_ms,
          s.event_loop_lag_p99_ms,
          JSON.stringify(s.guards),
          JSON.stringify(s.alerts),
        ],
      );
    }
    return s;
  }

  lastSample(): HealthSample | undefined {
    return this.latest;
  }

  async history(from: Date, to: Date, limit: number): Promise<HealthSample[]> {
    if (!this.db) return this.latest ? [this.latest] : [];
    const rows = await this.db.query(
      `SELECT * FROM poisonguard_health_metrics WHERE sampled_at >= $1 AND sampled_at < $2 ORDER BY sampled_at DESC, id DESC LIMIT $3`,
      [from.toISOString(), to.toISOString(), limit],
    );
    const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    return rows.map((r) => ({
      sampled_at: r.sampled_at instanceof Date ? r.sampled_at.toISOString() : String(r.sampled_at),
      rss_bytes: Number(r.rss_bytes),
      heap_used_bytes: Number(r.heap_used_bytes),
      cpu_percent: Number(r.cpu_percent),
      event_loop_lag_p50_ms: Number(r.event_loop_lag_p50_ms),
      event_loop_lag_p99_ms: Number(r.event_loop_lag_p99_ms),
      guards: json(r.guards) as Record<string, GuardStats>,
      alerts: json(r.alerts) as DriftAlert[],
    }));
  }

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.sample().catch((err) => this.logger.error({ err }, 'healthguard metrics sample failed'));
    }, intervalMs);
    // Sampling must never keep the process alive.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.loop.disable();
  }

  private snapshot(reset: boolean): HealthSample {
    const mem = process.memoryUsage();
    const now = performance.now();
    const cpu = process.cpuUsage(this.lastCpu);
    const elapsedMs = Math.max(1, now - this.lastAt);
    const cpuPercent = r3(((cpu.user + cpu.system) / 1000 / elapsedMs) * 100);
    const p50 = this.loop.percentile(50) / 1e6;
    const p99 = this.loop.percentile(99) / 1e6;
    const guards: Record<string, GuardStats> = {};
    const alerts: DriftAlert[] = [];
    for (const [guard, w] of this.windows) {
      const st = stats(w);
      guards[guard] = st;
      if (!reset) continue;
      const base = this.baselines.get(guard) ?? [];
      const alert = detectDrift(guard, st.block_rate, w.calls, base, this.drift);
      if (alert) alerts.push(alert);
      if (w.calls >= this.drift.minCalls) {
        base.push(st.block_rate);
        if (base.length > this.drift.window) base.shift();
        this.baselines.set(guard, base);
      }
    }
    if (reset) {
      this.windows = new Map();
      this.lastCpu = process.cpuUsage();
      this.lastAt = now;
      this.loop.reset();
    }
    return {
      sampled_at: new Date().toISOString(),
      rss_bytes: mem.rss,
      heap_used_bytes: mem.heapUsed,
      cpu_percent: cpuPercent,
      event_loop_lag_p50_ms: r3(Number.isFinite(p50) ? p50 : 0),
      event_loop_lag_p99_ms: r3(Number.isFinite(p99) ? p99 : 0),
      guards,
      alerts,
    };
  }
}
