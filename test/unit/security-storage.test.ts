import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/gateway/error-handler.js';
import { hashPassword } from '../../src/platform/passwords.js';
import { openDatabase } from '../../src/storage/db/index.js';
import { users } from '../../src/storage/db/schema/platform.js';
import { sharedTestDb } from '../helpers/app.js';
import { ADMIN_KEY, startServer } from '../helpers/server.js';

/** Issue 12, items 7 and 8: file modes, error logs, HealthGuard results, public health. */

const modesUnder = (dir: string): { path: string; mode: number; dir: boolean }[] => {
  const out = [{ path: dir, mode: statSync(dir).mode & 0o777, dir: true }];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory() || entry.isFile())
      out.push({ path, mode: statSync(path).mode & 0o777, dir: entry.isDirectory() });
  }
  return out;
};

describe('item 7: embedded database files', () => {
  it('creates DATA_DIR 0700 and every file under it 0600', async () => {
    const base = mkdtempSync(join(tmpdir(), 'cg-modes-'));
    const dataDir = join(base, 'data');
    try {
      const db = await openDatabase({ DATA_DIR: dataDir, DATABASE_URL: undefined, DATABASE_POOL_MAX: 1 });
      await db.migrate();
      await db.close();
      const entries = modesUnder(dataDir);
      expect(entries.length).toBeGreaterThan(10);
      expect(entries.filter((e) => e.dir && e.mode !== 0o700)).toEqual([]);
      expect(entries.filter((e) => !e.dir && e.mode !== 0o600)).toEqual([]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('item 8: database errors are logged without parameter values', () => {
  it('a failed query in a request logs the statement, not the email or password hash', async () => {
    const db = await sharedTestDb();
    const email = 'leaky@example.com';
    const passwordHash = await hashPassword('a very secret password');
    await db.orm.insert(users).values({ email, passwordHash });
    const lines: string[] = [];
    const app = Fastify({
      loggerInstance: pino({ level: 'error' }, { write: (l: string) => lines.push(l) }),
    });
    app.setErrorHandler(errorHandler);
    // A query that fails for a reason of the server's own (a NOT NULL column given NULL), with the
    // email and hash among its parameters; a duplicate key is no longer one: it answers 409.
    app.post('/dup', async () => {
      await db.orm.insert(users).values({ email, passwordHash, isSuperuser: sql`NULL` });
      return {};
    });
    const res = await app.inject({ method: 'POST', url: '/dup' });
    expect(res.statusCode).toBe(500);
    const log = lines.join('\n');
    expect(log).toContain('Failed query: insert into');
    expect(log).toContain('params: [not logged]');
    expect(log).not.toContain(email);
    expect(log).not.toContain(passwordHash);
    expect(log).not.toContain(passwordHash.slice(0, 20));
    await app.close();
  });
});

describe('item 8: HealthGuard results and public health', () => {
  let s: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    s = await startServer({ HEALTHGUARD_METRICS_INTERVAL_MS: '0', HEALTHGUARD_MAX_CHARS: '1048576' });
  });
  afterAll(() => s.dispose());

  it('stores a 10,000-sample result whole (past the 65,535-parameter limit of one statement)', async () => {
    const samples = Array.from({ length: 10_000 }, (_, i) => ({
      id: `s${i}`,
      content: `ordinary sample number ${i}`,
    }));
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/guards/process',
      headers: { 'x-api-key': ADMIN_KEY },
      payload: { service_type: 'healthguard', payload: { samples } },
    });
    expect(res.statusCode).toBe(200);
    const requestId = res.json().request_id as string;
    const count = async () =>
      Number(
        (
          await s.db.query<{ n: number }>(
            'SELECT count(*) AS n FROM poisonguard_analysis_results WHERE request_id = $1',
            [requestId],
          )
        )[0]!.n,
      );
    const deadline = Date.now() + 60_000;
    while ((await count()) < 10_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await count()).toBe(10_000);
  });

  it('public /health and /health/ready show no file paths, hosts or error texts; a superuser sees them', async () => {
    const pub = await s.app.inject('/health');
    expect(pub.body).not.toContain(s.config.DATA_DIR);
    expect(pub.json().storage.database).not.toHaveProperty('detail');
    expect((await s.app.inject('/health/ready')).body).not.toContain(s.config.DATA_DIR);
    const full = await s.app.inject({ url: '/health', headers: { 'x-api-key': ADMIN_KEY } });
    // The bootstrap key is an organization key, not a superuser: still the public view.
    expect(full.body).not.toContain(s.config.DATA_DIR);
  });
});
