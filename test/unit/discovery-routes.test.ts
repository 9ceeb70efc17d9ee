import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/gateway/app.js';
import type { App } from '../../src/gateway/types.js';
import { instanceId, parseStaticInstances } from '../../src/orchestrator/remote/instance.js';
import { InstanceRegistry } from '../../src/orchestrator/remote/registry.js';
import { ADMIN_EMAIL, ADMIN_KEY, ADMIN_PASSWORD, startServer } from '../helpers/server.js';

type Srv = Awaited<ReturnType<typeof startServer>>;

/**
 * The discovery admin routes, on the real gateway app (authentication, problem details, audit)
 * built from a composed server's parts plus an instance registry on its embedded store, as
 * MODE=gateway will pass it.
 */
describe('/api/v1/discovery/instances', () => {
  let s: Srv;
  let app: App;
  let registry: InstanceRegistry;
  let superuser: Record<string, string>;
  const orgAdmin = { 'x-api-key': ADMIN_KEY };
  const base = '/api/v1/discovery/instances';

  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_ADMIN_PER_MINUTE: '10000' });
    registry = new InstanceRegistry({
      kv: s.kv,
      logger: s.logger,
      guards: ['tokenguard', 'securityguard'],
      staticInstances: parseStaticInstances('securityguard', 'http://static-a:8005'),
      ttlSeconds: 15,
      refreshMs: 60_000,
    });
    await registry.start();
    app = await buildApp({
      config: s.config,
      logger: s.logger,
      db: s.db,
      kv: s.kv,
      orchestrator: s.orchestrator,
      metrics: s.metrics,
      ...(s.platform ? { platform: s.platform } : {}),
      discovery: { registry, status: (id) => ({ healthy: !id.includes('sick'), outstanding: 0 }) },
      version: 'test',
      startedAt: Date.now(),
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    superuser = { authorization: `Bearer ${login.json().access_token}` };
  });
  afterAll(async () => {
    await app?.close();
    await registry?.close();
    await s?.dispose();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers = superuser) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('lists static instances with the status the client reports', async () => {
    const res = await call('GET', `${base}?guard=securityguard`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      count: 1,
      instances: [
        {
          id: 'securityguard@http://static-a:8005',
          guard: 'securityguard',
          url: 'http://static-a:8005',
          weight: 1,
          source: 'static',
          draining: false,
          status: { healthy: true, outstanding: 0 },
        },
      ],
    });
  });

  it('registers, drains, undrains and removes a dynamic instance', async () => {
    const created = await call('POST', base, {
      guard: 'tokenguard',
      url: 'http://sick-b:8001/',
      weight: 3,
      ttl_seconds: 30,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'tokenguard@http://sick-b:8001',
      url: 'http://sick-b:8001',
      weight: 3,
      source: 'dynamic',
      draining: false,
      status: { healthy: false },
    });
    expect(registry.instances('tokenguard').map(instanceId)).toEqual(['tokenguard@http://sick-b:8001']);

    const all = await call('GET', base);
    expect(all.json().count).toBe(2);

    const drained = await call('POST', `${base}/drain`, { guard: 'tokenguard', url: 'http://sick-b:8001' });
    expect(drained.statusCode).toBe(200);
    expect(drained.json()).toMatchObject({ draining: true });
    expect(registry.active('tokenguard')).toEqual([]);
    const undrained = await call('POST', `${base}/drain`, {
      guard: 'tokenguard',
      url: 'http://sick-b:8001',
      draining: false,
    });
    expect(undrained.json()).toMatchObject({ draining: false });

    const removed = await call('DELETE', base, { guard: 'tokenguard', url: 'http://sick-b:8001' });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ id: 'tokenguard@http://sick-b:8001', removed: true });
    expect(registry.instances('tokenguard')).toEqual([]);
    const again = await call('DELETE', base, { guard: 'tokenguard', url: 'http://sick-b:8001' });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('NOT_FOUND');
  });

  it('a static instance can be drained but not removed (409 STATIC_INSTANCE)', async () => {
    const drained = await call('POST', `${base}/drain`, {
      guard: 'securityguard',
      url: 'http://static-a:8005',
    });
    expect(drained.statusCode).toBe(200);
    expect(drained.json()).toMatchObject({ source: 'static', draining: true });
    const removed = await call('DELETE', base, { guard: 'securityguard', url: 'http://static-a:8005' });
    expect(removed.statusCode).toBe(409);
    expect(removed.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(removed.json()).toMatchObject({ code: 'STATIC_INSTANCE', status: 409 });
    await call('POST', `${base}/drain`, {
      guard: 'securityguard',
      url: 'http://static-a:8005',
      draining: false,
    });
  });

  it.each([
    ['POST', base, { guard: 'nosuchguard', url: 'http://a:1' }, 400, 'UNKNOWN_SERVICE_TYPE'],
    ['POST', base, { guard: 'tokenguard', url: 'http://a:1/path' }, 400, 'VALIDATION_ERROR'],
    ['POST', base, { guard: 'tokenguard', url: 'not a url' }, 400, 'VALIDATION_ERROR'],
    ['POST', base, { guard: 'tokenguard', url: 'http://a:1', weight: 0 }, 400, 'VALIDATION_ERROR'],
    ['POST', base, { guard: 'tokenguard', url: 'http://a:1', ttl_seconds: 1 }, 400, 'VALIDATION_ERROR'],
    ['POST', base, { guard: 'tokenguard', url: 'http://a:1', extra: true }, 400, 'VALIDATION_ERROR'],
    ['POST', `${base}/drain`, { guard: 'tokenguard', url: 'http://nowhere:1' }, 404, 'NOT_FOUND'],
    ['POST', `${base}/drain`, { guard: 'tokenguard', url: 'ftp://x' }, 400, 'VALIDATION_ERROR'],
    ['DELETE', base, { guard: 'nosuchguard', url: 'http://a:1' }, 400, 'UNKNOWN_SERVICE_TYPE'],
    ['GET', `${base}?guard=nosuchguard`, undefined, 400, 'UNKNOWN_SERVICE_TYPE'],
  ] as const)('%s %s %o -> %i %s', async (method, url, payload, status, code) => {
    const res = await call(method, url, payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
  });

  it('an unknown guard lists the valid ones', async () => {
    const res = await call('POST', base, { guard: 'nosuchguard', url: 'http://a:1' });
    expect(res.json().valid_service_types).toEqual(['tokenguard', 'securityguard']);
  });

  it('superusers only: an organization admin gets 403, no credentials 401', async () => {
    expect((await call('GET', base, undefined, orgAdmin)).statusCode).toBe(403);
    expect((await call('POST', base, { guard: 'tokenguard', url: 'http://a:1' }, orgAdmin)).statusCode).toBe(
      403,
    );
    expect((await call('DELETE', base, { guard: 'tokenguard', url: 'http://a:1' }, {})).statusCode).toBe(401);
    expect(registry.instances('tokenguard')).toEqual([]);
  });

  it('changes are audited', async () => {
    await call('POST', base, { guard: 'tokenguard', url: 'http://audited:8001' });
    await call('DELETE', base, { guard: 'tokenguard', url: 'http://audited:8001' });
    const rows = await s.db.query<{ action: string; resource_id: string | null }>(
      "SELECT action, resource_id FROM audit_logs WHERE resource_type = 'discovery_instance' ORDER BY id",
    );
    expect(
      rows.filter((r) => r.resource_id === 'tokenguard@http://audited:8001').map((r) => r.action),
    ).toEqual(['discovery_instance.create', 'discovery_instance.delete']);
  });
});
