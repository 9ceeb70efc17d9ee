import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { stateKey, turnsKey } from '../../src/guards/contextguard/keys.js';
import { importLegacySessions } from '../../src/guards/contextguard/legacy-sessions.js';
import { ContextMemory } from '../../src/guards/contextguard/memory.js';
import { importLegacyConfig } from '../../src/platform/legacy-config.js';
import { RuntimeConfigService } from '../../src/platform/runtime-config.js';
import { openKeyValueStore } from '../../src/storage/kv/index.js';
import type { KeyValueStore } from '../../src/storage/kv/types.js';
import { privateSchema } from '../helpers/postgres.js';
import { requirePostgresUrl, requireRedisUrl } from '../helpers/services.js';

const logger = pino({ level: 'silent' });
const config = testConfig();

/** The original's file-based sessions, in the format docs/storage.md assumes, with some broken files. */
async function buildSessions(dir: string, org: string): Promise<void> {
  await mkdir(join(dir, 'sessions'), { recursive: true });
  await writeFile(
    join(dir, 'sessions', 'chat-1.json'),
    JSON.stringify({
      session_id: 'chat-1',
      user_id: 'u-1',
      created_at: '2024-03-01 10:00:00',
      conversation_history: [
        { role: 'system', content: 'You only answer questions about cooking.', timestamp: 1709287200 },
        { role: 'user', content: 'How long do I boil an egg?', timestamp: '2024-03-01T10:00:05Z' },
        { role: 'assistant', content: 'About nine minutes for a hard egg.' },
      ],
      system_rules: ['only answer questions about cooking'],
      context: { diet: 'vegetarian', servings: 4 },
    }),
  );
  // Named by its file; another organization's session in the same folder.
  await writeFile(
    join(dir, 'sessions', 'chat-2.json'),
    JSON.stringify({ organization_id: `${org}-other`, messages: [{ role: 'user', text: 'hello' }] }),
  );
  // One file holding several sessions, one of them invalid.
  await writeFile(
    join(dir, 'sessions', 'bundle.json'),
    JSON.stringify({
      sessions: [
        {
          id: 'chat-3',
          history: [
            { role: 'user', message: 'first' },
            { role: 'assistant', message: 'second' },
          ],
        },
        { id: 'chat-4', history: [{ role: 'wizard', content: 'abracadabra' }] },
      ],
    }),
  );
  await writeFile(join(dir, 'sessions', 'broken.json'), '{ not json');
}

describe('migrate-data sessions: the original file-based sessions into Redis', () => {
  let dir: string;
  let kv: KeyValueStore;
  const org = `legacy-sessions-${Date.now()}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cg-legacy-sessions-'));
    await buildSessions(dir, org);
    kv = await openKeyValueStore({ REDIS_URL: await requireRedisUrl() }, logger);
    expect(kv.kind).toBe('redis');
  });
  afterAll(async () => {
    for (const namespace of [org, `${org}-other`]) {
      for (const key of await kv.keys(`contextguard:${namespace}:`)) await kv.del(key);
    }
    await kv.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a dry run counts and writes nothing', async () => {
    const report = await importLegacySessions(kv, config, dir, { organizationId: org, dryRun: true });
    expect(report).toMatchObject({
      files: 4,
      sessions_read: 3,
      sessions_imported: 3,
      sessions_existing: 0,
      turns_imported: 6,
      memory_keys_imported: 2,
    });
    expect(report.invalid.map((i) => [i.file.split('/').pop(), i.reason])).toEqual([
      ['broken.json', expect.stringContaining('not JSON')],
      ['bundle.json#1', "turn 0 has role 'wizard'"],
    ]);
    expect(await kv.keys(`contextguard:${org}:`)).toEqual([]);
  });

  it('imports turns, rules and memory under each organization, and a second run adds nothing', async () => {
    const first = await importLegacySessions(kv, config, dir, { organizationId: org, dryRun: false });
    expect(first).toMatchObject({ sessions_imported: 3, turns_imported: 6, memory_keys_imported: 2 });
    const turns = (await kv.listRange(turnsKey(org, 'chat-1'))).map((t) => JSON.parse(t));
    expect(turns.map((t) => [t.role, t.text])).toEqual([
      ['system', 'You only answer questions about cooking.'],
      ['user', 'How long do I boil an egg?'],
      ['assistant', 'About nine minutes for a hard egg.'],
    ]);
    expect(turns[1].at).toBe(Date.parse('2024-03-01T10:00:05Z'));
    expect(turns[0].at).toBe(1709287200 * 1000);
    expect(JSON.parse((await kv.get(stateKey(org, 'chat-1'))) ?? '{}').rules).toEqual([
      'only answer questions about cooking',
    ]);
    // The session's TTL is ContextGuard's, counted from the import.
    expect(await kv.ttl(turnsKey(org, 'chat-1'))).toBeGreaterThan(0);
    const memory = new ContextMemory(kv, { defaultTtlSeconds: 60, maxValueBytes: 1024, maxKeys: 10 });
    expect((await memory.get(org, 'diet'))?.value).toBe('vegetarian');
    expect((await memory.get(org, 'servings'))?.value).toBe(4);
    // chat-2 names its own organization; chat-3 and chat-4 share one file.
    expect(await kv.listRange(turnsKey(`${org}-other`, 'chat-2'))).toHaveLength(1);
    expect(await kv.listRange(turnsKey(org, 'chat-2'))).toHaveLength(0);
    expect(await kv.listRange(turnsKey(org, 'chat-3'))).toHaveLength(2);
    expect(await kv.listRange(turnsKey(org, 'chat-4'))).toHaveLength(0);

    const second = await importLegacySessions(kv, config, dir, { organizationId: org, dryRun: false });
    expect(second).toMatchObject({
      sessions_imported: 0,
      sessions_existing: 3,
      turns_imported: 0,
      memory_keys_imported: 0,
      memory_keys_existing: 2,
    });
    expect(await kv.listRange(turnsKey(org, 'chat-1'))).toHaveLength(3);
  });
});

describe('migrate-data config: the original configuration file into the runtime configuration', () => {
  it('maps, merges, reports what it skipped, and a second run writes no version', async () => {
    const schema = await privateSchema(await requirePostgresUrl());
    const dir = await mkdtemp(join(tmpdir(), 'cg-legacy-config-'));
    const db = await schema.open();
    const kv = await openKeyValueStore({ REDIS_URL: await requireRedisUrl() }, logger);
    const service = new RuntimeConfigService({ db, kv, logger, pollMs: 0, keyPrefix: `${schema.schema}:` });
    try {
      await db.migrate();
      await service.start();
      await service.update({ feature_flags: { keep: true } }, { userId: null, apiKeyId: null });
      const file = join(dir, 'config.json');
      await writeFile(
        file,
        JSON.stringify({
          services: {
            securityguard: { flag_threshold: 0.4, block_threshold: 0.7, timeout: 2.5, enabled: true },
            healthguard: { threshold: 0.6 },
            tokenguard: { timeout_ms: 800, flag_threshold: 0.5 },
          },
          rate_limiting: { requests_per_minute: 120, burst_size: 30, strategy: 'sliding' },
          features: { Shadow_Mode: true, 'bad name!': true },
          logging: { level: 'debug' },
        }),
      );
      const dry = await importLegacyConfig(service, file, { dryRun: true });
      expect(dry.outcome).toBe('would_write');
      expect(service.current().version).toBe(1);

      const report = await importLegacyConfig(service, file, { dryRun: false });
      expect(report.outcome).toBe('written');
      expect(report.version_after).toBe(2);
      expect(report.config).toEqual({
        thresholds: { securityguard: { flag: 0.4, block: 0.7 }, healthguard: { flag: 0.6 } },
        guard_timeouts_ms: { securityguard: 2500, tokenguard: 800 },
        rate_limits: { per_minute: 120, burst: 30 },
        feature_flags: { keep: true, shadow_mode: true },
      });
      expect(report.skipped.map((s) => s.key).sort()).toEqual([
        'features.bad name!',
        'logging',
        'rate_limiting.strategy',
        'services.securityguard.enabled',
        'services.tokenguard.flag_threshold',
      ]);
      // In force on this replica and cached in Redis for the others.
      expect(service.current().config.thresholds.securityguard).toEqual({ flag: 0.4, block: 0.7 });
      expect(JSON.parse((await kv.get(`${schema.schema}:runtime-config:global`)) ?? '{}').version).toBe(2);
      const history = await service.history();
      expect(history[0]?.comment).toContain('migrate-data config');

      const again = await importLegacyConfig(service, file, { dryRun: false });
      expect([again.outcome, again.version_after, again.changed_keys]).toEqual(['unchanged', 2, []]);
      expect((await service.history()).length).toBe(2);
      await kv.del(`${schema.schema}:runtime-config:global`);
    } finally {
      await service.close();
      await kv.close();
      await db.close();
      await schema.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
