import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { GUARD_NAMES } from '../../src/guards/contract.js';
import { createGuards, GUARD_FACTORIES } from '../../src/guards/registry.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { sharedTestDb } from '../helpers/app.js';

const GUARDS_DIR = join(import.meta.dirname, '../../src/guards');

describe('guard registry', () => {
  const kv = new MemoryKeyValueStore();
  afterAll(() => kv.close());

  it('registers exactly the guard folders that have an index.ts', () => {
    const folders = readdirSync(GUARDS_DIR)
      .filter(
        (f) => statSync(join(GUARDS_DIR, f)).isDirectory() && existsSync(join(GUARDS_DIR, f, 'index.ts')),
      )
      .sort();
    expect(Object.keys(GUARD_FACTORIES).sort()).toEqual(folders);
    for (const name of folders) expect(GUARD_NAMES).toContain(name);
  });

  it('every registered guard accepts the minimal {text} payload of the original clients', async () => {
    const db = await sharedTestDb();
    const guards = createGuards({
      config: testConfig({ HEALTHGUARD_WORKERS: '0' }),
      kv,
      db,
      logger: pino({ level: 'silent' }),
    });
    expect(guards.size).toBe(Object.keys(GUARD_FACTORIES).length);
    for (const [name, guard] of guards) {
      const parsed = guard.payloadSchema.safeParse({ text: 'Hello world' });
      expect(parsed.success, `${name} rejects {text}`).toBe(true);
      const outcome = await guard.check(parsed.data, {
        requestId: 'registry-test',
        signal: new AbortController().signal,
        logger: pino({ level: 'silent' }),
      });
      expect(['allow', 'flag', 'block']).toContain(outcome.verdict);
      expect(outcome.score).toBeGreaterThanOrEqual(0);
      expect(outcome.score).toBeLessThanOrEqual(1);
      await guard.close?.();
    }
  });
});
