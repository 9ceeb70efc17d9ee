import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStaticInstances } from '../../src/orchestrator/remote/instance.js';
import { Heartbeat, InstanceRegistry } from '../../src/orchestrator/remote/registry.js';
import { RedisKeyValueStore } from '../../src/storage/kv/redis.js';
import { requireRedisUrl } from '../helpers/services.js';

const logger = pino({ level: 'silent' });

/**
 * Two gateway replicas (two registries, each with its own Redis connection) and a guard service's
 * heartbeat on the machine's Redis. A private namespace keeps parallel runs apart.
 */
describe('instance registry shared by two replicas on the real Redis', () => {
  const namespace = `discovery-test-${randomBytes(6).toString('hex')}`;
  let kvA: RedisKeyValueStore;
  let kvB: RedisKeyValueStore;
  let kvService: RedisKeyValueStore;
  let a: InstanceRegistry;
  let b: InstanceRegistry;

  const replica = (kv: RedisKeyValueStore) =>
    new InstanceRegistry({
      kv,
      logger,
      namespace,
      guards: ['securityguard', 'tokenguard'],
      staticInstances: parseStaticInstances('securityguard', 'http://static-1:8005'),
      ttlSeconds: 15,
      // Long: changes must arrive through the channel, not the poll.
      refreshMs: 600_000,
    });

  beforeAll(async () => {
    const url = await requireRedisUrl();
    kvA = RedisKeyValueStore.connect(url, logger);
    kvB = RedisKeyValueStore.connect(url, logger);
    kvService = RedisKeyValueStore.connect(url, logger);
    await Promise.all([
      kvA.waitForConnection(5000),
      kvB.waitForConnection(5000),
      kvService.waitForConnection(5000),
    ]);
    a = replica(kvA);
    b = replica(kvB);
    await a.start();
    await b.start();
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    const keys = [...(await kvA.keys(`${namespace}:`)), ...(await kvA.keys(`${namespace}-drain:`))];
    for (const key of [...keys, `${namespace}-version`]) await kvA.del(key);
    await kvA?.close();
    await kvB?.close();
    await kvService?.close();
  });

  it('a registration on one replica is seen by the other through the change channel', async () => {
    await a.register({ guard: 'securityguard', url: 'http://10.1.0.2:8005', weight: 5 });
    await expect
      .poll(() => b.instances('securityguard').map((r) => [r.url, r.weight, r.source]), { timeout: 10_000 })
      .toEqual([
        ['http://static-1:8005', 1, 'static'],
        ['http://10.1.0.2:8005', 5, 'dynamic'],
      ]);
    // The key carries the TTL in Redis.
    const keys = await kvB.keys(`${namespace}:securityguard:`);
    expect(keys).toHaveLength(1);
    const ttl = await kvB.ttl(keys[0] ?? '');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(15);
  });

  it('a drain on one replica (static or dynamic) is seen by the other', async () => {
    await a.drain('securityguard', 'http://static-1:8005');
    await expect
      .poll(() => b.active('securityguard').map((r) => r.url), { timeout: 10_000 })
      .toEqual(['http://10.1.0.2:8005']);
    await b.drain('securityguard', 'http://static-1:8005', false);
    await expect.poll(() => a.active('securityguard').length, { timeout: 10_000 }).toBe(2);
  });

  it('a guard service heartbeat registers, and its stop deregisters, on both replicas', async () => {
    const beat = new Heartbeat({
      kv: kvService,
      namespace,
      guard: 'tokenguard',
      url: 'http://10.1.0.9:8001',
      ttlSeconds: 15,
      logger,
    });
    await beat.start();
    for (const r of [a, b])
      await expect
        .poll(() => r.instances('tokenguard').map((x) => x.url), { timeout: 10_000 })
        .toEqual(['http://10.1.0.9:8001']);
    await beat.stop();
    for (const r of [a, b])
      await expect.poll(() => r.instances('tokenguard'), { timeout: 10_000 }).toEqual([]);
  });

  it('a removal on one replica is seen by the other; a static one is refused', async () => {
    expect(await b.remove('securityguard', 'http://10.1.0.2:8005')).toBe('removed');
    await expect
      .poll(() => a.instances('securityguard').map((r) => r.url), { timeout: 10_000 })
      .toEqual(['http://static-1:8005']);
    expect(await a.remove('securityguard', 'http://static-1:8005')).toBe('static');
  });

  it('a TTL that runs out removes the instance from every replica (the poll is the backstop)', async () => {
    const c = new InstanceRegistry({
      kv: kvB,
      logger,
      namespace,
      guards: ['securityguard', 'tokenguard'],
      staticInstances: [],
      ttlSeconds: 15,
      refreshMs: 200,
    });
    await c.start();
    try {
      const seen: number[] = [];
      c.onChange(() => seen.push(c.instances('tokenguard').length));
      await a.register({ guard: 'tokenguard', url: 'http://short-lived:8001' }, 3);
      // It was listed (the channel brought it), then dropped once Redis expired it.
      await expect.poll(() => seen, { timeout: 10_000 }).toEqual([1, 0]);
      expect(await kvB.keys(`${namespace}:tokenguard:`)).toEqual([]);
    } finally {
      await c.close();
    }
  });
});
