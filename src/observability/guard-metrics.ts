import type { GuardCallObserver } from '../guards/contract.js';
import type { Metrics } from './metrics.js';

/** Counts every guard call by guard and verdict and records its latency. */
export const guardMetricsObserver =
  (metrics: Metrics): GuardCallObserver =>
  (call) => {
    const labels = { guard: call.guard, verdict: call.verdict };
    metrics.guardCalls.inc(labels);
    metrics.guardDuration.observe(labels, call.latencyMs / 1000);
  };
