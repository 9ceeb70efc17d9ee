import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceLabel } from '../../src/orchestrator/remote/remote-client.js';
import { privateSchema } from '../helpers/postgres.js';
import { freePort, pingable, startRedis, stopRedis, waitFor } from '../helpers/private-redis.js';
import { type ServeProcess, startServe } from '../helpers/process.js';
import { randomKey } from '../helpers/server.js';
import { requirePostgresUrl } from '../helpers/services.js';

/**
 * Distributed mode with real processes on loopback: three gateways (MODE=gateway) and two
 * SecurityGuard services (MODE=securityguard) sharing one PostgreSQL schema and one Redis (a
 * private redis-server, so the discovery keys of this test meet no other test's). The services
 * register themselves by heartbeat; the gateways discover, balance, break and retry.
 */
const TOKEN = 'distributed-service-token-0123456789abcdef';
const BREAKER_FAILURES = 2;
const ADMIN_KEY = randomKey();
const TEXT = 'Please summarize the attached quarterly report in three bullet points.';

let schema: Awaited<ReturnType<typeof privateSchema>>;
let redis: ChildProcess;
let redisUrl: string;
const gateways: ServeProcess[] = [];
const services: ServeProcess[] = [];
const servicePorts: number[] = [];

const serviceEnv = (port: number) => ({
  MODE: 'securityguard',
  SERVICE_TOKEN: TOKEN,
  SERVICE_ADVERTISE_URL: `http://127.0.0.1:${port}`,
  DISCOVERY_TTL_SECONDS: '3',
  DATABASE_URL: schema.url,
  REDIS_URL: redisUrl,
  JWT_SECRET: 'distributed-jwt-secret-0123456789abcdefgh',
});

const startService = (port: number) => startServe(serviceEnv(port), { port, timeoutMs: 180_000 });

type Outcome = { gateway: number; status: number; served?: string };

/** One /process call through gateway `g`. */
async function process(g: number, key = ADMIN_KEY): Promise<Outcome> {
  const gateway = gateways[g] as ServeProcess;
  const res = await fetch(`${gateway.url}/api/v1/guards/process`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ service_type: 'securityguard', payload: { text: TEXT } }),
  });
  const body = (await res.json()) as { service_used?: string };
  return { gateway: g, status: res.status, ...(body.service_used ? { served: body.service_used } : {}) };
}

/** The SecurityGuard instances gateway `g` can call, from its /health (labels, health, breaker). */
async function instancesSeenBy(g: number): Promise<{ label: string; healthy: boolean; breaker: string }[]> {
  const res = await fetch(`${(gateways[g] as ServeProcess).url}/health`, {
    headers: { 'x-api-key': ADMIN_KEY },
  });
  const body = (await res.json()) as {
    guards: Record<string, { instances?: { label: string; healthy: boolean; breaker: string }[] }>;
  };
  return body.guards.securityguard?.instances ?? [];
}

beforeAll(async () => {
  schema = await privateSchema(await requirePostgresUrl());
  const redisPort = await freePort();
  redis = startRedis(redisPort);
  await waitFor(() => pingable(redisPort), 10_000, 'the private redis-server');
  redisUrl = `redis://127.0.0.1:${redisPort}`;
  const gatewayEnv = {
    MODE: 'gateway',
    SERVICE_TOKEN: TOKEN,
    DATABASE_URL: schema.url,
    REDIS_URL: redisUrl,
    JWT_SECRET: 'distributed-jwt-secret-0123456789abcdefgh',
    BOOTSTRAP_ADMIN_EMAIL: 'admin@example.com',
    BOOTSTRAP_ADMIN_PASSWORD: 'correct horse battery staple',
    BOOTSTRAP_API_KEY: ADMIN_KEY,
    DISCOVERY_TTL_SECONDS: '3',
    DISCOVERY_REFRESH_MS: '300',
    HEALTH_CHECK_INTERVAL_MS: '300',
    HEALTH_UNHEALTHY_AFTER: '1',
    GUARD_BREAKER_FAILURES: String(BREAKER_FAILURES),
    GUARD_BREAKER_HALF_OPEN_MS: '1000',
    RATE_LIMIT_ADMIN_PER_MINUTE: '1000',
    // The load test's key runs on the enterprise tier; the class limit would stop it first.
    RATE_LIMIT_PROCESSING_PER_MINUTE: '100000',
  };
  // The first gateway creates the schema and the bootstrap admin; the rest join it.
  gateways.push(await startServe(gatewayEnv, { timeoutMs: 180_000 }));
  servicePorts.push(await freePort(), await freePort());
  services.push(...(await Promise.all(servicePorts.map(startService))));
  gateways.push(...(await Promise.all([1, 2].map(() => startServe(gatewayEnv, { timeoutMs: 180_000 })))));
  // Every gateway discovers both services through their heartbeats.
  for (const g of [0, 1, 2]) {
    await waitFor(
      async () => (await instancesSeenBy(g)).filter((i) => i.healthy).length === 2,
      30_000,
      `gateway ${g} to see both SecurityGuard instances`,
    );
  }
}, 600_000);

afterAll(async () => {
  await Promise.all([...gateways, ...services].map((p) => p.stop()));
  await stopRedis(redis);
  await schema?.dispose();
});

describe('distributed mode: 3 gateways, 2 SecurityGuard services, shared PostgreSQL and Redis', () => {
  it('balances the calls over both services from every gateway', async () => {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 30; i++) outcomes.push(await process(i % 3));
    expect(outcomes.every((o) => o.status === 200)).toBe(true);
    const labels = new Set(outcomes.map((o) => o.served));
    expect(labels.size).toBe(2);
    for (const label of labels) expect(label).toMatch(/^securityguard@[0-9a-f]{8}$/);
  });

  it('survives a killed service: failures stay within the breaker trips, traffic moves, the service rejoins', async () => {
    const victim = instanceLabel('securityguard', `http://127.0.0.1:${servicePorts[0]}`);
    const survivor = instanceLabel('securityguard', `http://127.0.0.1:${servicePorts[1]}`);
    expect((await instancesSeenBy(0)).map((i) => i.label).sort()).toEqual([victim, survivor].sort());

    // Steady load: four callers, each cycling over the three gateways.
    const outcomes: (Outcome & { at: number })[] = [];
    let running = true;
    let killedAt = Number.POSITIVE_INFINITY;
    const caller = async (offset: number) => {
      for (let i = offset; running; i++) {
        const sent = Date.now();
        const outcome = await process(i % 3).catch(() => ({ gateway: i % 3, status: 0 }));
        outcomes.push({ ...outcome, at: sent });
        // About 40 calls a second in all: steady, and within the enterprise tier's burst.
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const callers = [0, 1, 2, 3].map(caller);
    await new Promise((r) => setTimeout(r, 1500));
    killedAt = Date.now();
    await services[0]?.kill();
    await new Promise((r) => setTimeout(r, 4000));

    // The killed service comes back on its address and registers itself again.
    const restartedAt = Date.now();
    services[0] = await startService(servicePorts[0] as number);
    const back = Date.now();
    await waitFor(
      () => outcomes.some((o) => o.at > back && o.served === victim),
      60_000,
      'traffic to reach the restarted service',
    );
    running = false;
    await Promise.all(callers);

    const failed = outcomes.filter((o) => o.status !== 200);
    const statuses = [...new Set(failed.map((o) => o.status))].join(',');
    // Calls that reached the dead service are retried on the live one; at worst each gateway's
    // breaker trips before it opens (BREAKER_FAILURES per gateway), never more.
    expect(failed.length, `failed: ${statuses}`).toBeLessThanOrEqual(3 * BREAKER_FAILURES);
    const whileDown = outcomes.filter((o) => o.at > killedAt + 1000 && o.at < restartedAt);
    expect(whileDown.length).toBeGreaterThan(10);
    expect(whileDown.every((o) => o.served === survivor)).toBe(true);
    console.info(
      `distributed failover: ${outcomes.length} calls, ${failed.length} failed, ${whileDown.length} served by the survivor while the other was down`,
    );
  }, 180_000);

  it('keeps a rate limit exact across the three gateways', async () => {
    const created = await fetch(`${(gateways[0] as ServeProcess).url}/api/v1/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
      body: JSON.stringify({ name: 'limited', rate_limit_per_minute: 30 }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    // One at a time, in turn over the gateways: each gateway alone would admit all 45 (30 each).
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 45; i++) outcomes.push(await process(i % 3, key));
    expect(outcomes.slice(0, 30).every((o) => o.status === 200)).toBe(true);
    expect(outcomes.slice(30).every((o) => o.status === 429)).toBe(true);
  }, 60_000);
});
