import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/gateway/error-handler.js';
import { sharedTestDb } from '../helpers/app.js';
import { ADMIN_KEY, startServer } from '../helpers/server.js';

// PostgreSQL cannot store U+0000 in text or jsonb. A client that sends it gets a 400 naming the
// field, and rows written later (analyses, job reports) drop the character instead of failing
// a whole batch with other requests' rows in it.
describe('text with the NUL character (U+0000)', () => {
  let s: Awaited<ReturnType<typeof startServer>>;
  const headers = { 'x-api-key': ADMIN_KEY };
  beforeAll(async () => {
    s = await startServer({ HEALTHGUARD_METRICS_INTERVAL_MS: '0', RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => s.dispose());

  it('a stored name with NUL is a 400 naming the field, and nothing is created', async () => {
    const before = (await s.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers })).json().count;
    for (const [url, payload, field] of [
      ['/api/v1/api-keys', { name: 'ci\u0000key' }, 'body.name'],
      ['/api/v1/biasguard/policies', { name: 'p', description: 'a\u0000b' }, 'body.description'],
    ] as const) {
      const res = await s.app.inject({ method: 'POST', url, headers, payload });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR', fields: [field] });
    }
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers })).json().count).toBe(
      before,
    );
  });

  it('a user_id with NUL is a 400, not a failed audit write (was a 500 once an org had a bias policy)', async () => {
    const policy = await s.app.inject({
      method: 'POST',
      url: '/api/v1/biasguard/policies',
      headers,
      payload: { name: 'no stereotypes', threshold: 0.3 },
    });
    expect(policy.statusCode).toBe(201);
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/guards/process',
      headers,
      payload: {
        service_type: 'biasguard',
        user_id: 'u\u0000',
        payload: { text: 'women are too emotional to lead' },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR', fields: ['body.user_id'] });
  });

  it('HealthGuard samples with NUL are stored, and so are the other analyses of the same batch', async () => {
    const run = (id: string, content: string) =>
      s.app.inject({
        method: 'POST',
        url: '/api/v1/guards/process',
        headers,
        payload: { service_type: 'healthguard', payload: { samples: [{ id, content }] } },
      });
    const [withNul, plain] = await Promise.all([
      run('a\u0000b', 'hello\u0000 there'),
      run('c', 'good morning'),
    ]);
    expect(withNul.statusCode).toBe(200);
    expect(plain.statusCode).toBe(200);
    const ids = [withNul.json().request_id as string, plain.json().request_id as string];
    let rows: { sample_id: string }[] = [];
    const deadline = Date.now() + 20_000;
    while (rows.length < 2 && Date.now() < deadline) {
      rows = await s.db.query<{ sample_id: string }>(
        'SELECT sample_id FROM poisonguard_analysis_results WHERE request_id = ANY($1::text[]) ORDER BY sample_id',
        [ids],
      );
      if (rows.length < 2) await new Promise((r) => setTimeout(r, 50));
    }
    expect(rows.map((r) => r.sample_id)).toEqual(['ab', 'c']);
  });

  it('a dataset job whose rows hold NUL succeeds (its report was refused by jsonb)', async () => {
    const submit = await s.app.inject({
      method: 'POST',
      url: '/api/v1/healthguard/jobs',
      headers,
      payload: {
        dataset: [
          { id: 'r\u00001', text: 'great product\u0000', label: 'pos\u0000' },
          { id: 'r2', text: 'terrible service', label: 'neg' },
        ],
      },
    });
    expect(submit.statusCode).toBe(202);
    const id = submit.json().id as string;
    let status = '';
    const deadline = Date.now() + 20_000;
    while (!['succeeded', 'failed'].includes(status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await s.app.inject({ method: 'GET', url: `/api/v1/healthguard/jobs/${id}`, headers })).json()
        .status;
    }
    expect(status).toBe('succeeded');
    const result = await s.app.inject({
      method: 'GET',
      url: `/api/v1/healthguard/jobs/${id}/result`,
      headers,
    });
    expect(result.statusCode).toBe(200);
    expect(result.json().result.total_rows).toBe(2);
  });

  it('a NUL that reaches the database through a route without the check is a 400, not a 500', async () => {
    const db = await sharedTestDb();
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    app.post('/text', async () => db.query('SELECT $1::text AS t', ['a\u0000b']));
    app.post('/json', async () => db.query('SELECT $1::jsonb AS j', [JSON.stringify({ a: 'a\u0000b' })]));
    for (const url of ['/text', '/json']) {
      const res = await app.inject({ method: 'POST', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('VALIDATION_ERROR');
    }
    await app.close();
  });
});
