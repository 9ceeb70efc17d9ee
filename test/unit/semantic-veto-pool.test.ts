import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../../src/app/compose.js';
import { loadDriftModel } from '../../src/guards/contextguard/drift-model.js';
import { ADMIN_KEY, startServer } from '../helpers/server.js';

/**
 * ContextGuard's semantic veto on the guard pool's threads: a turn over GUARD_INLINE_MAX_CHARS is
 * checked on a pool thread, which has no encoder of its own and asks the process's one on the main
 * thread. Every check goes to the pool here (GUARD_INLINE_MAX_CHARS=0); the veto's answer
 * (`semantic_similarity`, the flag overruled) must be the same as inline.
 */

type Gateway = Server & { dispose(): Promise<void> };

// A follow-up the fast drift model flags and the encoder places near the session (as in
// src/guards/contextguard/contextguard.test.ts).
const CAT = [
  'We adopted a rescue cat last week and she hides under the bed all day.',
  'She eats at night but runs away when we enter the room.',
  'Would treats or play help her get used to us?',
];

interface Drift {
  drifted: boolean;
  semantic_similarity?: number;
}

async function converse(s: Gateway, session: string): Promise<Drift | null> {
  let drift: Drift | null = null;
  for (const text of CAT) {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/guards/process',
      payload: JSON.stringify({ service_type: 'contextguard', payload: { session_id: session, text } }),
      headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
    });
    expect(res.statusCode).toBe(200);
    drift = (res.json() as { data: { data: { topic_drift: Drift | null } } }).data.data.topic_drift;
  }
  return drift;
}

describe('semantic veto on the guard pool', () => {
  const settings = {
    GUARD_WORKERS: '1',
    GUARD_INLINE_MAX_CHARS: '0',
    GUARD_TIMEOUT_MS: '120000',
    CONTEXTGUARD_SEMANTIC_DEADLINE_MS: '60000',
    RATE_LIMIT_ENABLED: 'false',
  };
  let pooled: Gateway;
  let pooledFast: Gateway;
  beforeAll(async () => {
    pooled = await startServer(settings);
    pooledFast = await startServer({ ...settings, CONTEXTGUARD_SEMANTIC_VETO: 'false' });
  }, 180_000);
  afterAll(async () => {
    await pooled?.dispose();
    await pooledFast?.dispose();
  });

  it('a pool thread asks the main thread for the sentence encoder, and the veto overrules the flag', async () => {
    const vetoAbove = loadDriftModel()?.vetoAbove ?? Number.NaN;
    const fast = await converse(pooledFast, 'cat');
    expect(fast?.drifted).toBe(true);
    expect(fast?.semantic_similarity).toBeUndefined();
    const vetoed = await converse(pooled, 'cat');
    expect(vetoed?.semantic_similarity).toBeGreaterThanOrEqual(vetoAbove);
    expect(vetoed?.drifted).toBe(false);
  }, 180_000);
});
