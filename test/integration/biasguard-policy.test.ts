import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFor } from '../../src/app/migrations.js';
import { testConfig } from '../../src/config.js';
import { createBiasGuard } from '../../src/guards/biasguard/index.js';
import { PolicyStore } from '../../src/guards/biasguard/policy.js';
import type { Database } from '../../src/storage/db/types.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { privateSchema } from '../helpers/postgres.js';
import { requirePostgresUrl } from '../helpers/services.js';

// Real PostgreSQL, in a schema of its own; fails (does not skip) when the server is unreachable.
let schema: Awaited<ReturnType<typeof privateSchema>>;
let db: Database;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  schema = await privateSchema(await requirePostgresUrl());
  db = await schema.open();
  await db.migrate(await migrationsFor());
});
afterAll(async () => {
  await schema?.dispose();
});

describe('BiasGuard policy breach on PostgreSQL', () => {
  it('writes an audit log row and a violation row', async () => {
    const org = `it-${randomUUID()}`;
    const requestId = `req-${randomUUID()}`;
    const store = new PolicyStore(db, 0);
    const policy = await store.create(org, {
      name: 'gender stereotypes need review',
      categories: ['gender'],
      threshold: 0.4,
      enforcement: 'review',
      priority: 1,
      enabled: true,
    });
    const guard = createBiasGuard({
      config: testConfig({ BIASGUARD_POLICY_CACHE_MS: '0' }),
      kv: new MemoryKeyValueStore(),
      db,
      logger,
    });
    const out = await guard.check(guard.payloadSchema.parse({ text: 'Women are too emotional to lead.' }), {
      requestId,
      organizationId: org,
      signal: new AbortController().signal,
      logger,
    });
    expect(out.data.policy?.decision).toBe('review_required');
    expect(out.verdict).not.toBe('allow');
    const audits = await db.query(
      'SELECT decision, organization_id FROM biasguard_audit_logs WHERE request_id = $1',
      [requestId],
    );
    expect(audits).toEqual([{ decision: 'review_required', organization_id: org }]);
    const violations = await db.query(
      'SELECT policy_id, category, resolved FROM biasguard_policy_violations WHERE request_id = $1',
      [requestId],
    );
    expect(violations).toEqual([{ policy_id: policy.id, category: 'gender', resolved: false }]);
  });
});
