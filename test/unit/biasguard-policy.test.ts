import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFor } from '../../src/app/migrations.js';
import { testConfig } from '../../src/config.js';
import { createBiasGuard } from '../../src/guards/biasguard/index.js';
import { registerBiasguardRoutes } from '../../src/guards/biasguard/routes.js';
import { PgliteDatabase } from '../../src/storage/db/pglite.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { routeTestApp } from '../helpers/route-app.js';

let db: PgliteDatabase;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  db = await PgliteDatabase.open();
  await db.migrate(await migrationsFor());
});
afterAll(async () => {
  await db.close();
});

const ctx = (requestId: string, organizationId?: string) => ({
  requestId,
  ...(organizationId ? { organizationId } : {}),
  signal: new AbortController().signal,
  logger,
});

function app() {
  const a = routeTestApp();
  // The gateway passes the authenticated caller's organization; here a test header stands in for it.
  registerBiasguardRoutes(a, {
    db,
    organizationOf: (req) => String(req.headers['x-test-organization'] ?? 'default'),
  });
  return a;
}

describe('BiasGuard policies and audit trail (PGlite)', () => {
  it('a breach writes one audit row and one violation row, and the policy tightens the verdict', async () => {
    const guard = createBiasGuard({
      config: testConfig({ BIASGUARD_POLICY_CACHE_MS: '0' }),
      kv: new MemoryKeyValueStore(),
      db,
      logger,
    });
    const http = app();
    const created = await http.inject({
      method: 'POST',
      url: '/api/v1/biasguard/policies',
      headers: { 'x-test-organization': 'org-a' },
      payload: {
        name: 'no religious stereotypes',
        categories: ['religion'],
        threshold: 0.3,
        enforcement: 'block',
        priority: 5,
      },
    });
    expect(created.statusCode).toBe(201);
    const policy = created.json() as { id: string };

    const payload = guard.payloadSchema.parse({ text: 'All Muslims are terrorists.' });
    const out = await guard.check(payload, ctx('req-1', 'org-a'));
    expect(out.verdict).toBe('block');
    expect(out.data.policy?.decision).toBe('deny');

    const audits = await db.query('SELECT * FROM biasguard_audit_logs WHERE request_id = $1', ['req-1']);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.decision).toBe('deny');
    const violations = await db.query('SELECT * FROM biasguard_policy_violations WHERE request_id = $1', [
      'req-1',
    ]);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.policy_id).toBe(policy.id);
    expect(violations[0]?.category).toBe('religion');
    expect(Number(violations[0]?.audit_log_id)).toBe(Number(audits[0]?.id));

    // A neutral text under the same policy still leaves an audit row, with no violation.
    await guard.check(guard.payloadSchema.parse({ text: 'Muslims celebrated Eid.' }), ctx('req-2', 'org-a'));
    const audit2 = await db.query('SELECT decision FROM biasguard_audit_logs WHERE request_id = $1', [
      'req-2',
    ]);
    expect(audit2[0]?.decision).toBe('allow');
    expect(
      await db.query('SELECT id FROM biasguard_policy_violations WHERE request_id = $1', ['req-2']),
    ).toHaveLength(0);

    // Another organization has no policy: no audit row.
    await guard.check(payload, ctx('req-3', 'org-b'));
    expect(
      await db.query('SELECT id FROM biasguard_audit_logs WHERE request_id = $1', ['req-3']),
    ).toHaveLength(0);

    const list = await http.inject({
      method: 'GET',
      url: '/api/v1/biasguard/violations?resolved=false',
      headers: { 'x-test-organization': 'org-a' },
    });
    const listed = (list.json() as { violations: { id: number }[] }).violations;
    expect(listed).toHaveLength(1);
    const resolved = await http.inject({
      method: 'POST',
      url: `/api/v1/biasguard/violations/${listed[0]?.id}/resolve`,
      headers: { 'x-test-organization': 'org-a' },
      payload: { resolved_by: 'reviewer', notes: 'false alarm in a quote' },
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ resolved: true, resolved_by: 'reviewer' });

    const report = await http.inject({
      method: 'POST',
      url: '/api/v1/biasguard/compliance-reports',
      headers: { 'x-test-organization': 'org-a' },
      payload: {
        from: new Date(Date.now() - 3600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      },
    });
    expect(report.statusCode).toBe(201);
    expect(report.json()).toMatchObject({
      total_events: 2,
      total_violations: 1,
      open_violations: 0,
      compliance_score: 0.5,
    });
    const stored = await db.query(
      'SELECT count(*)::int AS n FROM biasguard_compliance_reports WHERE organization_id = $1',
      ['org-a'],
    );
    expect(stored[0]?.n).toBe(1);
    await http.close();
  });

  it('says bias was detected whenever its own score flags, with or without a category', async () => {
    const guard = createBiasGuard({ config: testConfig(), kv: new MemoryKeyValueStore(), db, logger });
    const texts = [
      'People from the Middle East are all the same.',
      'Those people always vote for handouts because they do not want to work.',
      'Old people are always slow.',
      'Our team hired three engineers this quarter.',
    ];
    const flagged: boolean[] = [];
    for (const text of texts) {
      const out = await guard.check(
        guard.payloadSchema.parse({ text, apply_policies: false }),
        ctx('req-det'),
      );
      expect(out.data.bias_detected).toBe(out.verdict !== 'allow');
      flagged.push(out.data.bias_detected);
    }
    // Both kinds occur: a statement flagged with no group category, and a neutral one.
    expect(flagged).toContain(true);
    expect(flagged).toContain(false);
  });

  it('returns the original fields and, on request, retext-equality rewrite suggestions', async () => {
    const guard = createBiasGuard({ config: testConfig(), kv: new MemoryKeyValueStore(), db, logger });
    const out = await guard.check(
      guard.payloadSchema.parse({
        text: 'Old people are always slow. Ask the chairman and his wife.',
        deep_language_check: true,
        apply_policies: false,
      }),
      ctx('req-deep'),
    );
    expect(out.verdict).not.toBe('allow');
    expect(out.data).toMatchObject({ bias_detected: true, bias_types: ['age'] });
    expect(out.data.fairness_score).toBeCloseTo(1 - out.data.bias_score, 3);
    expect(out.data.mitigation_suggestions.length).toBeGreaterThan(0);
    const sources = out.findings
      .filter((f) => f.type === 'exclusionary_language')
      .map((f) => f.data?.source ?? 'builtin');
    expect(sources).toContain('retext-equality');
    expect(sources).toContain('builtin');
    // Without the flag only the built-in table runs.
    const fast = await guard.check(
      guard.payloadSchema.parse({ text: 'Ask his wife.', apply_policies: false }),
      ctx('req-fast'),
    );
    expect(fast.findings).toEqual([]);
  });

  it('manages policies and rejects bad input', async () => {
    const http = app();
    const bad = await http.inject({
      method: 'POST',
      url: '/api/v1/biasguard/policies',
      payload: { name: 'x', enforcement: 'nuke' },
    });
    expect(bad.statusCode).toBe(400);
    const created = await http.inject({
      method: 'POST',
      url: '/api/v1/biasguard/policies',
      payload: { name: 'age' },
    });
    const id = (created.json() as { id: string }).id;
    const patched = await http.inject({
      method: 'PATCH',
      url: `/api/v1/biasguard/policies/${id}`,
      payload: { threshold: 0.9, enabled: false },
    });
    expect(patched.json()).toMatchObject({ threshold: 0.9, enabled: false, organization_id: 'default' });
    expect(
      (await http.inject({ method: 'DELETE', url: `/api/v1/biasguard/policies/${id}` })).statusCode,
    ).toBe(204);
    expect(
      (await http.inject({ method: 'DELETE', url: `/api/v1/biasguard/policies/${id}` })).statusCode,
    ).toBe(404);
    const reversed = await http.inject({
      method: 'POST',
      url: '/api/v1/biasguard/compliance-reports',
      payload: { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    });
    expect(reversed.statusCode).toBe(400);
    await http.close();
  });
});
