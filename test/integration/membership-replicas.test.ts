import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateSchema } from '../helpers/postgres.js';
import { randomKey, startServer } from '../helpers/server.js';
import { requirePostgresUrl, requireRedisUrl } from '../helpers/services.js';

type Srv = Awaited<ReturnType<typeof startServer>>;

/**
 * Issue 12, item 1, across replicas: a demotion made on one replica takes effect at once on the
 * other, whose cached role (in the shared Redis) must not outlive the change.
 */
describe('issue 12: a membership change reaches every replica at once', () => {
  let schema: Awaited<ReturnType<typeof privateSchema>>;
  let a: Srv;
  let b: Srv;
  const key = randomKey();

  beforeAll(async () => {
    schema = await privateSchema(await requirePostgresUrl());
    const env = {
      DATABASE_URL: schema.url,
      REDIS_URL: await requireRedisUrl(),
      BOOTSTRAP_API_KEY: key,
      BOOTSTRAP_ADMIN_EMAIL: `owner-${randomUUID()}@example.com`,
      RATE_LIMIT_ADMIN_PER_MINUTE: '10000',
    };
    a = await startServer(env);
    b = await startServer(env);
  });
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await schema?.dispose();
  });

  it('a token of an admin demoted on replica A cannot create a key on replica B', async () => {
    const email = `admin-${randomUUID()}@example.com`;
    const password = 'violet tractor on the moon';
    expect(
      (await a.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password } }))
        .statusCode,
    ).toBe(201);
    const org = (await a.app.inject({ url: '/api/v1/auth/me', headers: { 'x-api-key': key } })).json().api_key
      .organization_id as string;
    const setRole = (role: string) =>
      a.app.inject({
        method: 'PUT',
        url: `/api/v1/organizations/${org}/members`,
        headers: { 'x-api-key': key },
        payload: { email, role },
      });
    expect((await setRole('admin')).statusCode).toBe(200);
    const login = await b.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password, organization_id: org },
    });
    const auth = { authorization: `Bearer ${login.json().access_token}` };
    const createOnB = () =>
      b.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: auth,
        payload: { name: 'x', scopes: ['read'] },
      });
    expect((await createOnB()).statusCode).toBe(201);
    expect((await setRole('viewer')).statusCode).toBe(200);
    expect((await createOnB()).statusCode).toBe(403);
  });
});
