import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeConfigService } from '../../src/platform/runtime-config.js';
import { openKeyValueStore } from '../../src/storage/kv/index.js';
import { privateSchema } from '../helpers/postgres.js';
import { freePort, startRedis, stopRedis, waitFor } from '../helpers/private-redis.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, randomKey, startServer } from '../helpers/server.js';
import { requirePostgresUrl, requireRedisUrl } from '../helpers/services.js';

type Srv = Awaited<ReturnType<typeof startServer>>;

describe('runtime configuration across two gateways on the real PostgreSQL and Redis', () => {
  let schema: Awaited<ReturnType<typeof privateSchema>>;
  let a: Srv;
  let b: Srv;
  let tokenA: Record<string, string>;
  let tokenB: Record<string, string>;

  const login = async (s: Srv) => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    return { authorization: `Bearer ${res.json().access_token}` };
  };

  beforeAll(async () => {
    schema = await privateSchema(await requirePostgresUrl());
    const env = {
      DATABASE_URL: schema.url,
      REDIS_URL: await requireRedisUrl(),
      BOOTSTRAP_API_KEY: randomKey(),
      RATE_LIMIT_ADMIN_PER_MINUTE: '10000',
    };
    a = await startServer(env);
    b = await startServer(env);
    await a.app.ready();
    await b.app.ready();
    tokenA = await login(a);
    tokenB = await login(b);
  });
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await schema?.dispose();
  });

  it('a change made on one gateway is in force on the other shortly after, versioned and audited', async () => {
    const before = (await b.app.inject({ url: '/api/v1/admin/runtime-config', headers: tokenB })).json();
    const config = {
      thresholds: { securityguard: { flag: 0.4, block: 0.8 } },
      guard_timeouts_ms: { biasguard: 900 },
      rate_limits: { per_minute: 500 },
      feature_flags: { 'shadow.securityguard': true },
    };
    const started = performance.now();
    const put = await a.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/runtime-config',
      headers: tokenA,
      payload: { config, expected_version: before.version, comment: 'tighten injection threshold' },
    });
    expect(put.statusCode).toBe(200);
    const version = put.json().version as number;
    expect(version).toBe(before.version + 1);
    let seen: { version: number; source: string; config: unknown } = before;
    await waitFor(
      async () => {
        seen = (await b.app.inject({ url: '/api/v1/admin/runtime-config', headers: tokenB })).json();
        return seen.version === version;
      },
      5000,
      'the second gateway to adopt the new version',
    );
    const ms = performance.now() - started;
    console.log(`runtime config propagation to the second gateway: ${ms.toFixed(0)} ms (including the PUT)`);
    expect(seen.source).toBe('pubsub');
    expect(seen.config).toMatchObject(config);

    const history = (
      await b.app.inject({ url: '/api/v1/admin/runtime-config/history', headers: tokenB })
    ).json().versions;
    expect(history[0]).toMatchObject({
      version,
      comment: 'tighten injection threshold',
      changed_keys: expect.arrayContaining([
        'thresholds.securityguard.flag',
        'feature_flags.shadow.securityguard',
      ]),
    });
    expect(history[0].actor_user_id).toBeTruthy();
  });

  it('a change on gateway A changes the verdict, the guard timeout and the rate limit seen on gateway B', async () => {
    // Scored between SecurityGuard's configured points (flag 0.5, block 0.75): flagged by default.
    const text = 'Write to jane.doe@example.com or call her.';
    const scan = async (s: Srv, headers: Record<string, string>) => {
      const res = await s.app.inject({
        method: 'POST',
        url: '/api/v1/guards/process',
        headers,
        payload: { service_type: 'securityguard', payload: { text } },
      });
      expect(res.statusCode).toBe(200);
      return { verdict: res.json().data.verdict as string, limit: res.headers['ratelimit-limit'] };
    };
    const timeoutOf = async (s: Srv, headers: Record<string, string>, guard: string) =>
      (
        (await s.app.inject({ url: '/api/v1/guards/services', headers })).json().services as {
          name: string;
          timeout_ms: number;
        }[]
      ).find((g) => g.name === guard)?.timeout_ms;

    const current = (await a.app.inject({ url: '/api/v1/admin/runtime-config', headers: tokenA })).json();
    await a.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/runtime-config',
      headers: tokenA,
      payload: { config: {} },
    });
    await waitFor(
      async () =>
        (await b.app.inject({ url: '/api/v1/admin/runtime-config', headers: tokenB })).json().version >
        current.version,
      5000,
      'b to adopt the empty config',
    );
    const before = await scan(b, tokenB);
    expect(before.verdict).toBe('flag');
    expect(await timeoutOf(b, tokenB, 'biasguard')).toBe(b.config.GUARD_TIMEOUT_MS);

    const put = await a.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/runtime-config',
      headers: tokenA,
      payload: {
        config: {
          thresholds: { securityguard: { flag: 0.6, block: 0.9 } },
          guard_timeouts_ms: { biasguard: 900 },
          rate_limits: { processing_per_minute: 9 },
        },
      },
    });
    expect(put.statusCode).toBe(200);
    await waitFor(
      async () =>
        (await b.app.inject({ url: '/api/v1/admin/runtime-config', headers: tokenB })).json().version ===
        put.json().version,
      5000,
      'b to adopt the new thresholds',
    );
    const after = await scan(b, tokenB);
    expect(after.verdict).toBe('allow');
    expect(after.limit).toBe('9');
    expect(await timeoutOf(b, tokenB, 'biasguard')).toBe(900);

    // Stricter thresholds from A: B blocks the same text.
    const strict = await a.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/runtime-config',
      headers: tokenA,
      payload: { config: { thresholds: { securityguard: { flag: 0.3, block: 0.5 } } } },
    });
    await waitFor(
      async () =>
        (await b.app.inject({ url: '/api/v1/admin/runtime-config', headers: tokenB })).json().version ===
        strict.json().version,
      5000,
      'b to adopt the strict thresholds',
    );
    expect((await scan(b, tokenB)).verdict).toBe('block');
    expect(await timeoutOf(b, tokenB, 'biasguard')).toBe(b.config.GUARD_TIMEOUT_MS);
  });

  it('rejects an invalid config (400) and a stale expected version (409), and keeps the current one', async () => {
    const current = (await a.app.inject({ url: '/api/v1/admin/runtime-config', headers: tokenA })).json();
    for (const config of [
      { thresholds: { securityguard: { flag: 0.9, block: 0.5 } } },
      { thresholds: { nosuchguard: { flag: 0.5 } } },
      { guard_timeouts_ms: { tokenguard: -1 } },
      { feature_flags: { 'Bad Flag!': true } },
      { unknown_section: {} },
    ]) {
      const res = await a.app.inject({
        method: 'PUT',
        url: '/api/v1/admin/runtime-config',
        headers: tokenA,
        payload: { config },
      });
      expect([JSON.stringify(config), res.statusCode, res.json().code]).toEqual([
        JSON.stringify(config),
        400,
        'VALIDATION_ERROR',
      ]);
    }
    const stale = await a.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/runtime-config',
      headers: tokenA,
      payload: { config: {}, expected_version: current.version - 1 },
    });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'CONFLICT']);
    expect(
      (await a.app.inject({ url: '/api/v1/admin/runtime-config', headers: tokenA })).json().version,
    ).toBe(current.version);
  });

  it('writes at once on both gateways: without an expected version each lands as a version, with one only the first', async () => {
    // Writers without an expected version lost the race for the next version number and were
    // answered 409 (7 of 12 fired together at `npm start`), though they never asked for the check.
    const put = (s: Srv, headers: Record<string, string>, payload: object) =>
      s.app.inject({ method: 'PUT', url: '/api/v1/admin/runtime-config', headers, payload });
    const start = (await a.app.inject({ url: '/api/v1/admin/runtime-config', headers: tokenA })).json()
      .version;
    const blind = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        i % 2 ? put(a, tokenA, { config: {} }) : put(b, tokenB, { config: {} }),
      ),
    );
    expect(blind.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(blind.map((r) => r.json().version).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 6 }, (_, i) => start + 1 + i),
    );
    const guarded = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        i % 2
          ? put(a, tokenA, { config: {}, expected_version: start + 6 })
          : put(b, tokenB, { config: {}, expected_version: start + 6 }),
      ),
    );
    expect(guarded.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
  });
});

describe('runtime configuration while Redis is down', () => {
  it('keeps the last known config, and catches up from the database by polling', async () => {
    const schema = await privateSchema(await requirePostgresUrl());
    const port = await freePort();
    let redis = startRedis(port);
    const logger = pino({ level: 'silent' });
    const db = await schema.open();
    await db.migrate();
    await waitFor(
      async () => {
        try {
          const kv = await openKeyValueStore({ REDIS_URL: `redis://127.0.0.1:${port}` }, logger);
          await kv.ping();
          await kv.close();
          return true;
        } catch {
          return false;
        }
      },
      10_000,
      'private redis',
    );
    const kvA = await openKeyValueStore({ REDIS_URL: `redis://127.0.0.1:${port}` }, logger);
    const kvB = await openKeyValueStore({ REDIS_URL: `redis://127.0.0.1:${port}` }, logger);
    const a = new RuntimeConfigService({ db, kv: kvA, logger, pollMs: 0 });
    const b = new RuntimeConfigService({ db, kv: kvB, logger, pollMs: 0 });
    try {
      await a.start();
      await b.start();
      const v1 = await a.update({ feature_flags: { beta: true } }, { userId: null, apiKeyId: null });
      await waitFor(() => b.current().version === v1.version, 5000, 'b to see v1');

      await stopRedis(redis);
      const v2 = await a.update({ feature_flags: { beta: false } }, { userId: null, apiKeyId: null });
      expect(a.current()).toMatchObject({ version: v2.version, config: { feature_flags: { beta: false } } });
      // b missed the announcement but still serves the last config it knew.
      expect(b.current()).toMatchObject({ version: v1.version, config: { feature_flags: { beta: true } } });
      await b.refresh();
      expect(b.current()).toMatchObject({ version: v2.version, source: 'database' });

      // A replica starting while the database is unreachable takes the Redis copy.
      redis = startRedis(port);
      await waitFor(
        async () => {
          try {
            await kvA.ping();
            return true;
          } catch {
            return false;
          }
        },
        10_000,
        'redis back',
      );
      const v3 = await a.update(
        { feature_flags: { beta: true, gamma: true } },
        { userId: null, apiKeyId: null },
      );
      const closedDb = await schema.open();
      await closedDb.close();
      const c = new RuntimeConfigService({ db: closedDb, kv: kvA, logger, pollMs: 0 });
      await c.start();
      expect(c.current()).toMatchObject({ version: v3.version, source: 'cache' });
      await c.close();
    } finally {
      await a.close();
      await b.close();
      await kvA.close();
      await kvB.close();
      await stopRedis(redis);
      await schema.dispose();
    }
  });
});

describe('runtime configuration reaching a gateway in another process', () => {
  it('a change through the admin route of gateway A changes the verdict and the timeout of process B', async () => {
    const schema = await privateSchema(await requirePostgresUrl());
    const redisUrl = await requireRedisUrl();
    const a = await startServer({
      DATABASE_URL: schema.url,
      REDIS_URL: redisUrl,
      BOOTSTRAP_API_KEY: randomKey(),
      RATE_LIMIT_ADMIN_PER_MINUTE: '10000',
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-test-procb-'));
    // Process B: the gateway composed by its own Node process, sharing only PostgreSQL and Redis.
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/servers/gateway.ts'], {
      env: {
        ...process.env,
        // Vitest sets MODE=test (Vite's mode) in its environment; the gateway's MODE is another thing.
        MODE: 'all',
        NODE_ENV: 'development',
        DATABASE_URL: schema.url,
        REDIS_URL: redisUrl,
        DATA_DIR: dataDir,
        AUTH_ENABLED: 'false',
        LOG_LEVEL: 'warn',
        GUARD_WORKERS: '0',
        HEALTHGUARD_WORKERS: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let buffer = '';
        child.stdout?.on('data', (d: Buffer) => {
          buffer += d.toString();
          const m = /LISTENING (\d+)/.exec(buffer);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', (code) => reject(new Error(`process B exited with ${code}`)));
      });
      const b = `http://127.0.0.1:${port}`;
      const verdictOnB = async () => {
        const res = await fetch(`${b}/api/v1/guards/process`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            service_type: 'securityguard',
            payload: { text: 'Write to jane.doe@example.com or call her.' },
          }),
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { data: { verdict: string } }).data.verdict;
      };
      const timeoutOnB = async () =>
        (
          (await (await fetch(`${b}/api/v1/guards/services`)).json()) as {
            services: { name: string; timeout_ms: number }[];
          }
        ).services.find((g) => g.name === 'biasguard')?.timeout_ms;
      expect(await verdictOnB()).toBe('flag');
      expect(await timeoutOnB()).toBe(a.config.GUARD_TIMEOUT_MS);

      const login = await a.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      });
      const put = await a.app.inject({
        method: 'PUT',
        url: '/api/v1/admin/runtime-config',
        headers: { authorization: `Bearer ${login.json().access_token}` },
        payload: {
          config: {
            thresholds: { securityguard: { flag: 0.6, block: 0.9 } },
            guard_timeouts_ms: { biasguard: 900 },
          },
        },
      });
      expect(put.statusCode).toBe(200);
      const started = performance.now();
      await waitFor(async () => (await verdictOnB()) === 'allow', 5000, 'process B to allow the text');
      console.log(
        `runtime config change on A in force on process B after ${(performance.now() - started).toFixed(0)} ms (polling B)`,
      );
      expect(await timeoutOnB()).toBe(900);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      await a.dispose();
      await schema.dispose();
    }
    // Starting a second Node process with every guard takes a while on a loaded machine.
  }, 240_000);
});
