import { afterAll, beforeAll } from 'vitest';
import { type Composed, composeCore } from '../../src/app/compose.js';
import { testConfig } from '../../src/config.js';
import type { GuardClient } from '../../src/orchestrator/client.js';
import { guardClientContract } from '../contract/guard-client.contract.js';

/** The in-process client, composed as `codeguardians serve` composes it (no database needed). */
let core: Composed;
beforeAll(async () => {
  core = await composeCore(testConfig({ SECURITYGUARD_MAX_CHARS: '20000' }), { db: 'none' });
}, 60_000);
afterAll(() => core.close());

guardClientContract('in-process', () => ({
  client: (guard) => {
    const client = core.orchestrator.list().find((c) => c.name === guard) as GuardClient;
    return client;
  },
  securityMaxChars: 20_000,
}));
