import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, describe, expect, it } from 'vitest';
import { registerConsoleRoutes } from '../../src/gateway/routes/console.js';
import type { App } from '../../src/gateway/types.js';

const dirs: string[] = [];
const appWith = (dir: string) => {
  const app = Fastify().withTypeProvider<ZodTypeProvider>() as unknown as App;
  registerConsoleRoutes(app, dir);
  return app;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('/console: the built web console, served from memory', () => {
  it('says how to build it when the bundle is absent, and serves it once built (no restart)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-console-'));
    dirs.push(dir);
    const app = appWith(dir);
    const absent = await app.inject('/console');
    expect(absent.statusCode).toBe(503);
    expect(absent.body).toContain('npm run build:console');

    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    const page = await app.inject('/console');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    const script = await app.inject('/console/assets/index-abc123.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toContain('immutable');
    expect(script.body).toBe('console.log(1)');
  });

  it('answers any other page path with the app, a missing asset with 404, and never reads outside', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-console-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'index.html'), 'INDEX');
    writeFileSync(join(tmpdir(), 'cg-console-outside.txt'), 'SECRET');
    const app = appWith(dir);
    expect((await app.inject('/console/keys')).body).toBe('INDEX');
    expect((await app.inject('/console/assets/gone.js')).statusCode).toBe(404);
    for (const url of ['/console/../cg-console-outside.txt', '/console/%2e%2e/cg-console-outside.txt']) {
      expect((await app.inject(url)).body).not.toContain('SECRET');
    }
  });
});
