import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../storage/kv/memory.js';
import type { BackendStatus, KeyValueStore } from '../../storage/kv/types.js';
import { InstanceInputError, instanceId, parseStaticInstances } from './instance.js';
import { Heartbeat, InstanceRegistry } from './registry.js';

const logger = pino({ level: 'silent' });
const GUARDS = ['tokenguard', 'securityguard'] as const;

/** A clock the test moves by hand, shared by the store and the registry. */
function clock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(options: { staticUrls?: string; ttlSeconds?: number; kv?: KeyValueStore } = {}) {
  const time = clock();
  const kv = options.kv ?? new MemoryKeyValueStore(time.now);
  const make = () => {
    const registry = new InstanceRegistry({
      kv,
      logger,
      guards: GUARDS,
      staticInstances: parseStaticInstances('securityguard', options.staticUrls),
      ttlSeconds: options.ttlSeconds ?? 15,
      // Long: these tests drive refresh() themselves, so nothing depends on timer speed.
      refreshMs: 60_000,
      now: time.now,
    });
    cleanups.push(() => registry.close());
    return registry;
  };
  cleanups.push(() => kv.close());
  return { time, kv, make };
}

describe('InstanceRegistry on the in-memory store', () => {
  it('lists static instances at once, without a store read', () => {
    const { make } = setup({ staticUrls: 'http://a:8005,http://b:8005;weight=3' });
    const registry = make();
    expect(registry.instances('securityguard').map((r) => [r.url, r.weight, r.source])).toEqual([
      ['http://a:8005', 1, 'static'],
      ['http://b:8005', 3, 'static'],
    ]);
    expect(registry.instances('tokenguard')).toEqual([]);
    expect(registry.all()).toHaveLength(2);
  });

  it('refuses static instances of a guard it does not know', () => {
    const { kv } = setup();
    expect(
      () =>
        new InstanceRegistry({
          kv,
          logger,
          guards: GUARDS,
          staticInstances: parseStaticInstances('nosuchguard', 'http://a:1'),
          ttlSeconds: 15,
          refreshMs: 1000,
        }),
    ).toThrow(/unknown guard "nosuchguard"/);
  });

  it('register adds a dynamic instance; again is the heartbeat (TTL renewed, registeredAt kept)', async () => {
    const { time, kv, make } = setup({ ttlSeconds: 10 });
    const registry = make();
    await registry.start();
    const first = await registry.register({ guard: 'tokenguard', url: 'http://10.0.0.7:8001/', weight: 2 });
    expect(first).toMatchObject({
      guard: 'tokenguard',
      url: 'http://10.0.0.7:8001',
      weight: 2,
      source: 'dynamic',
    });
    expect(first.registeredAt).toBe('2026-01-01T00:00:00.000Z');
    time.advance(8000);
    const second = await registry.register({ guard: 'tokenguard', url: 'http://10.0.0.7:8001', weight: 2 });
    expect(second.registeredAt).toBe(first.registeredAt);
    expect(second.lastHeartbeatAt).toBe('2026-01-01T00:00:08.000Z');
    // 8 s after the first beat, 10 s TTL: still alive 9 s after the second.
    time.advance(9000);
    await registry.refresh();
    expect(registry.instances('tokenguard').map((r) => r.url)).toEqual(['http://10.0.0.7:8001']);
    // The key in the store carries the guard and a hash of the URL, with the TTL.
    const keys = await kv.keys('discovery:tokenguard:');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^discovery:tokenguard:[0-9a-f]{16}$/);
    expect(await kv.ttl(keys[0] ?? '')).toBe(1);
  });

  it('a dynamic instance whose heartbeats stop expires, from memory too (without a store read)', async () => {
    const { time, make } = setup({ ttlSeconds: 5 });
    const registry = make();
    await registry.start();
    await registry.register({ guard: 'tokenguard', url: 'http://a:8001' }, 3);
    await registry.register({ guard: 'tokenguard', url: 'http://b:8001' });
    expect(registry.instances('tokenguard')).toHaveLength(2);
    time.advance(3001);
    // No refresh: the hot path alone drops the expired one.
    expect(registry.instances('tokenguard').map((r) => r.url)).toEqual(['http://b:8001']);
    await registry.refresh();
    expect(registry.instances('tokenguard').map((r) => r.url)).toEqual(['http://b:8001']);
    time.advance(2000);
    await registry.refresh();
    expect(registry.instances('tokenguard')).toEqual([]);
  });

  it('a second registry on the same store sees registrations, drains and removals at once (change channel)', async () => {
    const { make } = setup({ staticUrls: 'http://s:8005' });
    const a = make();
    const b = make();
    await a.start();
    await b.start();
    const changes: string[] = [];
    b.onChange((guard) => changes.push(guard));

    await a.register({ guard: 'securityguard', url: 'http://d:8005', weight: 4 });
    await expect
      .poll(() => b.instances('securityguard').map((r) => r.url))
      .toEqual(['http://s:8005', 'http://d:8005']);

    // Draining works for a static instance too, and every replica sees it.
    expect(await a.drain('securityguard', 'http://s:8005')).toMatchObject({
      draining: true,
      source: 'static',
    });
    await expect
      .poll(() => b.instances('securityguard').find((r) => r.url === 'http://s:8005')?.draining)
      .toBe(true);
    expect(b.active('securityguard').map((r) => r.url)).toEqual(['http://d:8005']);

    // The drain flag of a dynamic instance survives its heartbeats.
    await a.drain('securityguard', 'http://d:8005');
    await a.register({ guard: 'securityguard', url: 'http://d:8005', weight: 4 });
    await b.refresh();
    expect(b.instances('securityguard').find((r) => r.url === 'http://d:8005')?.draining).toBe(true);
    expect(await a.drain('securityguard', 'http://d:8005', false)).toMatchObject({ draining: false });

    expect(await a.remove('securityguard', 'http://d:8005')).toBe('removed');
    await expect.poll(() => b.instances('securityguard').map((r) => r.url)).toEqual(['http://s:8005']);
    expect(changes.length).toBeGreaterThanOrEqual(4);
    expect(new Set(changes)).toEqual(new Set(['securityguard']));
  });

  it('remove: a static instance is refused distinguishably, an unknown one is reported', async () => {
    const { make } = setup({ staticUrls: 'http://s:8005' });
    const registry = make();
    await registry.start();
    expect(await registry.remove('securityguard', 'http://s:8005/')).toBe('static');
    expect(registry.instances('securityguard')).toHaveLength(1);
    expect(await registry.remove('securityguard', 'http://nowhere:1')).toBe('unknown');
    expect(await registry.drain('securityguard', 'http://nowhere:1')).toBeUndefined();
  });

  it('refuses an unknown guard, a bad URL, weight or TTL with InstanceInputError', async () => {
    const { make } = setup();
    const registry = make();
    await expect(registry.register({ guard: 'nosuchguard', url: 'http://a:1' })).rejects.toThrow(
      /unknown guard/,
    );
    await expect(registry.register({ guard: 'tokenguard', url: 'http://a:1/path' })).rejects.toThrow(
      InstanceInputError,
    );
    await expect(registry.register({ guard: 'tokenguard', url: 'http://a:1', weight: 0 })).rejects.toThrow(
      /weight/,
    );
    await expect(registry.register({ guard: 'tokenguard', url: 'http://a:1' }, 0)).rejects.toThrow(/ttl/);
    await expect(registry.drain('nosuchguard', 'http://a:1')).rejects.toThrow(InstanceInputError);
    expect(registry.all()).toEqual([]);
  });

  it('a static URL also registered dynamically is listed once, as static', async () => {
    const { make } = setup({ staticUrls: 'http://s:8005' });
    const registry = make();
    await registry.start();
    await registry.register({ guard: 'securityguard', url: 'http://s:8005' });
    expect(registry.instances('securityguard').map((r) => r.source)).toEqual(['static']);
  });

  it('onChange fires only for changes listeners care about, not for heartbeats', async () => {
    const { time, make } = setup();
    const registry = make();
    await registry.start();
    const seen: string[] = [];
    const off = registry.onChange((g) => seen.push(g));
    await registry.register({ guard: 'tokenguard', url: 'http://a:8001' });
    expect(seen).toEqual(['tokenguard']);
    time.advance(1000);
    await registry.register({ guard: 'tokenguard', url: 'http://a:8001' });
    await registry.refresh();
    expect(seen).toEqual(['tokenguard']);
    await registry.register({ guard: 'tokenguard', url: 'http://a:8001', weight: 9 });
    expect(seen).toEqual(['tokenguard', 'tokenguard']);
    off();
    await registry.remove('tokenguard', 'http://a:8001');
    expect(seen).toHaveLength(2);
  });

  it('a failing store is logged and the last snapshot kept, dynamic instances included', async () => {
    const time = clock();
    const inner = new MemoryKeyValueStore(time.now);
    let failing = false;
    let mode: BackendStatus['mode'] = 'embedded';
    // The real store, with its reads failing on demand (as Redis refusing connections would).
    const kv = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'status') return () => ({ kind: 'memory', mode });
        if ((prop === 'keys' || prop === 'get') && failing)
          return async () => Promise.reject(new Error('ECONNREFUSED'));
        return Reflect.get(target, prop, receiver);
      },
    });
    const { make } = setup({ kv, ttlSeconds: 5 });
    const registry = make();
    await registry.start();
    await registry.register({ guard: 'tokenguard', url: 'http://a:8001' });
    failing = true;
    // Long past the TTL, the store still failing: the instance stays listed.
    for (let i = 0; i < 4; i++) {
      time.advance(4000);
      expect(await registry.refresh()).toBe(false);
      expect(registry.instances('tokenguard').map((r) => r.url)).toEqual(['http://a:8001']);
    }
    // A degraded store (Redis down, its empty stand-in answering) counts as failing too.
    failing = false;
    mode = 'degraded';
    await inner.del((await inner.keys('discovery:'))[0] ?? '');
    expect(await registry.refresh()).toBe(false);
    expect(registry.instances('tokenguard')).toHaveLength(1);
    // Back: the store's truth (the instance is gone) wins again.
    mode = 'embedded';
    expect(await registry.refresh()).toBe(true);
    expect(registry.instances('tokenguard')).toEqual([]);
  });

  it('scans the store only when the set changed (or every fullScanEvery refreshes); heartbeats are re-read by key', async () => {
    const time = clock();
    const inner = new MemoryKeyValueStore(time.now);
    let scans = 0;
    const kv = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'keys')
          return (prefix: string) => {
            scans++;
            return target.keys(prefix);
          };
        return Reflect.get(target, prop, receiver);
      },
    });
    const make = (fullScanEvery: number) => {
      const registry = new InstanceRegistry({
        kv,
        logger,
        guards: GUARDS,
        staticInstances: [],
        ttlSeconds: 5,
        refreshMs: 60_000,
        now: time.now,
        fullScanEvery,
      });
      cleanups.push(() => registry.close());
      return registry;
    };
    cleanups.push(() => inner.close());
    const writer = make(1000);
    const reader = make(4);
    await writer.start();
    await reader.start();
    await writer.register({ guard: 'tokenguard', url: 'http://a:8001' });
    await reader.refresh();
    expect(reader.instances('tokenguard')).toHaveLength(1);
    const before = scans;
    // Heartbeats for longer than the TTL, no change of the set: the reader keeps the instance
    // listed by re-reading its key, with no scan until the backstop.
    for (let i = 0; i < 3; i++) {
      time.advance(3000);
      await writer.register({ guard: 'tokenguard', url: 'http://a:8001' });
      await reader.refresh();
      expect(reader.instances('tokenguard')).toHaveLength(1);
    }
    expect(scans).toBe(before);
    // The fourth light refresh is followed by a scan (two prefixes: instances and drain flags).
    await reader.refresh();
    await reader.refresh();
    expect(scans).toBe(before + 2);
    // A new instance bumps the version: the next refresh scans and finds it.
    await writer.register({ guard: 'tokenguard', url: 'http://b:8001' });
    await reader.refresh();
    expect(reader.instances('tokenguard').map((r) => r.url)).toEqual(['http://a:8001', 'http://b:8001']);
    // An expiry needs no scan: the known key is gone.
    time.advance(5001);
    await writer.register({ guard: 'tokenguard', url: 'http://b:8001' });
    await reader.refresh();
    expect(reader.instances('tokenguard').map((r) => r.url)).toEqual(['http://b:8001']);
  });

  it('skips entries that do not parse and entries of guards it does not run', async () => {
    const { kv, make } = setup();
    await kv.set('discovery:tokenguard:0000000000000000', '{not json', 60);
    await kv.set(
      'discovery:otherguard:0000000000000000',
      JSON.stringify({
        guard: 'otherguard',
        url: 'http://x:1',
        weight: 1,
        registeredAt: '2026-01-01T00:00:00Z',
        lastHeartbeatAt: '2026-01-01T00:00:00Z',
        ttlSeconds: 60,
      }),
      60,
    );
    const registry = make();
    await registry.start();
    expect(registry.all()).toEqual([]);
    await registry.register({ guard: 'tokenguard', url: 'http://ok:1' });
    expect(registry.all().map(instanceId)).toEqual(['tokenguard@http://ok:1']);
  });
});

describe('Heartbeat', () => {
  it('registers at once, keeps the registration alive, and deregisters on stop', async () => {
    const { time, kv, make } = setup({ ttlSeconds: 3 });
    const gateway = make();
    await gateway.start();
    // The guard service writes through the store only (it runs no registry).
    const beat = new Heartbeat({
      kv,
      guard: 'securityguard',
      url: 'http://me:8005',
      ttlSeconds: 3,
      logger,
      now: time.now,
      intervalMs: 60_000,
    });
    await beat.start();
    cleanups.push(() => beat.stop());
    await expect.poll(() => gateway.instances('securityguard').map((r) => r.url)).toEqual(['http://me:8005']);
    await beat.stop();
    await expect.poll(() => gateway.instances('securityguard')).toEqual([]);
  });

  it('a failed beat is retried on the next tick, not thrown', async () => {
    const time = clock();
    const inner = new MemoryKeyValueStore(time.now);
    let failing = true;
    const kv = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'set' && failing) return async () => Promise.reject(new Error('ECONNREFUSED'));
        return Reflect.get(target, prop, receiver);
      },
    });
    cleanups.push(() => inner.close());
    const beat = new Heartbeat({
      kv,
      guard: 'tokenguard',
      url: 'http://me:8001',
      ttlSeconds: 3,
      intervalMs: 20,
      logger,
    });
    await beat.start();
    cleanups.push(() => beat.stop());
    expect(await inner.keys('discovery:')).toEqual([]);
    failing = false;
    await expect.poll(() => inner.keys('discovery:tokenguard:'), { timeout: 5000 }).toHaveLength(1);
  });

  it('through a registry: the registry lists it at once', async () => {
    const { make } = setup();
    const registry = make();
    await registry.start();
    const beat = new Heartbeat({
      registry,
      guard: 'tokenguard',
      url: 'http://me:8001',
      ttlSeconds: 15,
      logger,
    });
    await beat.start();
    expect(registry.instances('tokenguard').map((r) => r.url)).toEqual(['http://me:8001']);
    await beat.stop();
    expect(registry.instances('tokenguard')).toEqual([]);
  });
});
