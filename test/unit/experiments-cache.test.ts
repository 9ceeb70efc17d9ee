import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperimentService } from '../../src/platform/experiments/service.js';
import { PgliteDatabase } from '../../src/storage/db/pglite.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';

describe("ExperimentService: an organization's running experiments, read once for all its guards", () => {
  let db: PgliteDatabase;
  let reads = 0;
  let service: ExperimentService;
  const org = 'org-experiments-cache';

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await db.migrate();
    // Counts the reads of running experiments that reach the database.
    const counted = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'query')
          return (text: string, params?: unknown[]) => {
            if (text.includes("status = 'running'") && text.startsWith('SELECT *')) reads++;
            return target.query(text, params);
          };
        return Reflect.get(target, prop, receiver);
      },
    });
    service = new ExperimentService(counted, new MemoryKeyValueStore(), pino({ level: 'silent' }), 60_000);
    const variants = [
      { name: 'a', settings: { flag: 0.3, block: 0.6 } },
      { name: 'b', settings: { flag: 0.5, block: 0.8 } },
    ];
    for (const guard of ['securityguard', 'biasguard'] as const) {
      const e = await service.create(org, { name: guard, guard, unit: 'user', variants });
      await service.transition(org, e.id, { status: 'running' });
    }
  });
  afterAll(() => db.close());

  it('answers concurrent calls of several guards with one read, each guard its own experiment', async () => {
    reads = 0;
    const identity = { requestId: 'r1', userId: 'u1', organizationId: org };
    const [security, bias, trust] = await Promise.all([
      service.variantFor(org, 'securityguard', identity),
      service.variantFor(org, 'biasguard', identity),
      service.variantFor(org, 'trustguard', identity),
      service.variantFor(org, 'securityguard', identity),
    ]);
    expect(reads).toBe(1);
    expect(security?.name).toMatch(/^[ab]$/);
    expect(bias?.name).toMatch(/^[ab]$/);
    expect(security?.experimentId).not.toBe(bias?.experimentId);
    expect(trust).toBeUndefined();
  });

  it('reads again after a change, which then applies at once', async () => {
    const identity = { requestId: 'r2', userId: 'u1', organizationId: org };
    const running = (await service.list(org)).find((e) => e.guard === 'biasguard');
    await service.transition(org, running!.id, { status: 'stopped' });
    reads = 0;
    expect(await service.variantFor(org, 'biasguard', identity)).toBeUndefined();
    expect(await service.variantFor(org, 'securityguard', identity)).toBeDefined();
    expect(reads).toBe(1);
  });
});
