import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { GuardContext } from '../../guards/contract.js';
import { Deadline, withDeadline } from '../deadline.js';
import { createBalancer } from './balancer.js';
import type { InstanceRecord } from './instance.js';
import { type HealthSource, RemoteGuardClient } from './remote-client.js';
import { GuardServiceTransport } from './transport.js';

/**
 * The remote client's resilience against guard "services" on loopback whose behaviour each test
 * sets: answer, fail with 500, hang, or drop the connection. (The contract suite runs the real
 * services; these are the failures a real service cannot be asked to produce on demand.)
 */
type Behaviour = 'ok' | 'error' | 'hang' | 'drop';

interface FakeService {
  url: string;
  behaviour: Behaviour;
  calls: number;
  server: Server;
}

const services: FakeService[] = [];
const transports: GuardServiceTransport[] = [];

async function service(behaviour: Behaviour): Promise<FakeService> {
  const state = { behaviour, calls: 0 } as FakeService;
  state.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      state.calls++;
      if (state.behaviour === 'hang') return;
      if (state.behaviour === 'drop') {
        res.socket?.destroy();
        return;
      }
      if (state.behaviour === 'error') {
        res.writeHead(500, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ code: 'INTERNAL', detail: 'boom' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          guard: 'echoguard',
          verdict: 'allow',
          score: 0,
          findings: [],
          data: { port: port() },
        }),
      );
    });
  });
  const port = () => (state.server.address() as AddressInfo).port;
  state.server.listen(0, '127.0.0.1');
  await once(state.server, 'listening');
  state.url = `http://127.0.0.1:${port()}`;
  services.push(state);
  return state;
}

afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  for (const s of services) {
    s.server.closeAllConnections();
    s.server.close();
  }
});

const record = (url: string): InstanceRecord => ({
  guard: 'echoguard',
  url,
  weight: 1,
  source: 'static',
  draining: false,
});

function client(
  targets: FakeService[],
  options: {
    idempotent?: boolean;
    retries?: number;
    concurrency?: number;
    queue?: number;
    failures?: number;
    draining?: string;
  } = {},
) {
  const down: string[] = [];
  const health: HealthSource = { isHealthy: () => true, markDown: (id) => down.push(id) };
  const transport = new GuardServiceTransport({
    connections: 4,
    token: 'test-token-test-token-test-token-1',
  });
  transports.push(transport);
  const remote = new RemoteGuardClient({
    guard: {
      name: 'echoguard',
      description: 'echo',
      payloadSchema: z.object({ text: z.string() }),
      ...(options.idempotent === false ? { idempotent: false } : {}),
    },
    instances: {
      instances: () => targets.map((t) => ({ ...record(t.url), draining: t.url === options.draining })),
    },
    health,
    transport,
    balancer: createBalancer('round-robin'),
    breakerFailures: options.failures ?? 2,
    halfOpenAfterMs: 60_000,
    retries: options.retries ?? 2,
    concurrency: options.concurrency ?? 100,
    queue: options.queue ?? 0,
    defaultTimeoutMs: 600_000,
    logger: pino({ level: 'silent' }),
  });
  return { remote, down };
}

const deadlines: Deadline[] = [];
afterEach(() => {
  for (const d of deadlines.splice(0)) d.clear();
});

function ctx(ms = 2000): GuardContext {
  const deadline = new Deadline(ms);
  deadlines.push(deadline);
  return withDeadline(
    {
      requestId: 'r',
      logger: pino({ level: 'silent' }),
      get signal() {
        return deadline.signal;
      },
    } as GuardContext,
    deadline,
  );
}

describe('RemoteGuardClient', () => {
  it('retries a failed idempotent call on another instance', async () => {
    const broken = await service('error');
    const good = await service('ok');
    const { remote, down } = client([broken, good]);
    for (let i = 0; i < 4; i++) {
      const result = await remote.check({ text: 'x' }, ctx());
      expect(result.verdict).toBe('allow');
    }
    expect(good.calls).toBe(4);
    expect(down.length).toBeGreaterThan(0);
  });

  it("opens an instance's breaker after the failures in a row, and sends it nothing while open", async () => {
    const broken = await service('drop');
    const good = await service('ok');
    const { remote } = client([broken, good], { failures: 2 });
    for (let i = 0; i < 10; i++) await remote.check({ text: 'x' }, ctx());
    // Round robin would have sent it 5: the breaker stopped it after 2.
    expect(broken.calls).toBe(2);
    expect(remote.status().find((s) => s.url === broken.url)?.breaker).toBe('open');
    expect(remote.status().find((s) => s.url === good.url)?.breaker).toBe('closed');
  });

  it('does not repeat a call that may have run when the guard is not idempotent', async () => {
    const dropping = await service('drop');
    const good = await service('ok');
    const { remote } = client([dropping, good], { idempotent: false, failures: 100 });
    const outcomes = await Promise.allSettled([0, 1, 2, 3].map(() => remote.check({ text: 'x' }, ctx())));
    const failed = outcomes.filter((o) => o.status === 'rejected');
    // Every call the dropping instance took failed; none was repeated on the good one.
    expect(failed.length).toBe(dropping.calls);
    expect(good.calls).toBe(4 - dropping.calls);
    for (const f of failed)
      expect((f as PromiseRejectedResult).reason).toMatchObject({ code: 'GUARD_UNAVAILABLE' });
  });

  it('stops at the deadline: GUARD_TIMEOUT, not a wait for the service', async () => {
    const hanging = await service('hang');
    const { remote } = client([hanging]);
    // The service never answers: only the deadline can end this call (else the test times out).
    await expect(remote.check({ text: 'x' }, ctx(150))).rejects.toMatchObject({ code: 'GUARD_TIMEOUT' });
  });

  it('refuses calls past the bulkhead with GUARD_UNAVAILABLE and Retry-After', async () => {
    const hanging = await service('hang');
    const { remote } = client([hanging], { concurrency: 1, queue: 0 });
    const first = remote.check({ text: 'x' }, ctx(300)).catch((e: unknown) => e);
    const second = await remote.check({ text: 'x' }, ctx(300)).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AppError);
    expect(second).toMatchObject({ code: 'GUARD_UNAVAILABLE', extra: { retry_after: 60 } });
    expect(await first).toMatchObject({ code: 'GUARD_TIMEOUT' });
  });

  it('sends a draining instance no new calls', async () => {
    const leaving = await service('ok');
    const staying = await service('ok');
    const { remote } = client([leaving, staying], { draining: leaving.url });
    for (let i = 0; i < 6; i++) await remote.check({ text: 'x' }, ctx());
    expect(leaving.calls).toBe(0);
    expect(staying.calls).toBe(6);
    expect((await remote.health()).status).toBe('degraded');
  });

  it('says it is unhealthy, with every instance, when none can be called', async () => {
    const broken = await service('drop');
    const { remote } = client([broken], { failures: 1, retries: 0 });
    await expect(remote.check({ text: 'x' }, ctx())).rejects.toMatchObject({ code: 'GUARD_UNAVAILABLE' });
    const health = await remote.health();
    expect(health.status).toBe('unhealthy');
    expect(health.instances).toEqual([expect.objectContaining({ breaker: 'open', url: broken.url })]);
  });
});
