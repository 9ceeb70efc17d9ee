import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_KEY, ADMIN_PASSWORD, startServer } from '../helpers/server.js';

type Srv = Awaited<ReturnType<typeof startServer>>;
type Scope = 'read' | 'guards:run' | 'admin' | 'superuser';

/**
 * Every route of the API with the permission it needs. The first test checks this table against
 * the routes the app actually serves, so a new route cannot skip the security cases below.
 */
const PROTECTED: [string, string, Scope][] = [
  ['POST', '/api/v1/guards/process', 'guards:run'],
  ['POST', '/api/v1/guards/scan', 'guards:run'],
  ['POST', '/api/v1/scan', 'guards:run'],
  ['POST', '/api/v1/analyze', 'guards:run'],
  ['POST', '/api/v1/guards/check', 'guards:run'],
  ['GET', '/api/v1/guards/services', 'read'],
  ['GET', '/api/v1/guards/health', 'read'],
  ['POST', '/api/v1/auth/logout', 'read'],
  ['GET', '/api/v1/auth/me', 'read'],
  ['PATCH', '/api/v1/auth/me', 'read'],
  ['GET', '/api/v1/auth/sessions', 'read'],
  ['DELETE', '/api/v1/auth/sessions/{id}', 'read'],
  ['GET', '/api/v1/organizations', 'read'],
  ['POST', '/api/v1/organizations', 'read'],
  ['GET', '/api/v1/organizations/{id}', 'read'],
  ['PATCH', '/api/v1/organizations/{id}', 'admin'],
  ['GET', '/api/v1/organizations/{id}/members', 'read'],
  ['PUT', '/api/v1/organizations/{id}/members', 'admin'],
  ['DELETE', '/api/v1/organizations/{id}/members/{userId}', 'admin'],
  ['GET', '/api/v1/api-keys', 'read'],
  ['POST', '/api/v1/api-keys', 'admin'],
  ['GET', '/api/v1/api-keys/{id}', 'read'],
  ['DELETE', '/api/v1/api-keys/{id}', 'admin'],
  ['GET', '/api/v1/audit-logs', 'admin'],
  ['GET', '/api/v1/tiers', 'read'],
  ['PATCH', '/api/v1/admin/tiers/{name}', 'superuser'],
  ['PUT', '/api/v1/admin/organizations/{id}/subscription', 'superuser'],
  ['GET', '/api/v1/usage', 'read'],
  ['GET', '/api/v1/stats/guard-operations', 'read'],
  ['POST', '/api/v1/context/memory', 'guards:run'],
  ['GET', '/api/v1/context/memory', 'read'],
  ['GET', '/api/v1/context/memory/{key}', 'read'],
  ['DELETE', '/api/v1/context/memory/{key}', 'guards:run'],
  ['GET', '/api/v1/biasguard/policies', 'read'],
  ['POST', '/api/v1/biasguard/policies', 'admin'],
  ['PATCH', '/api/v1/biasguard/policies/{id}', 'admin'],
  ['DELETE', '/api/v1/biasguard/policies/{id}', 'admin'],
  ['GET', '/api/v1/biasguard/violations', 'read'],
  ['POST', '/api/v1/biasguard/violations/{id}/resolve', 'admin'],
  ['POST', '/api/v1/biasguard/compliance-reports', 'admin'],
  ['POST', '/api/v1/healthguard/jobs', 'guards:run'],
  ['GET', '/api/v1/healthguard/jobs/{id}', 'read'],
  ['GET', '/api/v1/healthguard/jobs/{id}/result', 'read'],
  ['GET', '/api/v1/healthguard/health/current', 'superuser'],
  ['GET', '/api/v1/healthguard/health/history', 'superuser'],
  ['POST', '/api/v1/securityguard/deanonymize', 'guards:run'],
  ['POST', '/api/v1/files', 'guards:run'],
  ['GET', '/api/v1/files', 'read'],
  ['POST', '/api/v1/files/presign', 'guards:run'],
  ['GET', '/api/v1/files/{key}', 'read'],
  ['GET', '/api/v1/files/{key}/content', 'read'],
  ['PUT', '/api/v1/files/{key}', 'guards:run'],
  ['DELETE', '/api/v1/files/{key}', 'guards:run'],
  ['POST', '/api/v1/healthguard/file-jobs', 'guards:run'],
  ['GET', '/api/v1/healthguard/file-jobs', 'read'],
  ['GET', '/api/v1/healthguard/file-jobs/{id}', 'read'],
  ['GET', '/api/v1/healthguard/file-jobs/{id}/downloads', 'read'],
  ['GET', '/api/v1/admin/runtime-config', 'superuser'],
  ['PUT', '/api/v1/admin/runtime-config', 'superuser'],
  ['GET', '/api/v1/admin/runtime-config/history', 'superuser'],
  ['POST', '/api/v1/experiments', 'admin'],
  ['GET', '/api/v1/experiments', 'read'],
  ['GET', '/api/v1/experiments/{id}', 'read'],
  ['PATCH', '/api/v1/experiments/{id}', 'admin'],
  ['GET', '/api/v1/experiments/{id}/assignment', 'read'],
  ['GET', '/api/v1/experiments/{id}/results', 'read'],
  ['GET', '/api/v1/guard-policy', 'read'],
  ['PUT', '/api/v1/guard-policy', 'admin'],
  ['GET', '/api/v1/guard-policy/versions', 'read'],
  ['POST', '/api/v1/guard-policy/dry-run', 'guards:run'],
  ['GET', '/api/v1/proxy/upstream', 'read'],
  ['PUT', '/api/v1/proxy/upstream', 'admin'],
  ['POST', '/v1/chat/completions', 'guards:run'],
  ['POST', '/v1/embeddings', 'guards:run'],
  ['POST', '/v1/completions', 'guards:run'],
  ['POST', '/v1/messages', 'guards:run'],
];

const PUBLIC = [
  'GET /',
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'GET /.well-known/jwks.json',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
];

const fill = (path: string, values: Record<string, string> = {}) =>
  path.replace(
    /\{(\w+)\}/g,
    (_m, name: string) =>
      values[name] ??
      (name === 'name' ? 'free' : name === 'key' ? 'some-key' : '00000000-0000-4000-8000-000000000000'),
  );

describe('identity: every protected route', () => {
  let s: Srv;
  let viewerToken: string;
  let guardsOnlyKey: string;
  let outsiderToken: string;
  let adminOrg: string;
  let adminKeyId: string;
  let adminSession: string;
  let adminUserId: string;
  let adminPolicy: string;

  const call = (method: string, url: string, headers: Record<string, string> = {}, payload?: object) =>
    s.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload ? { payload } : method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
    });

  const login = async (email: string, password: string, organizationId?: string) => {
    const res = await call(
      'POST',
      '/api/v1/auth/login',
      {},
      { email, password, ...(organizationId ? { organization_id: organizationId } : {}) },
    );
    expect(res.statusCode).toBe(200);
    return res.json() as {
      access_token: string;
      refresh_token: string;
      session_id: string;
      organization_id: string;
    };
  };

  beforeAll(async () => {
    // This suite makes many admin-class calls as one user; the admin limit (5/min) is tested elsewhere.
    s = await startServer({ RATE_LIMIT_ADMIN_PER_MINUTE: '10000' });
    const admin = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    adminOrg = admin.organization_id;
    adminSession = admin.session_id;
    const auth = { authorization: `Bearer ${admin.access_token}` };
    adminUserId = (await call('GET', '/api/v1/auth/me', auth)).json().user.id;

    for (const email of ['viewer@example.com', 'outsider@example.com']) {
      expect(
        (await call('POST', '/api/v1/auth/register', {}, { email, password: 'a long enough password' }))
          .statusCode,
      ).toBe(201);
    }
    expect(
      (
        await call('PUT', `/api/v1/organizations/${adminOrg}/members`, auth, {
          email: 'viewer@example.com',
          role: 'viewer',
        })
      ).statusCode,
    ).toBe(200);
    viewerToken = (await login('viewer@example.com', 'a long enough password', adminOrg)).access_token;
    outsiderToken = (await login('outsider@example.com', 'a long enough password')).access_token;

    const key = await call('POST', '/api/v1/api-keys', auth, { name: 'runner', scopes: ['guards:run'] });
    expect(key.statusCode).toBe(201);
    guardsOnlyKey = key.json().key;
    adminKeyId = key.json().id;
    const policy = await call('POST', '/api/v1/biasguard/policies', auth, {
      name: 'no stereotypes',
      enforcement: 'block',
    });
    expect(policy.statusCode).toBe(201);
    adminPolicy = policy.json().id;
  });
  afterAll(() => s.dispose());

  it('the table above covers every route the app serves', async () => {
    const spec = (await s.app.inject('/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(spec.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const known = [...PROTECTED.map(([m, p]) => `${m} ${p}`), ...PUBLIC].sort();
    expect(served).toEqual(known);
  });

  it.each(PUBLIC)('public route %s needs no credentials', async (route) => {
    const [method, path] = route.split(' ') as [string, string];
    const res = await call(method, path);
    expect([401, 403]).not.toContain(res.statusCode);
  });

  it.each(PROTECTED)('%s %s: no credentials -> 401', async (method, path) => {
    const res = await call(method, fill(path));
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
    expect(res.headers['www-authenticate']).toContain('Bearer');
  });

  it.each(PROTECTED)('%s %s: malformed token -> 401', async (method, path) => {
    const malformed: Record<string, string>[] = [
      { authorization: 'Bearer not-a-jwt' },
      { authorization: 'Basic abc' },
      { 'x-api-key': 'cg_short' },
    ];
    for (const header of malformed) {
      const res = await call(method, fill(path), header);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('INVALID_CREDENTIALS');
    }
  });

  it.each(PROTECTED)('%s %s: expired token -> 401', async (method, path) => {
    const expired = await s.platform!.tokens.sign(
      { sub: adminUserId, org: adminOrg, role: 'owner', su: true, sid: adminSession },
      -60,
    );
    const res = await call(method, fill(path), { authorization: `Bearer ${expired}` });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_EXPIRED');
  });

  it.each(PROTECTED)('%s %s: valid credentials of the wrong role -> 403', async (method, path, scope) => {
    // A viewer lacks everything but read; a guards-only key lacks read.
    const headers: Record<string, string> =
      scope === 'read' ? { 'x-api-key': guardsOnlyKey } : { authorization: `Bearer ${viewerToken}` };
    const res = await call(method, fill(path), headers);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  const foreign: [string, string][] = [
    ['GET', '/api/v1/organizations/{id}'],
    ['PATCH', '/api/v1/organizations/{id}'],
    ['GET', '/api/v1/organizations/{id}/members'],
    ['PUT', '/api/v1/organizations/{id}/members'],
    ['DELETE', '/api/v1/organizations/{id}/members/{userId}'],
    ['GET', '/api/v1/api-keys/{key}'],
    ['DELETE', '/api/v1/api-keys/{key}'],
    ['DELETE', '/api/v1/auth/sessions/{session}'],
    ['PATCH', '/api/v1/biasguard/policies/{policy}'],
    ['DELETE', '/api/v1/biasguard/policies/{policy}'],
  ];
  it.each(foreign)('%s %s of another organization -> 404', async (method, path) => {
    const url = path
      .replace('{id}', adminOrg)
      .replace('{userId}', adminUserId)
      .replace('{key}', adminKeyId)
      .replace('{session}', adminSession)
      .replace('{policy}', adminPolicy);
    const body =
      method === 'PUT'
        ? { email: 'outsider@example.com', role: 'owner' }
        : method === 'PATCH'
          ? { name: 'mine now' }
          : undefined;
    const res = await call(method, url, { authorization: `Bearer ${outsiderToken}` }, body);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});

describe('identity: tokens, sessions, keys', () => {
  let s: Srv;
  beforeAll(async () => {
    s = await startServer({ AUTH_MAX_FAILED_LOGINS: '3' });
  });
  afterAll(() => s.dispose());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'POST', url, payload, headers });

  it('rotates refresh tokens and revokes the whole family when an old one is reused', async () => {
    const first = (await post('/api/v1/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).json();
    const second = await post('/api/v1/auth/refresh', { refresh_token: first.refresh_token });
    expect(second.statusCode).toBe(200);
    const third = await post('/api/v1/auth/refresh', { refresh_token: second.json().refresh_token });
    expect(third.statusCode).toBe(200);
    // The access token of the live session works...
    const me = await s.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${third.json().access_token}` },
    });
    expect(me.statusCode).toBe(200);
    // ...until a rotated token is replayed: then the family is revoked, newest tokens included.
    const replay = await post('/api/v1/auth/refresh', { refresh_token: first.refresh_token });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().detail).toContain('reuse');
    expect(
      (await post('/api/v1/auth/refresh', { refresh_token: third.json().refresh_token })).statusCode,
    ).toBe(401);
    const after = await s.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${third.json().access_token}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it('logout ends the session at once', async () => {
    const tokens = (
      await post('/api/v1/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
    ).json();
    const auth = { authorization: `Bearer ${tokens.access_token}` };
    expect(
      (await s.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth })).statusCode,
    ).toBe(204);
    expect((await s.app.inject({ url: '/api/v1/auth/me', headers: auth })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/refresh', { refresh_token: tokens.refresh_token })).statusCode).toBe(
      401,
    );
  });

  it('locks an account after repeated failed logins, for the right password too', async () => {
    await post('/api/v1/auth/register', { email: 'lock@example.com', password: 'the right password' });
    for (let i = 0; i < 3; i++) {
      expect(
        (await post('/api/v1/auth/login', { email: 'lock@example.com', password: 'wrong password!' }))
          .statusCode,
      ).toBe(401);
    }
    const locked = await post('/api/v1/auth/login', {
      email: 'lock@example.com',
      password: 'the right password',
    });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers concurrent registrations of one email with one account and conflicts, never a 500', async () => {
    // The "already exists?" read runs before the password hash, so every request passed it and
    // the losers of the insert were 500s (found by firing 12 at once at `npm start`).
    const email = 'twice@example.com';
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        post('/api/v1/auth/register', { email, password: 'a long enough password' }),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409]);
    expect(answers.find((a) => a.statusCode === 409)?.json().code).toBe('CONFLICT');
    const login = await post('/api/v1/auth/login', { email, password: 'a long enough password' });
    expect(login.statusCode).toBe(200);
  });

  it('an unknown email and a wrong password get the same answer', async () => {
    const unknown = await post('/api/v1/auth/login', {
      email: 'nobody@example.com',
      password: 'whatever it is',
    });
    const wrong = await post('/api/v1/auth/login', { email: ADMIN_EMAIL, password: 'not the password' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('shows an API key once, stores only its hash, and a revoked key stops working at once', async () => {
    const created = await post(
      '/api/v1/api-keys',
      { name: 'ci', scopes: ['guards:run', 'read'] },
      { 'x-api-key': ADMIN_KEY },
    );
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^cg_/);
    expect(key.startsWith(prefix)).toBe(true);
    const rows = await s.db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [id]);
    expect(rows[0]!.key_hash).not.toContain(key);
    const listed = (await s.app.inject({ url: '/api/v1/api-keys', headers: { 'x-api-key': ADMIN_KEY } }))
      .body;
    expect(listed).not.toContain(key);

    const run = () =>
      post(
        '/api/v1/guards/process',
        { service_type: 'tokenguard', payload: { text: 'hi' } },
        { authorization: `Bearer ${key}` },
      );
    expect((await run()).statusCode).toBe(200);
    const revoked = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${id}`,
      headers: { 'x-api-key': ADMIN_KEY },
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revoked_at).not.toBeNull();
    const after = await run();
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toContain('revoked');
  });

  it('records changes in the audit log with before and after', async () => {
    const log = (
      await s.app.inject({ url: '/api/v1/audit-logs', headers: { 'x-api-key': ADMIN_KEY } })
    ).json();
    const revoke = log.entries.find((e: { action: string }) => e.action === 'api_key.revoke');
    expect(revoke).toBeDefined();
    expect(revoke.before.revoked_at).toBeNull();
    expect(revoke.after.revoked_at).not.toBeNull();
    expect(revoke.requestId).toBeTruthy();
    expect(log.entries.some((e: { action: string }) => e.action === 'bootstrap')).toBe(true);
  });

  it('refuses a key with more scopes than its creator', async () => {
    const runner = (
      await post(
        '/api/v1/api-keys',
        { name: 'runner', scopes: ['guards:run', 'read', 'admin'] },
        { 'x-api-key': ADMIN_KEY },
      )
    ).json().key;
    const viewerKey = await post(
      '/api/v1/api-keys',
      { name: 'x', scopes: ['read'] },
      { 'x-api-key': runner },
    );
    expect(viewerKey.statusCode).toBe(201);
  });
});

describe('identity: rate limits and quotas', () => {
  it('answers the limit+1-th request in a window with 429, Retry-After and RateLimit headers', async () => {
    const s = await startServer({ RATE_LIMIT_PROCESSING_PER_MINUTE: '3' });
    try {
      const run = () =>
        s.app.inject({
          method: 'POST',
          url: '/api/v1/guards/process',
          headers: { 'x-api-key': ADMIN_KEY },
          payload: { service_type: 'tokenguard', payload: { text: 'hi' } },
        });
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await run();
        expect(res.statusCode).toBe(200);
        expect(res.headers['ratelimit-limit']).toBe('3');
        remaining.push(String(res.headers['ratelimit-remaining']));
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const limited = await run();
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', window: 'processing' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Other endpoint classes have their own budget.
      expect(
        (await s.app.inject({ url: '/api/v1/tiers', headers: { 'x-api-key': ADMIN_KEY } })).statusCode,
      ).toBe(200);
    } finally {
      await s.dispose();
    }
  });

  it('RATE_LIMIT_ENABLED=false turns limiting off', async () => {
    const s = await startServer({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_PROCESSING_PER_MINUTE: '1' });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await s.app.inject({
          method: 'POST',
          url: '/api/v1/guards/process',
          headers: { 'x-api-key': ADMIN_KEY },
          payload: { service_type: 'tokenguard', payload: { text: 'hi' } },
        });
        expect(res.statusCode).toBe(200);
        expect(res.headers['ratelimit-limit']).toBeUndefined();
      }
    } finally {
      await s.dispose();
    }
  });

  it('answers 429 QUOTA_EXCEEDED once the monthly calls are used up, and reports usage', async () => {
    const s = await startServer();
    try {
      const headers = { 'x-api-key': ADMIN_KEY };
      // Tiers are changed by a superuser (the bootstrap admin), not by an organization's key.
      const admin = (
        await s.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
        })
      ).json();
      const tier = await s.app.inject({
        method: 'PATCH',
        url: '/api/v1/admin/tiers/enterprise',
        headers: { authorization: `Bearer ${admin.access_token}` },
        payload: { monthly_calls: 2 },
      });
      expect(tier.statusCode).toBe(200);
      const run = () =>
        s.app.inject({
          method: 'POST',
          url: '/api/v1/guards/process',
          headers,
          payload: { service_type: 'tokenguard', payload: { text: 'hello there' } },
        });
      expect((await run()).statusCode).toBe(200);
      expect((await run()).statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, 50)); // counters are updated after the response
      const over = await run();
      expect(over.statusCode).toBe(429);
      expect(over.json().code).toBe('QUOTA_EXCEEDED');
      const usage = (await s.app.inject({ url: '/api/v1/usage', headers })).json();
      expect(usage.month.calls).toBe(2);
      expect(usage.days[0]).toMatchObject({ guard: 'tokenguard', requests: 2, errors: 0 });
    } finally {
      await s.dispose();
    }
  });

  it('records usage per guard call: /check over two guards is one call of quota and a request per guard', async () => {
    const s = await startServer();
    try {
      const headers = { 'x-api-key': ADMIN_KEY };
      const text = 'x'.repeat(400);
      const res = await s.app.inject({
        method: 'POST',
        url: '/api/v1/guards/check',
        headers,
        payload: { text, guards: ['tokenguard', 'securityguard'] },
      });
      expect(res.statusCode, res.body).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
      const usage = (await s.app.inject({ url: '/api/v1/usage', headers })).json();
      expect(usage.month.calls).toBe(1);
      const byGuard = Object.fromEntries(
        (usage.days as { guard: string; requests: number; tokens: number }[]).map((d) => [d.guard, d]),
      );
      expect(Object.keys(byGuard).sort()).toEqual(['securityguard', 'tokenguard']);
      expect(byGuard.tokenguard).toMatchObject({ requests: 1, tokens: 100 });
      expect(byGuard.securityguard).toMatchObject({ requests: 1, tokens: 100 });
    } finally {
      await s.dispose();
    }
  });
});

describe('identity: asymmetric signing', () => {
  it('EdDSA tokens verify and the public key is published as JWKS', async () => {
    const s = await startServer({ JWT_ALGORITHM: 'EdDSA' });
    try {
      const jwks = (await s.app.inject('/.well-known/jwks.json')).json();
      expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
      expect(jwks.keys[0].d).toBeUndefined();
      const tokens = (
        await s.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
        })
      ).json();
      const me = await s.app.inject({
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(me.statusCode).toBe(200);
      expect(me.json().user.email).toBe(ADMIN_EMAIL);
    } finally {
      await s.dispose();
    }
  });
});
