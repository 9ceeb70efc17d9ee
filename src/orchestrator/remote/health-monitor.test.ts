import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../storage/kv/memory.js';
import { HealthMonitor } from './health-monitor.js';
import { type InstanceRecord, instanceId } from './instance.js';
import { InstanceRegistry } from './registry.js';

const logger = pino({ level: 'silent' });

/** A tiny guard service stand-in on loopback whose /health/ready answer the test switches. */
async function fakeService() {
  const state = { status: 200, hang: false, requests: [] as { url: string; authorization?: string }[] };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.requests.push({
      url: req.url ?? '',
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    if (state.hang) return; // never answers: the probe's timeout must end it
    res.writeHead(req.url === '/health/ready' ? state.status : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: state.status === 200 ? 'ready' : 'not ready' }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    state,
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const record = (url: string): InstanceRecord => ({
  guard: 'securityguard',
  url,
  weight: 1,
  source: 'static',
  draining: false,
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function monitor(
  instances: InstanceRecord[],
  extra: Partial<ConstructorParameters<typeof HealthMonitor>[0]> = {},
) {
  const m = new HealthMonitor({
    registry: { all: () => instances },
    logger,
    // Long: the tests run rounds themselves with probeAll(), so nothing depends on timer speed.
    intervalMs: 60_000,
    timeoutMs: 300,
    unhealthyAfter: 2,
    ...extra,
  });
  cleanups.push(() => m.close());
  return m;
}

describe('HealthMonitor against a real HTTP server on loopback', () => {
  it('marks an instance down after consecutive failures and up again when it answers', async () => {
    const svc = await fakeService();
    cleanups.push(svc.close);
    const id = instanceId(record(svc.url));
    const m = monitor([record(svc.url)], { token: 's3cret' });
    const changes: [string, boolean][] = [];
    m.onChange((i, healthy) => changes.push([i, healthy]));

    expect(m.isHealthy(id)).toBe(true);
    await m.start();
    expect(m.isHealthy(id)).toBe(true);
    expect(m.snapshot()[id]).toMatchObject({ healthy: true, consecutiveFailures: 0 });
    expect(m.snapshot()[id]?.latencyMs).toBeGreaterThan(0);
    expect(svc.state.requests[0]).toEqual({ url: '/health/ready', authorization: 'Bearer s3cret' });

    svc.state.status = 503;
    await m.probeAll();
    // One failure of a proven instance is not enough (the count is the retry).
    expect(m.isHealthy(id)).toBe(true);
    expect(m.snapshot()[id]).toMatchObject({ healthy: true, consecutiveFailures: 1, lastError: 'HTTP 503' });
    await m.probeAll();
    expect(m.isHealthy(id)).toBe(false);
    expect(m.snapshot()[id]?.consecutiveFailures).toBe(2);

    svc.state.status = 200;
    await m.probeAll();
    expect(m.isHealthy(id)).toBe(true);
    expect(m.snapshot()[id]?.lastError).toBeUndefined();
    expect(changes).toEqual([
      [id, false],
      [id, true],
    ]);

    // The process goes away: connection refused counts as failures too.
    await svc.close();
    await m.probeAll();
    await m.probeAll();
    expect(m.isHealthy(id)).toBe(false);
    expect(m.snapshot()[id]?.lastError).toMatch(/ECONNREFUSED|closed|socket/i);
  });

  it('a probe that never answers ends at the timeout and counts as a failure', async () => {
    const svc = await fakeService();
    cleanups.push(svc.close);
    svc.state.hang = true;
    const id = instanceId(record(svc.url));
    const m = monitor([record(svc.url)], { timeoutMs: 200 });
    await m.probeAll();
    // Never seen healthy: down at the first failure.
    expect(m.isHealthy(id)).toBe(false);
    expect(m.snapshot()[id]?.lastError).toMatch(/timed out|timeout/i);
  });

  it('healthyAfter successes are needed to come back', async () => {
    const svc = await fakeService();
    cleanups.push(svc.close);
    const id = instanceId(record(svc.url));
    const m = monitor([record(svc.url)], { unhealthyAfter: 1, healthyAfter: 2 });
    await m.probeAll();
    svc.state.status = 500;
    await m.probeAll();
    expect(m.isHealthy(id)).toBe(false);
    svc.state.status = 200;
    await m.probeAll();
    expect(m.isHealthy(id)).toBe(false);
    await m.probeAll();
    expect(m.isHealthy(id)).toBe(true);
  });

  it('markDown counts as one failure; an unknown instance is healthy until its first failure', async () => {
    const svc = await fakeService();
    cleanups.push(svc.close);
    const id = instanceId(record(svc.url));
    const m = monitor([record(svc.url)]);
    await m.probeAll();
    m.markDown(id, 'call failed: ECONNRESET');
    expect(m.isHealthy(id)).toBe(true);
    expect(m.snapshot()[id]).toMatchObject({ consecutiveFailures: 1, lastError: 'call failed: ECONNRESET' });
    m.markDown(id, 'call failed again');
    expect(m.isHealthy(id)).toBe(false);

    expect(m.isHealthy('securityguard@http://never-seen:1')).toBe(true);
    m.markDown('securityguard@http://never-seen:1', 'refused');
    expect(m.isHealthy('securityguard@http://never-seen:1')).toBe(false);
  });

  it('probes every instance in parallel, forgets removed ones, and a listener that throws changes nothing', async () => {
    const up = await fakeService();
    const down = await fakeService();
    cleanups.push(up.close, down.close);
    down.state.status = 503;
    const instances = [record(up.url), record(down.url)];
    const m = monitor(instances);
    m.onChange(() => {
      throw new Error('listener bug');
    });
    await m.probeAll();
    expect(m.isHealthy(instanceId(instances[0] as InstanceRecord))).toBe(true);
    expect(m.isHealthy(instanceId(instances[1] as InstanceRecord))).toBe(false);
    instances.pop();
    await m.probeAll();
    expect(Object.keys(m.snapshot())).toEqual([instanceId(record(up.url))]);
  });

  it('start runs rounds on its interval until closed', async () => {
    const svc = await fakeService();
    cleanups.push(svc.close);
    const m = monitor([record(svc.url)], { intervalMs: 20 });
    await m.start();
    await expect.poll(() => svc.state.requests.length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    await m.close();
    const after = svc.state.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(svc.state.requests.length).toBe(after);
  });
});

describe('HealthMonitor following an InstanceRegistry', () => {
  it('probes a newly registered instance at once, not an interval later', async () => {
    const svc = await fakeService();
    cleanups.push(svc.close);
    svc.state.status = 503;
    const kv = new MemoryKeyValueStore();
    const registry = new InstanceRegistry({
      kv,
      logger,
      guards: ['securityguard'],
      staticInstances: [],
      ttlSeconds: 15,
      refreshMs: 60_000,
    });
    cleanups.push(
      () => kv.close(),
      () => registry.close(),
    );
    await registry.start();
    const m = new HealthMonitor({ registry, logger, intervalMs: 600_000, timeoutMs: 300, unhealthyAfter: 2 });
    cleanups.push(() => m.close());
    await m.start();
    expect(svc.state.requests).toEqual([]);
    await registry.register({ guard: 'securityguard', url: svc.url });
    const id = instanceId(record(svc.url));
    // Never seen healthy and failing: down after its first probe, long before the next round.
    await expect.poll(() => m.isHealthy(id), { timeout: 5000 }).toBe(false);
    expect(svc.state.requests).toHaveLength(1);
  });
});
