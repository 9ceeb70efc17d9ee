import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { balanceOf, staticInstancesOf } from '../config.js';
import type { AnyGuardModule } from '../guards/module.js';
import type { Metrics } from '../observability/metrics.js';
import type { GuardClient } from '../orchestrator/client.js';
import { createBalancer } from '../orchestrator/remote/balancer.js';
import { HealthMonitor } from '../orchestrator/remote/health-monitor.js';
import { InstanceRegistry } from '../orchestrator/remote/registry.js';
import { RemoteGuardClient } from '../orchestrator/remote/remote-client.js';
import { GuardServiceTransport } from '../orchestrator/remote/transport.js';
import type { KeyValueStore } from '../storage/kv/types.js';

/**
 * The guards of MODE=gateway: a remote client per guard module over one registry (static URLs
 * from the environment plus instances that register themselves in the shared key-value store),
 * one health monitor and one keep-alive transport. `fallbacks` are in-process clients of the
 * guards GUARD_FALLBACK_LOCAL names.
 */
export interface RemoteGuards {
  clients: RemoteGuardClient[];
  registry: InstanceRegistry;
  monitor: HealthMonitor;
  /** Health, breaker and load of one instance, for the discovery routes. */
  status(id: string): Record<string, unknown>;
  close(): Promise<void>;
}

export async function buildRemoteGuards(deps: {
  config: Config;
  modules: readonly AnyGuardModule[];
  kv: KeyValueStore;
  logger: Logger;
  metrics: Metrics;
  fallbacks: ReadonlyMap<string, GuardClient>;
}): Promise<RemoteGuards> {
  const { config, modules, kv, logger, metrics, fallbacks } = deps;
  const token = config.SERVICE_TOKEN;
  // loadConfig refuses MODE=gateway without it; this keeps the type honest.
  if (!token) throw new Error('MODE=gateway needs SERVICE_TOKEN');
  const registry = new InstanceRegistry({
    kv,
    logger,
    guards: modules.map((m) => m.name),
    staticInstances: modules.flatMap((m) => staticInstancesOf(config, m.name)),
    ttlSeconds: config.DISCOVERY_TTL_SECONDS,
    refreshMs: config.DISCOVERY_REFRESH_MS,
  });
  await registry.start();
  const monitor = new HealthMonitor({
    registry,
    logger,
    intervalMs: config.HEALTH_CHECK_INTERVAL_MS,
    timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS,
    unhealthyAfter: config.HEALTH_UNHEALTHY_AFTER,
    token,
  });
  await monitor.start();
  const transport = new GuardServiceTransport({ connections: config.GUARD_REMOTE_CONNECTIONS, token });
  const clients = modules.map((module) => {
    const fallback = fallbacks.get(module.name);
    return new RemoteGuardClient({
      guard: module,
      instances: registry,
      health: monitor,
      transport,
      balancer: createBalancer(balanceOf(config, module.name)),
      breakerFailures: config.GUARD_BREAKER_FAILURES,
      halfOpenAfterMs: config.GUARD_BREAKER_HALF_OPEN_MS,
      retries: config.GUARD_RETRIES,
      concurrency: config.GUARD_REMOTE_CONCURRENCY,
      queue: config.GUARD_REMOTE_QUEUE,
      defaultTimeoutMs: config.GUARD_TIMEOUT_MS,
      logger,
      ...(fallback ? { fallback } : {}),
      events: {
        call: (guard, instance, outcome, seconds) => {
          metrics.guardRemoteCalls.inc({ guard, instance, outcome });
          metrics.guardRemoteDuration.observe({ guard, outcome }, seconds);
        },
        fallback: (guard, reason) => {
          metrics.guardFallbacks.inc({ guard });
          logger.warn({ guard, reason }, 'no guard instance answered: the in-process guard did');
        },
      },
    });
  });
  metrics.watchInstances(() =>
    clients.flatMap((c) =>
      c.status().map((s) => ({ guard: c.name, instance: s.label, healthy: s.healthy, breaker: s.breaker })),
    ),
  );
  // One line per guard that nothing can serve yet: what to set, and what its calls get meanwhile.
  for (const client of clients) {
    if (client.status().length > 0) continue;
    const variable = `GUARD_${client.name.toUpperCase()}_URLS`;
    const meanwhile = fallbacks.has(client.name)
      ? 'the in-process fallback answers its calls meanwhile'
      : 'its calls answer 503 GUARD_UNAVAILABLE until one registers';
    logger.warn(
      { guard: client.name },
      `${client.name}: no instance configured (${variable}) or registered yet; ${meanwhile}`,
    );
  }
  const byId = new Map<string, Record<string, unknown>>();
  return {
    clients,
    registry,
    monitor,
    status(id) {
      byId.clear();
      for (const c of clients) for (const s of c.status()) byId.set(s.id, { ...s });
      return byId.get(id) ?? { healthy: monitor.isHealthy(id) };
    },
    async close() {
      await monitor.close();
      await registry.close();
      await transport.close();
    },
  };
}
