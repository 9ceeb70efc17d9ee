import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerFileRoutes } from '../../src/gateway/routes/files.js';
import { LocalFileStore } from '../../src/storage/files/local.js';
import { S3FileStore } from '../../src/storage/files/s3.js';
import { CONTRACT_LIMITS, filesContract } from '../contract/files.contract.js';
import { freePort } from '../helpers/private-redis.js';
import { routeTestApp } from '../helpers/route-app.js';
import { startS3rver } from '../helpers/s3rver.js';

// The local store, with its presigned URLs served by the real route on a real port.
filesContract('local folder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'cg-files-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const store = await LocalFileStore.open({ root, limits: CONTRACT_LIMITS, publicBaseUrl: base });
  const app = routeTestApp();
  await registerFileRoutes(app, { store, organizationOf: () => 'default', urlTtlSeconds: 60 });
  await app.listen({ host: '127.0.0.1', port });
  return {
    store,
    absolute: (url) => url,
    checksSignatures: true,
    async close() {
      await app.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});

// S3 against a real S3-compatible server started here (s3rver does not check signatures; the
// presigner has its own unit test).
filesContract('S3 (s3rver)', async () => {
  const bucket = 'cg-contract';
  const server = await startS3rver(bucket);
  const spoolDir = await mkdtemp(join(tmpdir(), 'cg-spool-'));
  const store = new S3FileStore({
    bucket,
    region: 'us-east-1',
    endpoint: server.endpoint,
    forcePathStyle: true,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    prefix: 'gw/',
    limits: CONTRACT_LIMITS,
    spoolDir,
  });
  await store.ensureBucket();
  return {
    store,
    absolute: (url) => url,
    checksSignatures: false,
    async close() {
      await store.close();
      await server.close();
      await rm(spoolDir, { recursive: true, force: true });
    },
  };
});
