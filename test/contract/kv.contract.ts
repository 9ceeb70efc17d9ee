import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../src/storage/kv/types.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` is true or the time is up; returns the last answer. */
async function eventually(check: () => boolean, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

/**
 * One behaviour for every KeyValueStore: the memory store, Redis and Redis behind the resilient
 * wrapper must all pass it, so callers cannot tell them apart. Keys live under a fresh prefix and
 * are deleted afterwards, so the suite can run against a shared server.
 */
export function kvContract(name: string, factory: () => Promise<KeyValueStore>): void {
  describe(`KeyValueStore contract: ${name}`, () => {
    let kv: KeyValueStore;
    const base = `cg-contract:${randomUUID()}:`;
    const key = (suffix: string) => `${base}${suffix}`;

    beforeAll(async () => {
      kv = await factory();
    });

    afterAll(async () => {
      if (!kv) return;
      for (const k of await kv.keys(base)) await kv.del(k);
      await kv.close();
    });

    describe('strings and TTL', () => {
      it('gets what was set and null for a missing key', async () => {
        await kv.set(key('s1'), 'hello');
        expect(await kv.get(key('s1'))).toBe('hello');
        expect(await kv.get(key('missing'))).toBeNull();
      });

      it('expires a value after its TTL', async () => {
        await kv.set(key('short'), 'v', 1);
        expect(await kv.get(key('short'))).toBe('v');
        expect(await kv.ttl(key('short'))).toBe(1);
        await sleep(1100);
        expect(await kv.get(key('short'))).toBeNull();
        expect(await kv.ttl(key('short'))).toBe(-2);
      });

      it('reports -1 without expiry, -2 when missing, seconds left otherwise', async () => {
        expect(await kv.ttl(key('nokey'))).toBe(-2);
        await kv.set(key('t'), 'v', 10);
        const left = await kv.ttl(key('t'));
        expect(left).toBeGreaterThanOrEqual(9);
        expect(left).toBeLessThanOrEqual(10);
        // A plain SET clears the expiry, as in Redis.
        await kv.set(key('t'), 'w');
        expect(await kv.ttl(key('t'))).toBe(-1);
      });

      it('deletes and says whether the key existed', async () => {
        await kv.set(key('d'), 'v');
        expect(await kv.del(key('d'))).toBe(true);
        expect(await kv.del(key('d'))).toBe(false);
        expect(await kv.get(key('d'))).toBeNull();
      });
    });

    describe('keys', () => {
      it('lists keys by prefix only', async () => {
        await kv.set(key('k:a:1'), '1');
        await kv.set(key('k:a:2'), '2');
        await kv.set(key('k:b:1'), '3');
        expect((await kv.keys(key('k:a:'))).sort()).toEqual([key('k:a:1'), key('k:a:2')]);
        expect(await kv.keys(key('k:none:'))).toEqual([]);
      });

      it('treats glob characters in the prefix literally', async () => {
        await kv.set(key('g*[1]?x'), '1');
        await kv.set(key('gZ1Ax'), '2');
        expect(await kv.keys(key('g*[1]?'))).toEqual([key('g*[1]?x')]);
      });

      it('does not list expired keys', async () => {
        await kv.set(key('e:1'), 'v', 1);
        await kv.set(key('e:2'), 'v');
        await sleep(1100);
        expect(await kv.keys(key('e:'))).toEqual([key('e:2')]);
      });
    });

    describe('incrBy', () => {
      it('creates the key with the TTL and does not refresh it later', async () => {
        expect(await kv.incrBy(key('c1'), 5, 10)).toBe(5);
        expect(await kv.ttl(key('c1'))).toBeGreaterThanOrEqual(9);
        expect(await kv.incrBy(key('c1'), -2, 1000)).toBe(3);
        expect(await kv.ttl(key('c1'))).toBeLessThanOrEqual(10);
        expect(await kv.get(key('c1'))).toBe('3');
      });

      it('creates without expiry when no TTL is given', async () => {
        expect(await kv.incrBy(key('c2'), 1)).toBe(1);
        expect(await kv.ttl(key('c2'))).toBe(-1);
      });

      it('starts again from zero after the key expired', async () => {
        await kv.incrBy(key('c3'), 4, 1);
        await sleep(1100);
        expect(await kv.incrBy(key('c3'), 1, 1)).toBe(1);
      });

      it('adds fractional amounts', async () => {
        expect(await kv.incrBy(key('f'), 1.5)).toBe(1.5);
        expect(await kv.incrBy(key('f'), 2.25)).toBe(3.75);
      });

      it('rejects a value that is not a number', async () => {
        await kv.set(key('nan'), 'abc');
        await expect(kv.incrBy(key('nan'), 1)).rejects.toThrow();
        await kv.set(key('half'), '1.5');
        await expect(kv.incrBy(key('half'), 1)).rejects.toThrow(/integer/);
      });

      it('counts every concurrent increment', async () => {
        await Promise.all(Array.from({ length: 50 }, () => kv.incrBy(key('par'), 1, 60)));
        expect(await kv.get(key('par'))).toBe('50');
      });
    });

    describe('lists', () => {
      it('keeps the newest maxLength entries, oldest first', async () => {
        const lengths: number[] = [];
        for (const v of ['a', 'b', 'c', 'd', 'e']) lengths.push(await kv.listPush(key('l1'), v, 3));
        expect(lengths).toEqual([1, 2, 3, 3, 3]);
        expect(await kv.listRange(key('l1'))).toEqual(['c', 'd', 'e']);
        expect(await kv.listRange(key('l-missing'))).toEqual([]);
      });

      it('reads only the newest entries when asked for the last n', async () => {
        for (const v of ['a', 'b', 'c', 'd']) await kv.listPush(key('l5'), v, 10);
        expect(await kv.listRange(key('l5'), 2)).toEqual(['c', 'd']);
        expect(await kv.listRange(key('l5'), 1)).toEqual(['d']);
        expect(await kv.listRange(key('l5'), 9)).toEqual(['a', 'b', 'c', 'd']);
        expect(await kv.listRange(key('l-missing'), 3)).toEqual([]);
        await expect(kv.listRange(key('l5'), 0)).rejects.toThrow(RangeError);
        await expect(kv.listRange(key('l5'), 1.5)).rejects.toThrow(RangeError);
      });

      it('sets and refreshes the TTL when given and keeps it otherwise', async () => {
        await kv.listPush(key('l2'), 'a', 10, 10);
        expect(await kv.ttl(key('l2'))).toBeGreaterThanOrEqual(9);
        await kv.listPush(key('l2'), 'b', 10);
        expect(await kv.ttl(key('l2'))).toBeGreaterThanOrEqual(9);
        await kv.listPush(key('l3'), 'a', 10);
        expect(await kv.ttl(key('l3'))).toBe(-1);
      });

      it('expires the list after its TTL', async () => {
        await kv.listPush(key('l4'), 'a', 10, 1);
        await sleep(1100);
        expect(await kv.listRange(key('l4'))).toEqual([]);
      });

      it('refuses to mix types on one key', async () => {
        await kv.set(key('str'), 'v');
        await expect(kv.listPush(key('str'), 'x', 5)).rejects.toThrow(/WRONGTYPE/);
        await kv.listPush(key('lst'), 'x', 5);
        await expect(kv.get(key('lst'))).rejects.toThrow(/WRONGTYPE/);
      });
    });

    describe('slidingWindow', () => {
      // A clock far from the real one: the window must follow nowMs, not the wall clock.
      const t0 = 1_000_000;

      it('refuses the limit+1-th request and slides with time', async () => {
        const k = key('w1');
        const first = await kv.slidingWindow(k, 3, 1000, t0);
        expect(first).toEqual({ allowed: true, count: 1, limit: 3, remaining: 2, resetMs: 1000 });
        expect((await kv.slidingWindow(k, 3, 1000, t0 + 10)).remaining).toBe(1);
        expect(await kv.slidingWindow(k, 3, 1000, t0 + 20)).toMatchObject({
          allowed: true,
          count: 3,
          remaining: 0,
        });
        expect(await kv.slidingWindow(k, 3, 1000, t0 + 30)).toEqual({
          allowed: false,
          count: 3,
          limit: 3,
          remaining: 0,
          resetMs: 970,
        });
        // At t0+1000 the request of t0 is exactly one window old and has left it.
        expect(await kv.slidingWindow(k, 3, 1000, t0 + 1000)).toEqual({
          allowed: true,
          count: 3,
          limit: 3,
          remaining: 0,
          resetMs: 10,
        });
        expect(await kv.slidingWindow(k, 3, 1000, t0 + 1005)).toMatchObject({ allowed: false, count: 3 });
        expect(await kv.slidingWindow(k, 3, 1000, t0 + 5000)).toEqual({
          allowed: true,
          count: 1,
          limit: 3,
          remaining: 2,
          resetMs: 1000,
        });
      });

      it('counts refused requests nowhere', async () => {
        const k = key('w2');
        for (let i = 0; i < 5; i++) await kv.slidingWindow(k, 2, 1000, t0 + i);
        expect(await kv.slidingWindow(k, 2, 1000, t0 + 1000)).toMatchObject({ allowed: true, count: 2 });
      });

      it('never lets concurrent calls exceed the limit', async () => {
        const k = key('w3');
        const results = await Promise.all(
          Array.from({ length: 40 }, () => kv.slidingWindow(k, 10, 60_000, Date.now())),
        );
        expect(results.filter((r) => r.allowed)).toHaveLength(10);
        expect(Math.max(...results.map((r) => r.count))).toBe(10);
      });

      it('uses the wall clock when nowMs is omitted and expires the key after the window', async () => {
        const k = key('w4');
        expect((await kv.slidingWindow(k, 1, 1000)).allowed).toBe(true);
        expect((await kv.slidingWindow(k, 1, 1000)).allowed).toBe(false);
        expect(await kv.ttl(k)).toBe(1);
        await sleep(1100);
        expect(await kv.ttl(k)).toBe(-2);
        expect((await kv.slidingWindow(k, 1, 1000)).allowed).toBe(true);
      });

      it('leaves no key behind for a zero limit', async () => {
        const k = key('w5');
        expect(await kv.slidingWindow(k, 0, 1000, t0)).toEqual({
          allowed: false,
          count: 0,
          limit: 0,
          remaining: 0,
          resetMs: 0,
        });
        expect(await kv.ttl(k)).toBe(-2);
      });
    });

    describe('pub/sub', () => {
      it('delivers to every subscriber until it unsubscribes', async () => {
        const channel = key('ch1');
        const a: string[] = [];
        const b: string[] = [];
        const unsubA = await kv.subscribe(channel, (m) => a.push(m));
        const unsubB = await kv.subscribe(channel, (m) => b.push(m));
        await kv.publish(channel, 'one');
        expect(await eventually(() => a.length === 1 && b.length === 1)).toBe(true);
        expect(a).toEqual(['one']);
        await unsubA();
        await kv.publish(channel, 'two');
        expect(await eventually(() => b.length === 2)).toBe(true);
        expect(b).toEqual(['one', 'two']);
        // b got 'two', so a would have got it by now if it were still subscribed.
        expect(a).toEqual(['one']);
        await unsubB();
      });

      it('keeps delivering to others when a handler throws', async () => {
        const channel = key('ch2');
        const got: string[] = [];
        const unsubBad = await kv.subscribe(channel, () => {
          throw new Error('handler bug');
        });
        const unsubGood = await kv.subscribe(channel, (m) => got.push(m));
        await expect(kv.publish(channel, 'x')).resolves.toBeUndefined();
        expect(await eventually(() => got.length === 1)).toBe(true);
        await unsubBad();
        await unsubGood();
      });

      it('does not deliver messages of other channels', async () => {
        const got: string[] = [];
        const unsub = await kv.subscribe(key('ch3'), (m) => got.push(m));
        await kv.publish(key('ch4'), 'other');
        await kv.publish(key('ch3'), 'mine');
        expect(await eventually(() => got.length > 0)).toBe(true);
        expect(got).toEqual(['mine']);
        await unsub();
      });
    });

    it('rejects invalid arguments', async () => {
      await expect(kv.slidingWindow(key('bad'), -1, 1000)).rejects.toThrow(RangeError);
      await expect(kv.slidingWindow(key('bad'), 1, 0)).rejects.toThrow(RangeError);
      await expect(kv.listPush(key('bad'), 'x', 0)).rejects.toThrow(RangeError);
      await expect(kv.incrBy(key('bad'), Number.NaN)).rejects.toThrow(RangeError);
    });

    it('answers ping and reports its status', async () => {
      await expect(kv.ping()).resolves.toBeUndefined();
      expect(['embedded', 'real']).toContain(kv.status().mode);
    });
  });
}
