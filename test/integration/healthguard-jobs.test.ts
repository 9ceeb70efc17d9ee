import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFor } from '../../src/app/migrations.js';
import { testConfig } from '../../src/config.js';
import { JobStore } from '../../src/guards/healthguard/jobs/store.js';
import { healthRuntime } from '../../src/guards/healthguard/runtime.js';
import type { Database } from '../../src/storage/db/types.js';
import { threatScannerModule } from '../helpers/capabilities.js';
import { privateSchema } from '../helpers/postgres.js';
import { reviews } from '../helpers/reviews.js';
import { requirePostgresUrl } from '../helpers/services.js';

// Real PostgreSQL, in a schema of its own; fails (does not skip) when the server is unreachable.
let schema: Awaited<ReturnType<typeof privateSchema>>;
const logger = pino({ level: 'silent' });
let db: Database;

beforeAll(async () => {
  schema = await privateSchema(await requirePostgresUrl());
  db = await schema.open();
  await db.migrate(await migrationsFor());
});
afterAll(async () => {
  await schema?.dispose();
});

describe('HealthGuard dataset job on PostgreSQL', () => {
  it('reports progress and its result survives a restart', async () => {
    const config = testConfig({ HEALTHGUARD_WORKERS: '1', HEALTHGUARD_METRICS_INTERVAL_MS: '0' });
    const runtime = healthRuntime({ config, db, logger, threatScannerModule });
    const written: number[] = [];
    const store = runtime.jobs.store;
    const original = store.progress.bind(store);
    store.progress = async (id, p) => {
      written.push(p.percent);
      await original(id, p);
    };
    const rows = reviews(1200, 11);
    rows.push({ id: 'copy', text: rows[5]?.text ?? '', label: rows[5]?.label === 'pos' ? 'neg' : 'pos' });
    const job = await runtime.jobs.submit('it-org', { rows });
    expect(job.status).toBe('queued');
    await runtime.jobs.idle();
    await runtime.close();
    await db.close();
    expect(written.some((p) => p > 0 && p < 100)).toBe(true);

    // Restart: a new pool and a new runtime read the stored job.
    db = await schema.open();
    const fresh = new JobStore(db);
    const stored = await fresh.get(job.id, 'it-org');
    expect(stored).toMatchObject({
      status: 'succeeded',
      progress_percent: 100,
      rows_done: 1201,
      rows_total: 1201,
    });
    const result = await fresh.result(job.id, 'it-org');
    expect(result?.total_rows).toBe(1201);
    expect(result?.duplicate_groups.some((g) => g.conflicting && g.ids.includes('copy'))).toBe(true);
    expect(await fresh.get(job.id, 'another-org')).toBeUndefined();
  });

  it('stores the report of rows that hold U+0000, which jsonb refuses, without the character', async () => {
    const config = testConfig({ HEALTHGUARD_WORKERS: '0', HEALTHGUARD_METRICS_INTERVAL_MS: '0' });
    const runtime = healthRuntime({ config, db, logger, threatScannerModule });
    const rows = [
      { id: 'a\u00001', text: 'great product\u0000', label: 'pos\u0000' },
      { id: 'a2', text: 'terrible service', label: 'neg' },
    ];
    const job = await runtime.jobs.submit('it-org', { rows });
    await runtime.jobs.idle();
    await runtime.close();
    expect(await runtime.jobs.store.get(job.id, 'it-org')).toMatchObject({ status: 'succeeded' });
    const result = await runtime.jobs.store.result(job.id, 'it-org');
    expect(result?.total_rows).toBe(2);
    expect(JSON.stringify(result)).not.toContain('\\u0000');
  });
});
