import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { JobStore } from '../../src/guards/healthguard/jobs/store.js';
import { healthRuntime } from '../../src/guards/healthguard/runtime.js';
import { PostgresDatabase } from '../../src/storage/db/postgres.js';
import { reviews } from '../helpers/reviews.js';

// Real PostgreSQL: this file fails (does not skip) when the server is unreachable.
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const logger = pino({ level: 'silent' });
let db: PostgresDatabase;

beforeAll(async () => {
  db = PostgresDatabase.connect(url, 2);
  await db.ping();
  await db.migrate();
});
afterAll(async () => {
  await db?.close();
});

describe('HealthGuard dataset job on PostgreSQL', () => {
  it('reports progress and its result survives a restart', async () => {
    const config = testConfig({ HEALTHGUARD_WORKERS: '1', HEALTHGUARD_METRICS_INTERVAL_MS: '0' });
    const runtime = healthRuntime({ config, db, logger });
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
    db = PostgresDatabase.connect(url, 2);
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
});
