import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.js';
import { AppError } from '../../errors.js';
import { MemoryKeyValueStore } from '../../storage/kv/memory.js';
import { registerContextRoutes } from './routes.js';

let now = 1_000_000;
let kv: MemoryKeyValueStore;
let app: FastifyInstance;

beforeEach(async () => {
  now = 1_000_000;
  // A controllable clock, so TTL expiry is tested without sleeping.
  kv = new MemoryKeyValueStore(() => now);
  app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof AppError)
      return reply.code(error.status).send({ code: error.code, detail: error.detail });
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send({ code: status === 400 ? 'VALIDATION_ERROR' : 'INTERNAL' });
  });
  registerContextRoutes(app, {
    kv,
    config: testConfig({ CONTEXTGUARD_MAX_BYTES: '2048' }),
    namespace: (request) => String(request.headers['x-test-ns'] ?? 'default'),
  });
  await app.ready();
});

afterEach(async () => {
  await app.close();
  await kv.close();
});

describe('memory routes: happy path', () => {
  it('stores, reads, lists and deletes an entry', async () => {
    const put = await app.inject({
      method: 'POST',
      url: '/api/v1/context/memory',
      payload: { key: 'prefs', value: { lang: 'fr' } },
    });
    expect(put.statusCode).toBe(201);
    expect(put.json()).toMatchObject({ key: 'prefs', value: { lang: 'fr' }, ttl: 3600 });
    const get = await app.inject({ method: 'GET', url: '/api/v1/context/memory/prefs' });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toMatchObject({ key: 'prefs', value: { lang: 'fr' } });
    const list = await app.inject({ method: 'GET', url: '/api/v1/context/memory' });
    expect(list.json()).toEqual({ keys: ['prefs'], count: 1 });
    // The value and the organization's byte-budget index, both under the organization's namespace.
    expect((await kv.keys('contextguard:')).sort()).toEqual([
      'contextguard:default:memory-bytes',
      'contextguard:default:memory:prefs',
    ]);
    const del = await app.inject({ method: 'DELETE', url: '/api/v1/context/memory/prefs' });
    expect(del.json()).toEqual({ deleted: true });
    expect((await app.inject({ method: 'GET', url: '/api/v1/context/memory' })).json()).toEqual({
      keys: [],
      count: 0,
    });
  });

  it('keeps namespaces apart', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/v1/context/memory',
      headers: { 'x-test-ns': 'org-a' },
      payload: { key: 'k', value: 1 },
    });
    const other = await app.inject({
      method: 'GET',
      url: '/api/v1/context/memory/k',
      headers: { 'x-test-ns': 'org-b' },
    });
    expect(other.statusCode).toBe(404);
  });
});

describe('memory routes: errors', () => {
  it('answers 404 NOT_FOUND for a missing key', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/context/memory/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/context/memory/nope' })).statusCode).toBe(404);
  });

  it('answers 400 for bad input', async () => {
    const noKey = await app.inject({ method: 'POST', url: '/api/v1/context/memory', payload: { value: 1 } });
    expect(noKey.statusCode).toBe(400);
    const badKey = await app.inject({
      method: 'POST',
      url: '/api/v1/context/memory',
      payload: { key: 'a b/c', value: 1 },
    });
    expect(badKey.statusCode).toBe(400);
    const badTtl = await app.inject({
      method: 'POST',
      url: '/api/v1/context/memory',
      payload: { key: 'k', value: 1, ttl: 0 },
    });
    expect(badTtl.statusCode).toBe(400);
    const noValue = await app.inject({
      method: 'POST',
      url: '/api/v1/context/memory',
      payload: { key: 'k' },
    });
    expect(noValue.statusCode).toBe(400);
  });

  it('answers 413 for a value over CONTEXTGUARD_MAX_BYTES', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/context/memory',
      payload: { key: 'big', value: 'x'.repeat(5000) },
    });
    expect(res.statusCode).toBe(413);
  });
});

describe('memory routes: TTL', () => {
  it('expires an entry stored with a 1 s TTL', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/v1/context/memory',
      payload: { key: 'short', value: 'v', ttl: 1 },
    });
    expect((await app.inject({ method: 'GET', url: '/api/v1/context/memory/short' })).statusCode).toBe(200);
    now += 1001;
    expect((await app.inject({ method: 'GET', url: '/api/v1/context/memory/short' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/context/memory' })).json()).toEqual({
      keys: [],
      count: 0,
    });
  });
});
