import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateSchema } from '../helpers/postgres.js';
import { freePort } from '../helpers/private-redis.js';
import { ADMIN_KEY, startServer } from '../helpers/server.js';
import { requirePostgresUrl } from '../helpers/services.js';

/**
 * Issue 12, item 8: during a PostgreSQL outage guard calls keep working from the last known tiers,
 * and what needs the database answers 503 with Retry-After, never 500. The outage is a TCP proxy
 * in front of the shared server that this test closes; the server itself is never touched.
 */
describe('issue 12: PostgreSQL outage', () => {
  let proxy: Server;
  const sockets = new Set<Socket>();
  let schema: Awaited<ReturnType<typeof privateSchema>>;
  let s: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    const pgUrl = await requirePostgresUrl();
    schema = await privateSchema(pgUrl);
    const target = new URL(pgUrl);
    const port = await freePort();
    proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    const url = new URL(schema.url);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    s = await startServer({ DATABASE_URL: url.toString() });
  });

  afterAll(async () => {
    await s?.dispose().catch(() => undefined);
    proxy?.close();
    await schema?.dispose();
  });

  const run = (key: string) =>
    s.app.inject({
      method: 'POST',
      url: '/api/v1/guards/process',
      headers: { 'x-api-key': key },
      payload: { service_type: 'tokenguard', payload: { text: 'still counting' } },
    });

  it('serves guard calls from the last known tier and answers 503 with Retry-After for the rest', async () => {
    expect((await run(ADMIN_KEY)).statusCode).toBe(200);
    const unseen = await s.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { 'x-api-key': ADMIN_KEY },
      payload: { name: 'never used', scopes: ['guards:run'] },
    });
    expect(unseen.statusCode).toBe(201);

    // The outage: no new connections, and the open ones cut.
    proxy.close();
    for (const socket of sockets) socket.destroy();
    // Let the tier cache expire, as it would 15 seconds into an outage.
    const cache = (s.platform!.tiers as unknown as { cache: Map<string, { at: number }> }).cache;
    for (const entry of cache.values()) entry.at = 0;

    const during = await run(ADMIN_KEY);
    expect(during.statusCode).toBe(200);

    // A key never cached needs the database: 503 with Retry-After, not 500.
    const fresh = await run(unseen.json().key);
    expect(fresh.statusCode).toBe(503);
    expect(fresh.json().code).toBe('NOT_READY');
    expect(Number(fresh.headers['retry-after'])).toBeGreaterThan(0);

    const list = await s.app.inject({ url: '/api/v1/api-keys', headers: { 'x-api-key': ADMIN_KEY } });
    expect(list.statusCode).toBe(503);
    expect(Number(list.headers['retry-after'])).toBeGreaterThan(0);
  });
});
