import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer } from '../helpers/server.js';

type Srv = Awaited<ReturnType<typeof startServer>>;
type Headers = Record<string, string>;

/**
 * Issue 12, items 5, 6 and the vault binding of item 8: two organizations using the same ids
 * (user, session, memory key) never meet, and quotas and limits cannot be bypassed.
 */
describe('issue 12: tenancy and limits', () => {
  let s: Srv;
  let superuser: Headers;
  const orgs: { id: string; jwt: Headers; key: Headers }[] = [];
  let memberOfA: Headers;

  const req = (method: string, url: string, headers: Headers, payload?: unknown) =>
    s.app.inject({
      method: method as 'POST',
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const run = (headers: Headers, serviceType: string, payload: object, extra: object = {}) =>
    req('POST', '/api/v1/guards/process', headers, { service_type: serviceType, payload, ...extra });

  const newOrg = async (email: string) => {
    const password = 'violet tractor on the moon';
    expect((await req('POST', '/api/v1/auth/register', {}, { email, password })).statusCode).toBe(201);
    const login = (await req('POST', '/api/v1/auth/login', {}, { email, password })).json();
    const jwt = { authorization: `Bearer ${login.access_token}` };
    const key = (
      await req('POST', '/api/v1/api-keys', jwt, { name: 'k', scopes: ['guards:run', 'read'] })
    ).json();
    return { id: login.organization_id as string, jwt, key: { 'x-api-key': key.key as string } };
  };

  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_ADMIN_PER_MINUTE: '10000' });
    const admin = (
      await req('POST', '/api/v1/auth/login', {}, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
    ).json();
    superuser = { authorization: `Bearer ${admin.access_token}` };
    // Organization-wide limits count every call; this suite makes many.
    await req('PATCH', '/api/v1/admin/tiers/free', superuser, { requests_per_minute: 10_000, burst: 1000 });
    orgs.push(await newOrg('tenant-a@example.com'), await newOrg('tenant-b@example.com'));
    // A second member of organization A, for the vault binding.
    const password = 'violet tractor on the moon';
    await req('POST', '/api/v1/auth/register', {}, { email: 'a-member@example.com', password });
    await req('PUT', `/api/v1/organizations/${orgs[0]!.id}/members`, orgs[0]!.jwt, {
      email: 'a-member@example.com',
      role: 'member',
    });
    const login = (
      await req(
        'POST',
        '/api/v1/auth/login',
        {},
        { email: 'a-member@example.com', password, organization_id: orgs[0]!.id },
      )
    ).json();
    memberOfA = { authorization: `Bearer ${login.access_token}` };
  });
  afterAll(() => s.dispose());

  it('item 5, budgets: the same user_id in two organizations has two budgets', async () => {
    const [a, b] = [orgs[0]!, orgs[1]!];
    const payload = { text: 'word '.repeat(40), budget: { scope: 'user', daily_tokens: 60 } };
    const first = await run(a.key, 'tokenguard', payload, { user_id: 'shared-user' });
    expect(first.json().data.verdict).toBe('allow');
    const second = await run(a.key, 'tokenguard', payload, { user_id: 'shared-user' });
    expect(second.json().data.findings.map((f: { type: string }) => f.type)).toContain('budget_exceeded');
    const other = await run(b.key, 'tokenguard', payload, { user_id: 'shared-user' });
    expect(other.json().data.verdict).toBe('allow');
    expect(other.json().data.data.budget.day.used).toBe(first.json().data.data.budget.day.used);
  });

  it('item 5, memory: the same memory key in two organizations holds two values', async () => {
    const [a, b] = [orgs[0]!, orgs[1]!];
    expect(
      (await req('POST', '/api/v1/context/memory', a.key, { key: 'shared', value: 'from A' })).statusCode,
    ).toBe(201);
    expect(
      (await req('POST', '/api/v1/context/memory', b.key, { key: 'shared', value: 'from B' })).statusCode,
    ).toBe(201);
    expect((await req('GET', '/api/v1/context/memory/shared', a.key)).json().value).toBe('from A');
    expect((await req('GET', '/api/v1/context/memory/shared', b.key)).json().value).toBe('from B');
  });

  it('item 5, drift state: the same session id in two organizations is two conversations', async () => {
    const [a, b] = [orgs[0]!, orgs[1]!];
    const turn = (h: Headers) =>
      run(h, 'contextguard', { text: 'let us talk about gardening', session_id: 'same-session' });
    await turn(a.key);
    await turn(a.key);
    expect((await turn(a.key)).json().data.data.turn_count).toBe(3);
    expect((await turn(b.key)).json().data.data.turn_count).toBe(1);
  });

  it('item 5 and 8, vault: neither another organization nor another member can restore your redactions', async () => {
    const [a, b] = [orgs[0]!, orgs[1]!];
    const redacted = await run(a.jwt, 'securityguard', {
      text: 'Write to jane.doe@example.com today',
      action: 'redact',
      session_id: 'chat-1',
    });
    const text = redacted.json().data.transformed.text as string;
    expect(text).not.toContain('jane.doe@example.com');
    const restore = (h: Headers) =>
      req('POST', '/api/v1/securityguard/deanonymize', h, { text, session_id: 'chat-1' });
    expect((await restore(a.jwt)).json().text).toContain('jane.doe@example.com');
    expect((await restore(b.jwt)).json().text).toBe(text);
    expect((await restore(memberOfA)).json().text).toBe(text);
    // API-key callers no longer share one default vault either.
    expect((await restore(a.key)).json().text).toBe(text);
  });

  it('item 5, usage: each organization sees only its own calls', async () => {
    const [a, b] = [orgs[0]!, orgs[1]!];
    const before = (await req('GET', '/api/v1/usage', b.key)).json().month.calls as number;
    await run(a.key, 'tokenguard', { text: 'only A calls now' });
    expect((await req('GET', '/api/v1/usage', b.key)).json().month.calls).toBe(before);
  });

  it('item 5: every key-value key but the credential indexes carries its organization', async () => {
    const ids = [...orgs.map((o) => o.id), 'none'];
    const all = await s.kv.keys('');
    expect(all.length).toBeGreaterThan(10);
    const credentialIndex = /^(apikeys|sessions|auth):/;
    const orphans = all.filter(
      (k) => !credentialIndex.test(k) && !ids.some((id) => k.includes(id)) && !k.includes(':default:'),
    );
    // The bootstrap organization's keys carry its id too.
    const bootstrapOrg = (
      await s.db.query<{ id: string }>('SELECT organization_id AS id FROM api_keys LIMIT 1')
    )[0]!.id;
    expect(orphans.filter((k) => !k.includes(bootstrapOrg))).toEqual([]);
  });

  it('item 6: a chunked body over the tier limit gets 413', async () => {
    const b = orgs[1]!; // free tier: 1 MiB
    const body = JSON.stringify({ service_type: 'tokenguard', payload: { text: 'x'.repeat(1_200_000) } });
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/guards/process',
      headers: { ...b.key, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      payload: Readable.from([body.slice(0, 600_000), body.slice(600_000)]),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('item 6: tokens are counted over the whole payload, and HealthGuard jobs count as usage', async () => {
    const b = orgs[1]!;
    const month = async () =>
      (await req('GET', '/api/v1/usage', b.key)).json().month as { calls: number; tokens: number };
    const before = await month();
    const sources = Array.from({ length: 10 }, (_, i) => ({
      id: `s${i}`,
      text: 'The sky is blue. '.repeat(200),
    }));
    expect((await run(b.key, 'trustguard', { text: 'The sky is blue.', sources })).statusCode).toBe(200);
    const afterTrust = await month();
    // About 34,000 characters of sources: thousands of tokens, not the 4 of the text.
    expect(afterTrust.tokens - before.tokens).toBeGreaterThan(8000);
    const job = await req('POST', '/api/v1/healthguard/jobs', b.key, {
      dataset: [
        { id: '1', text: 'a clean sample', label: 'x' },
        { id: '2', text: 'another clean sample', label: 'y' },
      ],
    });
    expect(job.statusCode).toBe(202);
    const afterJob = await month();
    expect(afterJob.calls).toBe(afterTrust.calls + 1);
    expect(afterJob.tokens).toBeGreaterThan(afterTrust.tokens);
  });

  it('item 6: the quota is reserved before the call, so no call overshoots it', async () => {
    const b = orgs[1]!;
    const used = (await req('GET', '/api/v1/usage', b.key)).json().month.tokens as number;
    const patched = await req('PATCH', '/api/v1/admin/tiers/free', superuser, {
      monthly_tokens: used + 1000,
    });
    expect(patched.statusCode).toBe(200);
    // One call larger than what is left is refused whole.
    const big = await run(b.key, 'tokenguard', { text: 'abcd'.repeat(1500) });
    expect(big.statusCode).toBe(429);
    expect(big.json().code).toBe('QUOTA_EXCEEDED');
    // Ten parallel calls of 300 tokens: at most three fit, and the total never passes the quota.
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => run(b.key, 'tokenguard', { text: 'abcd'.repeat(300) })),
    );
    expect(answers.filter((r) => r.statusCode === 200).length).toBeLessThanOrEqual(3);
    expect(answers.filter((r) => r.statusCode === 200).length).toBeGreaterThan(0);
    const usage = await req('GET', '/api/v1/usage', b.key);
    expect(usage.statusCode, usage.body).toBe(200);
    const after = usage.json().month.tokens as number;
    expect(after).toBeLessThanOrEqual(used + 1000);
    await req('PATCH', '/api/v1/admin/tiers/free', superuser, { monthly_tokens: 1_000_000_000 });
  });

  it('item 6: a key cannot exceed its tier, and one user is one bucket whatever credential it uses', async () => {
    const b = orgs[1]!;
    const tooFast = await req('POST', '/api/v1/api-keys', b.jwt, {
      name: 'fast',
      scopes: ['guards:run'],
      rate_limit_per_minute: 1_000_000_000,
    });
    expect(tooFast.statusCode).toBe(403);
    // A key stored with an override above the tier (say, the tier was lowered since) is held to the tier.
    const { key } = await s.platform!.keys.create({
      organizationId: b.id,
      createdBy: null,
      name: 'legacy',
      scopes: ['guards:run'],
      rateLimitPerMinute: 1_000_000,
    });

    await req('PATCH', '/api/v1/admin/tiers/free', superuser, { requests_per_minute: 4, burst: 100 });
    try {
      const windows = s.platform!.rateLimiter.windowsFor(
        'processing',
        (await s.platform!.tiers.limitsFor(b.id)).tier,
        (await s.platform!.keys.verify(key)).rateLimit,
      );
      expect(
        windows.filter((w) => w.name === 'minute' || w.name === 'processing').map((w) => w.limit),
      ).toEqual([4, 4]);

      const statuses: number[] = [];
      // The organization's user alternates between its token and its key: one budget of 4.
      for (const h of [b.jwt, b.key, b.jwt, b.key, b.jwt, b.key]) {
        statuses.push((await run(h, 'tokenguard', { text: 'hi' })).statusCode);
      }
      expect(statuses.filter((c) => c === 200).length).toBeLessThanOrEqual(4);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await req('PATCH', '/api/v1/admin/tiers/free', superuser, { requests_per_minute: 10_000, burst: 1000 });
    }
  });
});
