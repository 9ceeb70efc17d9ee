import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { composeServer } from '../../src/app/compose.js';
import { environment } from '../../src/app/environment.js';
import { credentialsBlock } from '../../src/app/first-start.js';
import { ConfigError, loadConfig, testConfig } from '../../src/config.js';
import { FolderLock } from '../../src/storage/db/folder-lock.js';
import { PgliteDatabase } from '../../src/storage/db/pglite.js';
import { UserFacingError } from '../../src/util/user-error.js';
import { createTestApp, sharedTestDb, slowGuard } from '../helpers/app.js';

/** Issue 9, "a first run that cannot trip": each step a new user takes, as a regression test. */

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'src/cli.ts');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const run = promisify(execFile);
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-first-run-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI from TypeScript in `cwd` with only the given environment; never rejects. */
function cli(args: string[], cwd: string, env: Record<string, string> = {}, stdin = '') {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [TSX, CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('npm run build', () => {
  it('compiles src/ only: no test file, nothing from test/ (TS6059), so nothing is written there', async () => {
    const { stdout } = await run(process.execPath, [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--listFilesOnly',
    ]);
    const ours = stdout.split('\n').filter((f) => f.startsWith(ROOT) && !f.includes('/node_modules/'));
    expect(ours.length).toBeGreaterThan(100);
    expect(ours.filter((f) => !f.startsWith(join(ROOT, 'src/')))).toEqual([]);
    expect(ours.filter((f) => /\.test\.ts$|test-helpers\.ts$/.test(f))).toEqual([]);
  }, 120_000);
});

describe('cp .env.example .env', () => {
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');

  it('starts: empty values such as JWT_SECRET= and BOOTSTRAP_*= read as unset', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), example);
    const config = loadConfig(environment({}, dir));
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config.BOOTSTRAP_ADMIN_EMAIL).toBeUndefined();
    expect(config.BOOTSTRAP_ADMIN_PASSWORD).toBeUndefined();
    expect(config.BOOTSTRAP_API_KEY).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PORT).toBe(8000);
    expect(config.STORE_RAW_TEXT).toBe(false);
  });

  it('the real environment wins over .env', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), 'PORT=9100\nLOG_LEVEL=debug\n');
    expect(environment({ PORT: '9200' }, dir)).toMatchObject({ PORT: '9200', LOG_LEVEL: 'debug' });
    expect(environment({}, tempDir())).toEqual({});
  });
});

describe('a refused setting', () => {
  it('MODE=gateway without SERVICE_TOKEN is one line naming the setting and what to do', () => {
    let error: unknown;
    try {
      loadConfig({ MODE: 'gateway' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^configuration error: SERVICE_TOKEN is required when MODE=gateway/);
    expect(() => loadConfig({ MODE: 'nosuchguard' })).toThrow(
      /MODE must be all, gateway or a guard name \(tokenguard, /,
    );
    expect(() =>
      loadConfig({ MODE: 'gateway', SERVICE_TOKEN: 'x'.repeat(32), GUARD_FALLBACK_LOCAL: 'nosuch' }),
    ).toThrow(/GUARD_FALLBACK_LOCAL names an unknown guard 'nosuch'/);
  });

  it('the CLI prints that line and exits 2, with no stack trace', async () => {
    const out = await cli(['serve'], tempDir(), { MODE: 'gateway' });
    expect(out.code).toBe(2);
    const lines = out.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^configuration error: SERVICE_TOKEN /);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('codeguardians scan', () => {
  it('needs no database: it creates no ./data folder and answers', async () => {
    const cwd = tempDir();
    const out = await cli(
      ['scan', '--guard', 'securityguard', '-'],
      cwd,
      {},
      'My email is jane.doe@example.org',
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ guard: 'securityguard', verdict: expect.any(String) });
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  }, 60_000);
});

describe('one PGlite folder, one process', () => {
  it('refuses a second opener in this process with a clear message, and frees the folder on close', async () => {
    const dir = tempDir();
    const db = await PgliteDatabase.open(dir);
    await expect(PgliteDatabase.open(dir)).rejects.toThrow(/already open in this process/);
    await db.close();
    expect(() => FolderLock.acquire(dir).release()).not.toThrow();
  }, 60_000);

  it('refuses a folder another live process holds, naming it and what to do', () => {
    const dir = tempDir();
    // The parent process is alive and is not this one.
    writeFileSync(join(dir, 'codeguardians.lock'), String(process.ppid));
    expect(() => FolderLock.acquire(dir)).toThrow(UserFacingError);
    expect(() => FolderLock.acquire(dir)).toThrow(
      new RegExp(`in use by another codeguardians process \\(pid ${process.ppid}\\).*DATA_DIR`),
    );
  });

  it('takes over a lock its dead owner left behind', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'codeguardians.lock'), '2147483646');
    const lock = FolderLock.acquire(dir);
    expect(readFileSync(join(dir, 'codeguardians.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
  });
});

describe('the first start', () => {
  it('returns the generated credentials for a readable block, and keeps them out of the JSON log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const db = await PgliteDatabase.open();
    const server = await composeServer(testConfig({ AUTH_ENABLED: 'true', LOG_LEVEL: 'info' }), {
      db,
      logger,
    });
    try {
      const creds = server.firstStart;
      expect(creds?.password).toEqual(expect.any(String));
      expect(creds?.apiKey).toMatch(/^cg_/);
      const log = lines.join('');
      expect(log).toContain('first start');
      expect(log).not.toContain(creds?.password);
      expect(log).not.toContain(creds?.apiKey);
      if (!creds) throw new Error('unreachable');
      const block = credentialsBlock(creds, 'http://127.0.0.1:8000');
      expect(block).toContain(creds.password);
      expect(block).toContain(creds.apiKey);
      expect(block).toContain('BOOTSTRAP_API_KEY');
      expect(block).toContain('.env');

      // Management bodies are strict: a misspelt field is a 400 naming it.
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: { 'x-api-key': creds.apiKey ?? '' },
        payload: { name: 'ci', scope: ['read'] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
      expect(res.json().detail).toContain('scope');
    } finally {
      await server.close();
      await db.close();
    }
  }, 60_000);
});

describe('durations and strict management bodies', () => {
  it('accepts timeout_ms (milliseconds) and still the original timeout (seconds)', async () => {
    const t = await createTestApp([slowGuard('tokenguard', 300)]);
    try {
      const call = (extra: Record<string, unknown>) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/guards/process',
          payload: { service_type: 'tokenguard', payload: { text: 'x' }, ...extra },
        });
      expect((await call({ timeout_ms: 20 })).statusCode).toBe(504);
      expect((await call({ timeout: 0.02 })).statusCode).toBe(504);
      expect((await call({ timeout_ms: 5000 })).statusCode).toBe(200);
      expect((await call({ timeout_ms: 1.5 })).statusCode).toBe(400);
    } finally {
      await t.close();
    }
  });

  it('a memory entry with ttl_seconds instead of ttl is a 400 naming the field; guard payloads stay lenient', async () => {
    const server = await composeServer(testConfig({ MODE: 'contextguard', AUTH_ENABLED: 'false' }), {
      db: await sharedTestDb(),
      logger: pino({ level: 'silent' }),
    });
    try {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/v1/context/memory',
        payload: { key: 'k', value: 1, ttl_seconds: 60 },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toContain('ttl_seconds');
      const ok = await server.app.inject({
        method: 'POST',
        url: '/api/v1/context/memory',
        payload: { key: 'k', value: 1, ttl: 60 },
      });
      expect(ok.statusCode).toBe(201);
      // The original service's clients send extra fields in guard payloads; those still pass.
      const guard = await server.app.inject({
        method: 'POST',
        url: '/api/v1/guards/process',
        payload: { service_type: 'contextguard', payload: { text: 'hello', legacy_flag: true } },
      });
      expect(guard.statusCode).toBe(200);
    } finally {
      await server.close();
    }
  }, 60_000);
});
