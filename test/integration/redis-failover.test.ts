import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeyValueStore } from '../../src/storage/kv/index.js';
import type { KeyValueStore } from '../../src/storage/kv/types.js';
import { freePort, pingable, sleep, startRedis, stopRedis, waitFor } from '../helpers/private-redis.js';

/**
 * Kills and restarts a private redis-server under a ResilientKeyValueStore: calls must keep
 * working from memory during the outage and go back to Redis when it returns, without a restart.
 */

describe('ResilientKeyValueStore against a private redis-server that dies and comes back', () => {
  let port: number;
  let server: ChildProcess | undefined;
  let kv: KeyValueStore;
  let raw: Redis;
  const logLines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) });
  const transitions = () =>
    logLines.filter((l) => /^redis (unavailable|available again)/.test(l.msg)).map((l) => l.level);
  const received: string[] = [];
  const late: string[] = [];

  beforeAll(async () => {
    port = await freePort();
    server = startRedis(port);
    await waitFor(() => pingable(port), 10_000, `redis-server on port ${port} to start`);
    kv = await openKeyValueStore({ REDIS_URL: `redis://127.0.0.1:${port}` }, logger);
    raw = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 1 });
    raw.on('error', () => undefined);
  });

  afterAll(async () => {
    await stopRedis(server);
    raw?.disconnect();
    await kv?.close();
  });

  it('works on Redis while it is up', async () => {
    expect(kv.kind).toBe('redis');
    expect(kv.status()).toEqual({ kind: 'redis', mode: 'real' });
    await kv.set('fo:before', 'redis-value');
    expect(await kv.get('fo:before')).toBe('redis-value');
    await raw.connect();
    expect(await raw.get('fo:before')).toBe('redis-value');
    await kv.subscribe('fo:channel', (m) => received.push(m));
    await raw.publish('fo:channel', 'while-up');
    await waitFor(() => received.includes('while-up'), 3000, 'the first message');
  });

  it('serves every call from memory while Redis is down and reports degraded', async () => {
    await stopRedis(server);
    await waitFor(() => kv.status().mode === 'degraded', 5000, 'the degraded status');
    expect(kv.status().detail).toMatch(/serving from memory/);
    // Redis data is not reachable now; the fallback answers at once instead.
    expect(await kv.get('fo:before')).toBeNull();
    await kv.set('fo:during', 'memory-value');
    expect(await kv.get('fo:during')).toBe('memory-value');
    expect(await kv.incrBy('fo:count', 2, 60)).toBe(2);
    expect((await kv.slidingWindow('fo:win', 1, 60_000)).allowed).toBe(true);
    expect((await kv.slidingWindow('fo:win', 1, 60_000)).allowed).toBe(false);
    // Many calls, one log line for the outage.
    expect(transitions()).toEqual([40]);
    await kv.publish('fo:channel', 'while-down');
    await waitFor(() => received.includes('while-down'), 3000, 'the local message during the outage');
    await expect(kv.ping()).resolves.toBeUndefined();
    // A subscription made during the outage must reach Redis once it is back.
    await kv.subscribe('fo:late', (m) => late.push(m));
  });

  it('goes back to Redis when it returns, without a restart, and re-subscribes', async () => {
    server = startRedis(port);
    await waitFor(() => kv.status().mode === 'real', 10_000, 'the real status after restart');
    await kv.set('fo:after', 'back-on-redis');
    await waitFor(() => pingable(port), 5000, 'the raw client to reach the restarted server');
    if (raw.status !== 'ready')
      await waitFor(() => raw.status === 'ready', 5000, 'the raw client to reconnect');
    expect(await raw.get('fo:after')).toBe('back-on-redis');
    // The restarted server is empty: memory data of the outage is not copied over.
    expect(await kv.get('fo:during')).toBeNull();
    // The subscription made before the outage is re-established on the new server.
    await waitFor(
      async () => {
        await raw.publish('fo:channel', 'after-restart');
        await sleep(100);
        return received.includes('after-restart');
      },
      10_000,
      'the message published on the restarted server',
    );
    await waitFor(
      async () => {
        await raw.publish('fo:late', 'late-subscriber');
        await sleep(100);
        return late.includes('late-subscriber');
      },
      10_000,
      'the message for the subscription made during the outage',
    );
    // One line when it went down, one when it came back.
    expect(transitions()).toEqual([40, 30]);
  });

  it('stops waiting on a server that hangs (SIGSTOP) and returns when it answers again', async () => {
    const paused = server;
    if (!paused?.pid) throw new Error('no private redis-server');
    process.kill(paused.pid, 'SIGSTOP');
    try {
      // The first call pays one command timeout, then is served from memory.
      await kv.set('hang:k', 'memory');
      expect(kv.status().mode).toBe('degraded');
      expect(await kv.get('hang:k')).toBe('memory');
    } finally {
      process.kill(paused.pid, 'SIGCONT');
    }
    await waitFor(
      async () => {
        await kv.get('hang:probe');
        return kv.status().mode === 'real';
      },
      10_000,
      'the real status after SIGCONT',
    );
  });
});

describe('openKeyValueStore with Redis down at start-up', () => {
  let port: number;
  let server: ChildProcess | undefined;
  let kv: KeyValueStore | undefined;

  afterAll(async () => {
    await stopRedis(server);
    await kv?.close();
  });

  it('starts degraded, works from memory, and switches to Redis when it starts', async () => {
    port = await freePort();
    kv = await openKeyValueStore({ REDIS_URL: `redis://127.0.0.1:${port}` }, pino({ level: 'silent' }));
    expect(kv.status().mode).toBe('degraded');
    await kv.set('boot:k', 'v');
    expect(await kv.get('boot:k')).toBe('v');
    server = startRedis(port);
    const store = kv;
    await waitFor(() => store.status().mode === 'real', 10_000, 'the real status once redis-server runs');
    expect(await store.get('boot:k')).toBeNull();
    await store.set('boot:k', 'on-redis');
    expect(await store.get('boot:k')).toBe('on-redis');
  });
});
