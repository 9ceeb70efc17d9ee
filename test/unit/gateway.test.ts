import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, echoGuard, slowGuard, type TestApp, throwingGuard } from '../helpers/app.js';

const post = (t: TestApp, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });

describe('gateway: system routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp([echoGuard('tokenguard')], { CORS_ORIGINS: 'https://app.example.com' });
  });
  afterAll(() => t.close());

  it('GET / names the service and links', async () => {
    const res = await t.app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'CodeGuardians Gateway', links: { health: '/health' } });
  });

  it('GET /health reports guards and storage backends with their modes', async () => {
    const res = await t.app.inject('/health');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('healthy');
    expect(body.guards.tokenguard).toMatchObject({ status: 'healthy', mode: 'local' });
    expect(body.storage.database).toMatchObject({ kind: 'pglite', mode: 'embedded', status: 'ok' });
    expect(body.storage.kv).toMatchObject({ kind: 'memory', mode: 'embedded', status: 'ok' });
    expect(typeof body.uptime_seconds).toBe('number');
  });

  it('GET /health/live and /health/ready answer', async () => {
    expect((await t.app.inject('/health/live')).json()).toEqual({ status: 'alive' });
    const ready = await t.app.inject('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.database.status).toBe('ok');
  });

  it('GET /health/ready is 503 when the database does not answer', async () => {
    const broken = await createTestApp([echoGuard()], { READY_CHECK_TIMEOUT_MS: '100' });
    const original = broken.db.ping.bind(broken.db);
    broken.db.ping = () => new Promise(() => undefined);
    try {
      const res = await broken.app.inject('/health/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'NOT_READY' });
      expect(res.json().checks.database.status).toBe('unreachable');
    } finally {
      broken.db.ping = original;
      await broken.close();
    }
  });

  it('echoes a well-formed X-Request-ID and replaces a malformed one', async () => {
    const kept = await t.app.inject({ url: '/', headers: { 'x-request-id': 'req-12345678' } });
    expect(kept.headers['x-request-id']).toBe('req-12345678');
    const replaced = await t.app.inject({ url: '/', headers: { 'x-request-id': 'bad id with spaces\n' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers and CORS only for configured origins', async () => {
    const allowed = await t.app.inject({ url: '/', headers: { origin: 'https://app.example.com' } });
    expect(allowed.headers['x-content-type-options']).toBe('nosniff');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const other = await t.app.inject({ url: '/', headers: { origin: 'https://evil.example.net' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('GET /metrics exposes request and guard metrics', async () => {
    await post(t, '/api/v1/guards/process', { service_type: 'tokenguard', payload: { text: 'FLAG me' } });
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      'http_requests_total{method="POST",route="/api/v1/guards/process",status="200"}',
    );
    expect(res.body).toContain('guard_calls_total{guard="tokenguard",verdict="flag"} 1');
    expect(res.body).toContain('guard_call_duration_seconds_bucket');
  });

  it('serves OpenAPI generated from the route schemas, and the docs page', async () => {
    const spec = (await t.app.inject('/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.paths['/api/v1/guards/process'].post.requestBody).toBeDefined();
    expect(spec.paths['/api/v1/guards/check']).toBeDefined();
    const docs = await t.app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await t.app.inject('/api/v1/nothing');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});

describe('gateway: POST /api/v1/guards/process', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(
      [echoGuard('tokenguard'), throwingGuard('biasguard'), slowGuard('healthguard', 2000)],
      {
        BODY_LIMIT_BYTES: '4096',
        JSON_MAX_DEPTH: '10',
      },
    );
  });
  afterAll(() => t.close());

  it('runs the guard and answers in the original envelope', async () => {
    const res = await post(
      t,
      '/api/v1/guards/process',
      { service_type: 'tokenguard', payload: { text: 'hello' }, user_id: 'u1', session_id: 's1' },
      { 'x-request-id': 'abcdef123456' },
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      request_id: 'abcdef123456',
      service_type: 'tokenguard',
      success: true,
      error: null,
      service_used: 'tokenguard',
      fallback_used: false,
      data: { guard: 'tokenguard', verdict: 'allow', data: { echoed: 'hello' } },
    });
    expect(typeof body.processing_time).toBe('number');
    expect(typeof body.data.timing_ms).toBe('number');
    const call = t.calls.at(-1);
    expect(call).toMatchObject({
      guard: 'tokenguard',
      verdict: 'allow',
      userId: 'u1',
      sessionId: 's1',
    });
  });

  it.each(['/api/v1/guards/scan', '/api/v1/scan', '/api/v1/analyze'])('serves the alias %s', async (url) => {
    const res = await post(t, url, { service_type: 'tokenguard', payload: { text: 'x' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().success).toBe(true);
  });

  it.each([
    'R&D costs $5',
    'Tom & Jerry',
    'I love python code',
    'what does `rm -rf /` do?; DROP TABLE x; <b>',
  ])('never rejects text for its content: %s', async (text) => {
    const res = await post(t, '/api/v1/guards/process', { service_type: 'tokenguard', payload: { text } });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.data.echoed).toBe(text);
  });

  it('a block verdict is still a success', async () => {
    const res = await post(t, '/api/v1/guards/process', {
      service_type: 'tokenguard',
      payload: { text: 'BLOCK' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ success: true, data: { verdict: 'block' } });
  });

  const badInputs: [string, unknown, number, string][] = [
    ['missing service_type', { payload: { text: 'x' } }, 400, 'VALIDATION_ERROR'],
    ['unknown service_type', { service_type: 'nope', payload: { text: 'x' } }, 400, 'UNKNOWN_SERVICE_TYPE'],
    ['empty payload', { service_type: 'tokenguard', payload: {} }, 400, 'EMPTY_PAYLOAD'],
    ['payload of the wrong type', { service_type: 'tokenguard', payload: 'text' }, 400, 'VALIDATION_ERROR'],
    ['service_type of the wrong type', { service_type: 42, payload: { text: 'x' } }, 400, 'VALIDATION_ERROR'],
    [
      'payload that does not fit the guard',
      { service_type: 'tokenguard', payload: { text: 5 } },
      400,
      'INVALID_PAYLOAD',
    ],
    ['a body that is an array', [1, 2], 400, 'VALIDATION_ERROR'],
  ];
  it.each(badInputs)('rejects %s with a 4xx problem and a code', async (_name, body, status, code) => {
    const res = await post(t, '/api/v1/guards/process', body);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code, status });
    expect(res.json().request_id).toBe(res.headers['x-request-id']);
  });

  it('names the field at fault', async () => {
    const missing = await post(t, '/api/v1/guards/process', { payload: { text: 'x' } });
    expect(missing.json().detail).toContain('service_type');
    const wrong = await post(t, '/api/v1/guards/process', {
      service_type: 'tokenguard',
      payload: { text: 'x', level: 9 },
    });
    expect(wrong.json()).toMatchObject({ code: 'INVALID_PAYLOAD', fields: ['payload.level'] });
  });

  it('lists the valid service types for an unknown one', async () => {
    const res = await post(t, '/api/v1/guards/process', { service_type: 'nope', payload: { text: 'x' } });
    expect(res.json().valid_service_types).toEqual(['tokenguard', 'biasguard', 'healthguard']);
  });

  it('rejects invalid JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/guards/process',
      headers: { 'content-type': 'application/json' },
      payload: '{"service_type": "tokenguard", "payload": {',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_JSON');
  });

  it('rejects a body over the limit with 413', async () => {
    const res = await post(t, '/api/v1/guards/process', {
      service_type: 'tokenguard',
      payload: { text: 'x'.repeat(5000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('rejects nesting over the depth limit', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 12; i++) deep = { d: deep };
    const res = await post(t, '/api/v1/guards/process', {
      service_type: 'tokenguard',
      payload: { text: 'x', deep },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('JSON_TOO_DEEP');
  });

  it('rejects an unsupported content type', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/guards/process',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('drops __proto__ keys instead of polluting prototypes', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/guards/process',
      headers: { 'content-type': 'application/json' },
      payload: '{"service_type":"tokenguard","payload":{"text":"x","__proto__":{"polluted":true}}}',
    });
    expect(res.statusCode).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a guard that throws is a 500 without the internal message', async () => {
    const res = await post(t, '/api/v1/guards/process', {
      service_type: 'biasguard',
      payload: { text: 'x' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe('INTERNAL');
    expect(res.body).not.toContain('secret internal detail');
    expect(t.calls.at(-1)).toMatchObject({ guard: 'biasguard', verdict: 'error', errorCode: 'INTERNAL' });
  });

  it('a guard past the deadline is a 504', async () => {
    const res = await post(t, '/api/v1/guards/process', {
      service_type: 'healthguard',
      payload: { text: 'x' },
      timeout: 0.05,
    });
    expect(res.statusCode).toBe(504);
    expect(res.json().code).toBe('GUARD_TIMEOUT');
  });
});

describe('gateway: POST /api/v1/guards/check', () => {
  it('runs the selected guards in parallel and aggregates the most severe verdict', async () => {
    const t = await createTestApp([echoGuard('tokenguard'), echoGuard('trustguard')]);
    try {
      const res = await post(t, '/api/v1/guards/check', {
        text: 'please FLAG this',
        options: { trustguard: { level: 2 } },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.verdict).toBe('flag');
      expect(Object.keys(body.guards).sort()).toEqual(['tokenguard', 'trustguard']);
      expect(body.errors).toEqual([]);
      const only = await post(t, '/api/v1/guards/check', { text: 'BLOCK', guards: ['trustguard'] });
      expect(only.json()).toMatchObject({ verdict: 'block', blocked: true, score: 0.9 });
      expect(Object.keys(only.json().guards)).toEqual(['trustguard']);
      const unknown = await post(t, '/api/v1/guards/check', { text: 'x', guards: ['nope'] });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().code).toBe('UNKNOWN_SERVICE_TYPE');
    } finally {
      await t.close();
    }
  });

  it.each([
    ['closed', 'block'],
    ['open', 'allow'],
  ])(
    'with fail mode %s a failing or late guard yields an error entry and counts as %s',
    async (mode, verdict) => {
      const t = await createTestApp(
        [echoGuard('tokenguard'), throwingGuard('biasguard'), slowGuard('healthguard', 2000)],
        {
          GUARD_FAIL_MODE: mode,
        },
      );
      try {
        const res = await post(t, '/api/v1/guards/check', { text: 'fine', timeout: 0.1 });
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.verdict).toBe(verdict);
        expect(body.fail_mode).toBe(mode);
        expect(body.guards.tokenguard.verdict).toBe('allow');
        expect(body.errors).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ guard: 'biasguard', code: 'INTERNAL' }),
            expect.objectContaining({ guard: 'healthguard', code: 'GUARD_TIMEOUT' }),
          ]),
        );
        expect(res.body).not.toContain('secret internal detail');
      } finally {
        await t.close();
      }
    },
  );
});

describe('gateway: guard listing', () => {
  it('lists registered guards with mode, health and payload JSON schema', async () => {
    const t = await createTestApp([echoGuard('tokenguard')]);
    try {
      const services = (await t.app.inject('/api/v1/guards/services')).json();
      expect(services.count).toBe(1);
      expect(services.services[0]).toMatchObject({
        name: 'tokenguard',
        mode: 'local',
        health: { status: 'healthy' },
      });
      expect(services.services[0].payload_schema.properties.text.type).toBe('string');
      const health = (await t.app.inject('/api/v1/guards/health')).json();
      expect(health).toMatchObject({ status: 'healthy', services: { tokenguard: { status: 'healthy' } } });
    } finally {
      await t.close();
    }
  });
});

describe('JSON bodies of a megabyte or more (parsed on a worker thread)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The echo guard's input cap is the default one; the text stays under it.
    t = await createTestApp([echoGuard()], { BODY_LIMIT_BYTES: String(4 * 1024 * 1024) });
  });
  afterAll(async () => t.close());

  const big = (text: string, extra = '') =>
    `{"service_type":"tokenguard","payload":{"text":${JSON.stringify(text)}${extra}},"pad":"${'p'.repeat(1024 * 1024)}"}`;
  const send = (payload: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/guards/process',
      headers: { 'content-type': 'application/json' },
      payload,
    });

  it('answers as for a small body: the value, a dropped __proto__ key, the same errors', async () => {
    const ok = await send(big('héllo ✓ FLAG', ',"__proto__":{"polluted":true}'));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data.verdict).toBe('flag');
    expect(ok.json().data.data.echoed).toBe('héllo ✓ FLAG');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();

    const broken = await send(`${big('x').slice(0, -2)}`);
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('INVALID_JSON');
    expect(broken.json().detail).toContain('not valid JSON');

    let deep = '"x"';
    for (let i = 0; i < 12; i++) deep = `{"d":${deep}}`;
    const tooDeep = await send(big('x', `,"deep":${deep}`));
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json().code).toBe('JSON_TOO_DEEP');

    // The thread keeps serving after errors.
    expect((await send(big('again'))).statusCode).toBe(200);
  });
});
