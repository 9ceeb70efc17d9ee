import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStorage, formatCheck } from '../../src/storage/check.js';
import { LocalFileStore } from '../../src/storage/files/local.js';
import { S3FileStore } from '../../src/storage/files/s3.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { copyFilesToS3 } from '../../src/storage/migrate-data/files-to-s3.js';
import { importHealthguardSqlite } from '../../src/storage/migrate-data/healthguard-sqlite.js';
import { sharedTestDb } from '../helpers/app.js';
import { startS3rver } from '../helpers/s3rver.js';

/** A SQLite file in the original HealthGuard's schema, built here with sql.js. */
async function buildLegacyDb(path: string): Promise<void> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(`
    CREATE TABLE analysis_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TEXT, request_id TEXT, sample_id TEXT,
      is_poisoned INTEGER, confidence REAL, reasons TEXT, plugin_results TEXT, mitigation TEXT);
    CREATE TABLE mitigation_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TEXT, sample_id TEXT, strategy TEXT,
      original_hash TEXT, success INTEGER);
    CREATE TABLE system_metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, cpu_percent REAL, memory_mb REAL,
      requests_total INTEGER);
  `);
  db.run(
    `INSERT INTO analysis_audit (timestamp, request_id, sample_id, is_poisoned, confidence, reasons, plugin_results, mitigation) VALUES
      ('2024-03-01 10:00:00', 'req-1', 's-1', 1, 0.93, '["trigger phrase"]', '{"backdoor":0.93}', 'drop'),
      ('2024-03-01T10:05:00Z', 'req-2', 's-2', 0, 0.12, '[]', '{}', 'flag'),
      ('2024-03-01 10:06:00', NULL, 's-3', 1, 0.71, 'not json', NULL, 'quarantine'),
      ('2024-03-01 10:07:00', 'req-4', NULL, 0, NULL, NULL, NULL, NULL)`,
  );
  db.run(
    `INSERT INTO mitigation_audit (timestamp, sample_id, strategy, original_hash, success) VALUES
      ('2024-03-01 10:00:01', 's-1', 'drop', 'ab12', 1), ('2024-03-01 10:06:01', 's-3', 'redact', 'cd34', 0)`,
  );
  db.run(
    `INSERT INTO system_metrics (timestamp, cpu_percent, memory_mb, requests_total) VALUES
      (1709287200, 12.5, 512.0, 100), (1709287260, 14.0, 530.5, 160), (1709287320, 9.5, 498.0, 210)`,
  );
  await writeFile(path, db.export());
  db.close();
}

describe('migrate-data healthguard-sqlite', () => {
  let dir: string;
  let file: string;
  const org = `legacy_${Date.now()}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cg-legacy-'));
    file = join(dir, 'healthguard.db');
    await buildLegacyDb(file);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const count = async (sql: string) => Number((await (await sharedTestDb()).query(sql, [org]))[0]?.n);

  it('a dry run reports what it would copy and writes nothing', async () => {
    const db = await sharedTestDb();
    const report = await importHealthguardSqlite(db, file, { organizationId: org, dryRun: true });
    expect(report.tables).toEqual([
      { table: 'analysis_audit', present: true, read: 4, inserted: 3, skipped_existing: 0, invalid: 1 },
      { table: 'mitigation_audit', present: true, read: 2, inserted: 2, skipped_existing: 0, invalid: 0 },
      { table: 'system_metrics', present: true, read: 3, inserted: 3, skipped_existing: 0, invalid: 0 },
    ]);
    expect(
      await count('SELECT count(*) AS n FROM poisonguard_analysis_results WHERE organization_id = $1'),
    ).toBe(0);
    expect(await count('SELECT count(*) AS n FROM healthguard_legacy_rows WHERE organization_id = $1')).toBe(
      0,
    );
  });

  it('copies every table into the organization, and a second run adds nothing', async () => {
    const db = await sharedTestDb();
    const first = await importHealthguardSqlite(db, file, { organizationId: org, dryRun: false });
    expect(first.tables.map((t) => [t.table, t.inserted, t.invalid])).toEqual([
      ['analysis_audit', 3, 1],
      ['mitigation_audit', 2, 0],
      ['system_metrics', 3, 0],
    ]);
    const rows = await db.query<{
      sample_id: string;
      is_poisoned: boolean;
      confidence: number;
      mitigation: string;
      created_at: Date;
      reasons: unknown;
      request_id: string;
    }>(
      'SELECT sample_id, is_poisoned, confidence, mitigation, created_at, reasons, request_id FROM poisonguard_analysis_results WHERE organization_id = $1 ORDER BY sample_id',
      [org],
    );
    expect(rows.map((r) => [r.sample_id, r.is_poisoned, r.confidence, r.mitigation])).toEqual([
      ['s-1', true, 0.93, 'drop'],
      ['s-2', false, 0.12, 'flag'],
      // An unknown mitigation falls back to flag; unreadable JSON to an empty list.
      ['s-3', true, 0.71, 'flag'],
    ]);
    expect(new Date(rows[0]?.created_at ?? 0).toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(rows[0]?.reasons).toEqual(['trigger phrase']);
    expect(rows[2]?.reasons).toEqual([]);
    expect(rows[2]?.request_id).toMatch(/^legacy-/);
    const metrics = await db.query<{ data: { cpu_percent: number }; recorded_at: Date }>(
      "SELECT data, recorded_at FROM healthguard_legacy_rows WHERE organization_id = $1 AND source_table = 'system_metrics' ORDER BY legacy_id",
      [org],
    );
    expect(metrics.map((m) => m.data.cpu_percent)).toEqual([12.5, 14, 9.5]);
    expect(new Date(metrics[0]?.recorded_at ?? 0).toISOString()).toBe('2024-03-01T10:00:00.000Z');

    const again = await importHealthguardSqlite(db, file, { organizationId: org, dryRun: false });
    expect(again.tables.map((t) => [t.inserted, t.skipped_existing])).toEqual([
      [0, 3],
      [0, 2],
      [0, 3],
    ]);
    expect(
      await count('SELECT count(*) AS n FROM poisonguard_analysis_results WHERE organization_id = $1'),
    ).toBe(3);
    expect(await count('SELECT count(*) AS n FROM healthguard_legacy_rows WHERE organization_id = $1')).toBe(
      5,
    );
  });

  it('rejects a file that is not SQLite', async () => {
    const junk = join(dir, 'junk.db');
    await writeFile(junk, 'this is not a database at all, just text');
    await expect(
      importHealthguardSqlite(await sharedTestDb(), junk, { organizationId: org, dryRun: true }),
    ).rejects.toThrow(/not a database/);
  });
});

describe('migrate-data files-to-s3 and storage check', () => {
  let root: string;
  let spool: string;
  let server: Awaited<ReturnType<typeof startS3rver>>;
  let local: LocalFileStore;
  let s3: S3FileStore;
  const limits = { maxBytes: 1_000_000, allowedTypes: ['text/plain', 'application/jsonl'] };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cg-copy-'));
    spool = await mkdtemp(join(tmpdir(), 'cg-copy-spool-'));
    server = await startS3rver('cg-copy');
    local = await LocalFileStore.open({ root, limits });
    s3 = new S3FileStore({
      bucket: 'cg-copy',
      region: 'us-east-1',
      endpoint: server.endpoint,
      forcePathStyle: true,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      limits,
      spoolDir: spool,
    });
    await local.put('org_a', 'data/one.jsonl', Readable.from(['{"text":"a"}\n']), {
      contentType: 'application/jsonl',
      uploader: 'u1',
    });
    await local.put('org_a', 'notes.txt', Readable.from(['hello']), { contentType: 'text/plain' });
    await local.put('org_b', 'data/two.jsonl', Readable.from(['{"text":"b"}\n']), {
      contentType: 'application/jsonl',
    });
  });
  afterAll(async () => {
    await s3.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
    await rm(spool, { recursive: true, force: true });
  });

  it('copies every organization’s files once, keeping metadata; a dry run copies nothing', async () => {
    const dry = await copyFilesToS3(local, s3, { dryRun: true });
    expect(dry).toMatchObject({ organizations: 2, files: 3, copied: 3, skipped_same: 0, failed: [] });
    expect((await s3.list('org_a')).items).toEqual([]);
    const real = await copyFilesToS3(local, s3, { dryRun: false });
    expect(real).toMatchObject({ files: 3, copied: 3, failed: [] });
    const copied = await s3.head('org_a', 'data/one.jsonl');
    expect(copied).toMatchObject({
      content_type: 'application/jsonl',
      uploader: 'u1',
      sha256: (await local.head('org_a', 'data/one.jsonl'))?.sha256,
    });
    expect(await s3.head('org_b', 'notes.txt')).toBeNull();
    const again = await copyFilesToS3(local, s3, { dryRun: false });
    expect(again).toMatchObject({ copied: 0, skipped_same: 3 });
  });

  it('storage check passes on working backends and names the step that fails', async () => {
    const db = await sharedTestDb();
    const kv = new MemoryKeyValueStore();
    const ok = await checkStorage({ db, kv, files: s3 });
    expect(ok.map((r) => [r.tier, r.ok, r.steps.map((s) => s.step)])).toEqual([
      ['database', true, ['connect', 'write', 'read', 'delete']],
      ['cache', true, ['connect', 'write', 'read', 'delete']],
      ['files', true, ['connect', 'write', 'read', 'delete']],
    ]);
    const strict = new S3FileStore({
      bucket: 'cg-copy',
      region: 'us-east-1',
      endpoint: server.endpoint,
      forcePathStyle: true,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      limits: { maxBytes: 10, allowedTypes: ['application/jsonl'] },
      spoolDir: spool,
    });
    const bad = await checkStorage({ db, kv, files: strict });
    expect(bad[2]).toMatchObject({ tier: 'files', ok: false });
    expect(bad[2]?.steps.map((s) => [s.step, s.ok])).toEqual([
      ['connect', true],
      ['write', false],
    ]);
    expect(formatCheck(bad)).toMatch(/^FAIL files .*write FAILED/m);
    await strict.close();
    await kv.close();
  });
});
