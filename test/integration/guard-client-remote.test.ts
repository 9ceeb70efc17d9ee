import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Composed, composeCore } from '../../src/app/compose.js';
import { testConfig } from '../../src/config.js';
import type { GuardClient } from '../../src/orchestrator/client.js';
import { checkPath } from '../../src/orchestrator/remote/protocol.js';
import { contextFor, guardClientContract } from '../contract/guard-client.contract.js';
import { privateSchema } from '../helpers/postgres.js';
import { type ServeProcess, startServe } from '../helpers/process.js';
import { requirePostgresUrl, requireRedisUrl } from '../helpers/services.js';

/**
 * The HTTP client, composed as MODE=gateway composes it, against real guard service processes
 * (MODE=<guard>, each on its own embedded storage): the same contract as the in-process client.
 */
const TOKEN = 'contract-service-token-0123456789abcdef';
const GUARDS = ['securityguard', 'contextguard', 'tokenguard'] as const;
const services = new Map<string, ServeProcess>();
let gateway: Composed;

let schema: Awaited<ReturnType<typeof privateSchema>>;

beforeAll(async () => {
  // The services share the machine's PostgreSQL (a private schema) and Redis, as in production.
  schema = await privateSchema(await requirePostgresUrl());
  const shared = {
    DATABASE_URL: schema.url,
    REDIS_URL: await requireRedisUrl(),
    SERVICE_TOKEN: TOKEN,
    SECURITYGUARD_MAX_CHARS: '20000',
    AUTH_ENABLED: 'false',
  };
  const started = await Promise.all(
    GUARDS.map((guard) => startServe({ ...shared, MODE: guard }, { timeoutMs: 180_000 })),
  );
  for (const [i, guard] of GUARDS.entries()) services.set(guard, started[i] as ServeProcess);
  gateway = await composeCore(
    testConfig({
      MODE: 'gateway',
      SERVICE_TOKEN: TOKEN,
      SECURITYGUARD_MAX_CHARS: '20000',
      ...Object.fromEntries(GUARDS.map((g) => [`GUARD_${g.toUpperCase()}_URLS`, services.get(g)?.url ?? ''])),
    }),
    { db: 'none' },
  );
}, 240_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([...services.values()].map((s) => s.stop()));
  await schema?.dispose();
});

const clientOf = (guard: string): GuardClient => {
  const client = gateway.orchestrator.list().find((c) => c.name === guard);
  if (!client) throw new Error(`no client for ${guard}`);
  return client;
};

guardClientContract('remote (HTTP to guard services)', () => ({
  client: (guard) => clientOf(guard),
  securityMaxChars: 20_000,
}));

describe('remote guard client: what only the network adds', () => {
  it('is remote and names the instance that answered', async () => {
    const client = clientOf('securityguard');
    expect(client.mode).toBe('remote');
    const { ctx, deadline } = contextFor();
    const result = await client.check({ text: 'hello there' }, ctx);
    deadline.clear();
    expect(result.service).toEqual({
      used: expect.stringMatching(/^securityguard@[0-9a-f]{8}$/),
      fallback: false,
    });
  });

  it('the internal endpoint refuses a caller without the service token', async () => {
    const url = `${services.get('securityguard')?.url}${checkPath('securityguard')}`;
    const body = JSON.stringify({ payload: { text: 'x' }, identity: { requestId: 'r1' } });
    const headers = { 'content-type': 'application/json' };
    const none = await fetch(url, { method: 'POST', headers, body });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    const wrong = await fetch(url, {
      method: 'POST',
      headers: { ...headers, authorization: 'Bearer not-the-token-not-the-token-123456' },
      body,
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${TOKEN}` },
      body,
    });
    expect(right.status).toBe(200);
  });

  it('a gateway with the wrong token gets GUARD_UNAVAILABLE, never the service 401', async () => {
    const wrong = await composeCore(
      testConfig({
        MODE: 'gateway',
        SERVICE_TOKEN: 'a-different-token-0123456789abcdefgh',
        GUARD_SECURITYGUARD_URLS: services.get('securityguard')?.url ?? '',
      }),
      { db: 'none' },
    );
    try {
      const client = wrong.orchestrator.list().find((c) => c.name === 'securityguard') as GuardClient;
      const { ctx, deadline } = contextFor();
      await expect(client.check({ text: 'hello' }, ctx)).rejects.toMatchObject({ code: 'GUARD_UNAVAILABLE' });
      deadline.clear();
    } finally {
      await wrong.close();
    }
  });
});
