import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { buildModules, GUARD_MODULES } from '../../src/guards/registry.js';
import { SentenceEncoder } from '../../src/semantic/encoder.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { sharedTestDb } from '../helpers/app.js';

const GUARDS_DIR = join(import.meta.dirname, '../../src/guards');

describe('guard registry', () => {
  const kv = new MemoryKeyValueStore();
  const embedder = new SentenceEncoder();
  afterAll(async () => {
    await kv.close();
    await embedder.close();
  });

  it('registers exactly the guard folders that have a module.ts, under their folder names', () => {
    const folders = readdirSync(GUARDS_DIR)
      .filter(
        (f) => statSync(join(GUARDS_DIR, f)).isDirectory() && existsSync(join(GUARDS_DIR, f, 'module.ts')),
      )
      .sort();
    expect(GUARD_MODULES.map((m) => m.name).sort()).toEqual(folders);
    // Every folder has the same shape.
    for (const name of folders) {
      for (const file of ['index.ts', 'config.ts', 'module.ts']) {
        expect(existsSync(join(GUARDS_DIR, name, file)), `${name}/${file}`).toBe(true);
      }
    }
  });

  it('every registered guard accepts the minimal {text} payload of the original clients', async () => {
    const db = await sharedTestDb();
    const parts = await buildModules(GUARD_MODULES, GUARD_MODULES, {
      config: testConfig({ HEALTHGUARD_WORKERS: '0' }),
      kv,
      db,
      logger: pino({ level: 'silent' }),
      embedder,
    });
    expect(parts.length).toBe(GUARD_MODULES.length);
    for (const { guard } of parts) {
      const parsed = guard.payloadSchema.safeParse({ text: 'Hello world' });
      expect(parsed.success, `${guard.name} rejects {text}`).toBe(true);
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
