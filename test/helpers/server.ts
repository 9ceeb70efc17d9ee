import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServer, type Server } from '../../src/app/compose.js';
import { testConfig } from '../../src/config.js';

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'correct horse battery staple';
export const ADMIN_KEY = `cg_${'A'.repeat(40)}`;

/** A fresh bootstrap key, for servers that share a Redis with other test files. */
export const randomKey = (): string => `cg_${randomBytes(30).toString('hex')}`;

/**
 * The real gateway, composed exactly as `codeguardians serve` does, on a private data folder (or
 * the DATABASE_URL/REDIS_URL given), with a known bootstrap admin and API key.
 */
export async function startServer(
  env: Record<string, string> = {},
): Promise<Server & { dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-test-'));
  const server = await composeServer(
    testConfig({
      DATA_DIR: dataDir,
      AUTH_ENABLED: 'true',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BOOTSTRAP_API_KEY: ADMIN_KEY,
      ...env,
    }),
  );
  return {
    ...server,
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
