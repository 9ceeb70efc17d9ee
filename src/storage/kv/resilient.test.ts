import { once } from 'node:events';
import { createServer } from 'node:net';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openKeyValueStore } from './index.js';
import { MemoryKeyValueStore } from './memory.js';
import type { KeyValueStore } from './types.js';

/** A port with nothing listening: a Redis that is configured but down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('openKeyValueStore', () => {
  const stores: KeyValueStore[] = [];

  afterAll(async () => {
    for (const store of stores) await store.close();
  });

  it('is the memory store when REDIS_URL is not set', async () => {
    const kv = await openKeyValueStore({ REDIS_URL: undefined }, pino({ level: 'silent' }));
    stores.push(kv);
    expect(kv).toBeInstanceOf(MemoryKeyValueStore);
    expect(kv.status()).toEqual({ kind: 'memory', mode: 'embedded' });
  });

  it('starts degraded on an unreachable Redis and serves every call from memory', async () => {
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const kv = await openKeyValueStore({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` }, logger);
    stores.push(kv);
    expect(kv.kind).toBe('redis');
    expect(kv.status()).toMatchObject({ kind: 'redis', mode: 'degraded' });
    expect(kv.status().detail).toMatch(/serving from memory/);

    await kv.set('k', 'v', 60);
    expect(await kv.get('k')).toBe('v');
    expect(await kv.incrBy('n', 3)).toBe(3);
    expect(await kv.listPush('l', 'a', 2)).toBe(1);
    expect((await kv.slidingWindow('w', 1, 1000)).allowed).toBe(true);
    expect((await kv.slidingWindow('w', 1, 1000)).allowed).toBe(false);
    const got: string[] = [];
    const unsubscribe = await kv.subscribe('ch', (m) => got.push(m));
    await kv.publish('ch', 'hello');
    expect(got).toEqual(['hello']);
    await unsubscribe();
    await expect(kv.ping()).resolves.toBeUndefined();

    // The outage is logged once, not once per call.
    expect(lines.filter((l) => l.msg.startsWith('redis unavailable'))).toHaveLength(1);
  });

  it('still rejects caller errors during an outage, as the memory store does', async () => {
    const kv = await openKeyValueStore(
      { REDIS_URL: `redis://127.0.0.1:${await closedPort()}` },
      pino({ level: 'silent' }),
    );
    stores.push(kv);
    await kv.set('s', 'text');
    await expect(kv.listPush('s', 'x', 3)).rejects.toThrow(/WRONGTYPE/);
  });
});
