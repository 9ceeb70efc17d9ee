import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/platform/api-keys.js';
import { freePort, pingable, stopRedis, waitFor } from '../helpers/private-redis.js';
import { ADMIN_EMAIL, ADMIN_KEY, ADMIN_PASSWORD, startServer } from '../helpers/server.js';

/**
 * Issue 12, item 3: a revocation made while Redis is out of reach must hold when Redis returns
 * with its old cached entries. Runs against a private redis-server (never the shared one) that is
 * paused, or killed and restarted from its snapshot.
 */

const run = promisify(execFile);

describe('issue 12: revocations survive a Redis outage', () => {
  let port: number;
  let dir: string;
  let server: ChildProcess | undefined;
  let s: Awaited<ReturnType<typeof startServer>>;
  let raw: Redis;

  const startPersistentRedis = () => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--dir', dir, '--dbfilename', 'dump.rdb', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    child.on('error', () => undefined);
    return child;
  };

  const withKey = (key: string) => s.app.inject({ url: '/api/v1/auth/me', headers: { 'x-api-key': key } });
  const admin = { 'x-api-key': ADMIN_KEY };
  const newKey = async (name: string) => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: admin,
      payload: { name, scopes: ['read'] },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { key: string; id: string };
  };
  const revoke = (id: string) =>
    s.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: admin });

  beforeAll(async () => {
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'cg-redis-'));
    server = startPersistentRedis();
    await waitFor(() => pingable(port), 10_000, 'the private redis-server');
    s = await startServer({ REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_ADMIN_PER_MINUTE: '10000' });
    raw = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    raw.on('error', () => undefined);
    await raw.connect();
  });

  afterAll(async () => {
    await s?.dispose();
    raw?.disconnect();
    await stopRedis(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a key revoked and a session ended while Redis was down stay refused after it returns', async () => {
    const { key, id } = await newKey('outage');
    expect((await withKey(key)).statusCode).toBe(200);
    const login = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    const bearer = { authorization: `Bearer ${login.json().access_token}` };
    expect((await s.app.inject({ url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(200);
    // Both entries are cached in Redis now; snapshot them so the restarted server has them again.
    expect(await raw.get(`apikeys:${hashApiKey(key)}`)).not.toBeNull();
    await raw.save();

    await stopRedis(server);
    await waitFor(() => s.kv.status().mode === 'degraded', 10_000, 'the degraded key-value store');
    expect((await revoke(id)).statusCode).toBe(200);
    expect(
      (await s.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer })).statusCode,
    ).toBe(204);
    expect((await withKey(key)).statusCode).toBe(401);

    server = startPersistentRedis();
    await waitFor(() => pingable(port), 10_000, 'the restarted redis-server');
    await waitFor(
      async () => (await withKey(ADMIN_KEY)).statusCode === 200 && s.kv.status().mode === 'real',
      15_000,
      'redis again',
    );
    const after = await withKey(key);
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toContain('revoked');
    expect((await s.app.inject({ url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
  });

  it('a key revoked while Redis is paused stays refused after it resumes', async () => {
    const { key, id } = await newKey('paused');
    expect((await withKey(key)).statusCode).toBe(200);
    expect(await raw.get(`apikeys:${hashApiKey(key)}`)).not.toBeNull();
    // Pause every client of the private server for a few seconds (redis-cli's own call returns at once).
    await run('redis-cli', ['-p', String(port), 'CLIENT', 'PAUSE', '4000', 'ALL']);
    // The first call waits out the command timeout and marks Redis unreachable; the revocation
    // right after is then served from memory only.
    expect((await withKey(ADMIN_KEY)).statusCode).toBe(200);
    expect((await revoke(id)).statusCode).toBe(200);
    await waitFor(
      async () => (await withKey(ADMIN_KEY)).statusCode === 200 && s.kv.status().mode === 'real',
      15_000,
      'redis to resume',
    );
    expect((await withKey(key)).statusCode).toBe(401);
  });
});
