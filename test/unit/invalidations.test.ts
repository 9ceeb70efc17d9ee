import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Invalidations } from '../../src/platform/invalidations.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { sharedTestDb } from '../helpers/app.js';

describe('Invalidations (issue 12, item 3)', () => {
  it('a replica that never got the message learns the revocation from the database', async () => {
    const db = await sharedTestDb();
    const logger = pino({ level: 'silent' });
    // Two replicas whose key-value stores never talk (Redis was down for the first one).
    const a = new Invalidations(db, new MemoryKeyValueStore(), logger, 3_600_000);
    const b = new Invalidations(db, new MemoryKeyValueStore(), logger, 3_600_000);
    await b.start(60_000);
    const cachedAt = Date.now() - 60_000;
    expect(b.fresh('apikeys:abc', cachedAt)).toBe(true);
    await a.invalidate('org-1', 'apikeys:abc');
    await b.poll();
    expect(b.fresh('apikeys:abc', cachedAt)).toBe(false);
    // An entry written well after the revocation is trusted again; other keys are untouched.
    expect(b.fresh('apikeys:abc', Date.now() + 10_000)).toBe(true);
    expect(b.fresh('apikeys:other', cachedAt)).toBe(true);
    const [row] = await db.query<{ organization_id: string }>(
      "SELECT organization_id FROM kv_invalidations WHERE key = 'apikeys:abc'",
    );
    expect(row?.organization_id).toBe('org-1');
    await b.stop();
  });
});
