import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testConfig } from '../../src/config.js';
import { createBiasGuard } from '../../src/guards/biasguard/index.js';
import {
  type AnyGuard,
  type CallSettings,
  defineGuard,
  type GuardCall,
  type GuardContext,
} from '../../src/guards/contract.js';
import { createSecurityGuard, securityGuardPayload } from '../../src/guards/securityguard/index.js';
import { createTrustGuard } from '../../src/guards/trustguard/index.js';
import { LocalGuardClient } from '../../src/orchestrator/local.js';
import { type CallSettingsSource, Orchestrator } from '../../src/orchestrator/orchestrator.js';
import { RateLimiter } from '../../src/platform/rate-limit.js';
import { runtimeConfigSchema } from '../../src/platform/runtime-config-schema.js';
import { NoDatabase } from '../../src/storage/db/none.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';

const logger = pino({ level: 'silent' });
const ctxWith = (settings?: CallSettings): GuardContext => ({
  requestId: 't',
  signal: new AbortController().signal,
  logger,
  ...(settings ? { settings } : {}),
});
const config = testConfig();
const kv = new MemoryKeyValueStore();

describe('call settings change guard verdicts', () => {
  const security = createSecurityGuard({ config, kv });
  const scan = (payload: Record<string, unknown>, settings?: CallSettings) =>
    security.check(securityGuardPayload.parse(payload), ctxWith(settings));
  const benign = 'Please translate "good morning" into French.';

  it('SecurityGuard: the same text is allowed, flagged or blocked by the thresholds of the call alone', async () => {
    const base = await scan({ text: benign });
    expect(base.verdict).toBe('allow');
    expect(base.score).toBeLessThan(1);
    expect((await scan({ text: benign }, { thresholds: { flag: 0, block: 1 } })).verdict).toBe('flag');
    expect((await scan({ text: benign }, { thresholds: { flag: 0, block: 0 } })).verdict).toBe('block');
    // Only a flag point given: block stays at the configured point (never below flag).
    expect((await scan({ text: benign }, { thresholds: { flag: 0 } })).verdict).toBe('flag');
  });

  it("SecurityGuard: the request's own thresholds win over the call's settings", async () => {
    const strict = { thresholds: { flag: 0, block: 0 } };
    expect((await scan({ text: benign, thresholds: { flag: 0.99, block: 1 } }, strict)).verdict).toBe(
      'allow',
    );
    // A text scored between the configured points (0.5 flag, 0.75 block): each setting moves its verdict.
    const pii = 'Write to jane.doe@example.com or call her.';
    const at = await scan({ text: pii });
    expect(at.verdict).toBe('flag');
    expect(at.score).toBeGreaterThan(0.5);
    expect(at.score).toBeLessThan(0.6);
    expect((await scan({ text: pii }, { thresholds: { flag: 0.6, block: 0.9 } })).verdict).toBe('allow');
    expect((await scan({ text: pii }, { thresholds: { flag: 0.3, block: 0.5 } })).verdict).toBe('block');
  });

  it('SecurityGuard: the feature flag securityguard.detector.<name>=false switches that detector off', async () => {
    const text = 'Write to jane.doe@example.com or call her.';
    const on = await scan({ text });
    expect(on.data.detector_scores.pii).toBeGreaterThan(0);
    const off = await scan({ text }, { featureFlags: { 'securityguard.detector.pii': false } });
    expect(off.data.detector_scores.pii).toBeUndefined();
    expect(on.findings.map((f) => f.type)).toContain('pii');
    expect(off.findings.map((f) => f.type)).not.toContain('pii');
    // Another flag name changes nothing.
    const other = await scan({ text }, { featureFlags: { 'securityguard.detector.urls': false } });
    expect(other.data.detector_scores.pii).toBe(on.data.detector_scores.pii);
  });

  it('BiasGuard and TrustGuard take their thresholds from the call too', async () => {
    const bias = createBiasGuard({ config, kv, db: new NoDatabase(), logger });
    const text = 'The committee meets on Tuesday to review the budget.';
    const biasPayload = bias.payloadSchema.parse({ text });
    expect((await bias.check(biasPayload, ctxWith())).verdict).toBe('allow');
    expect((await bias.check(biasPayload, ctxWith({ thresholds: { flag: 0, block: 0 } }))).verdict).toBe(
      'block',
    );
    const trust: AnyGuard = createTrustGuard({ config });
    const trustPayload = trust.payloadSchema.parse({ text: 'Paris is the capital of France.' });
    const at = async (s?: CallSettings) => (await trust.check(trustPayload, ctxWith(s))).verdict;
    expect(await at({ thresholds: { flag: 0, block: 0 } })).toBe('block');
    expect(await at({ thresholds: { flag: 0, block: 1.0 } })).not.toBe('block');
  });
});

describe('the orchestrator applies the settings source', () => {
  /** A guard that says what it was given and, for `wait`, answers only when its deadline passes. */
  const probe = (name: string, wait = false) =>
    defineGuard({
      name,
      description: 'test probe',
      payloadSchema: z.object({ text: z.string() }),
      async check(_payload, ctx) {
        if (wait)
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
        return {
          verdict: 'allow' as const,
          score: 0,
          findings: [],
          data: { settings: ctx.settings ?? null },
        };
      },
    });

  const build = (source: CallSettingsSource, calls: GuardCall[] = []) =>
    new Orchestrator({
      clients: [probe('echo'), probe('slow', true), probe('slower', true)].map(
        (g) => new LocalGuardClient(g),
      ),
      logger,
      defaultTimeoutMs: 60_000,
      failMode: 'closed',
      settings: source,
      observers: [(c) => calls.push(c)],
    });

  it('hands each call its settings and records the A/B variant the call ran with', async () => {
    const calls: GuardCall[] = [];
    const orchestrator = build(
      {
        timeoutMs: () => undefined,
        forCall: (guard, identity) => ({
          thresholds: { flag: 0.1, block: 0.2 },
          featureFlags: { beta: true },
          ...(identity.apiKeyId === 'k1' ? { variant: { experimentId: 'e1', name: `${guard}-strict` } } : {}),
        }),
      },
      calls,
    );
    const out = await orchestrator.run('echo', { text: 'x' }, { requestId: 'r', apiKeyId: 'k1' });
    expect(out.data).toEqual({
      settings: {
        thresholds: { flag: 0.1, block: 0.2 },
        featureFlags: { beta: true },
        variant: { experimentId: 'e1', name: 'echo-strict' },
      },
    });
    expect(calls[0]?.variant).toEqual({ experimentId: 'e1', name: 'echo-strict' });
    await orchestrator.run('echo', { text: 'x' }, { requestId: 'r2', apiKeyId: 'k2' });
    expect(calls[1]?.variant).toBeUndefined();
  });

  it("uses the guard's timeout from the settings when the request names none", async () => {
    const orchestrator = build({
      timeoutMs: (guard) => ({ slow: 25, slower: 40 })[guard],
      forCall: () => ({}),
    });
    expect(orchestrator.timeoutFor('slow')).toBe(25);
    expect(orchestrator.timeoutFor('echo')).toBe(60_000);
    expect(orchestrator.timeoutFor('slow', 7)).toBe(7);
    await expect(orchestrator.run('slow', { text: 'x' }, { requestId: 'r' })).rejects.toMatchObject({
      code: 'GUARD_TIMEOUT',
      detail: expect.stringContaining('deadline of 25 ms'),
    });
    // Several guards: each under its own deadline.
    const many = await orchestrator.runMany(['slow', 'slower', 'echo'], () => ({ text: 'x' }), {
      requestId: 'r',
    });
    const errors = many.results.flatMap((r) => (r.ok ? [] : [r.error.message]));
    expect(errors).toEqual([
      expect.stringContaining('deadline of 25 ms'),
      expect.stringContaining('deadline of 40 ms'),
    ]);
    expect(many.verdict).toBe('block');
  });

  it('runs with start-up settings when the source fails', async () => {
    const orchestrator = build({
      timeoutMs: () => undefined,
      forCall: () => Promise.reject(new Error('redis down')),
    });
    const out = await orchestrator.run('echo', { text: 'x' }, { requestId: 'r' });
    expect(out.data).toEqual({ settings: null });
  });
});

describe('the rate limiter reads its defaults from the runtime configuration', () => {
  it('replaces RATE_LIMIT_* defaults and class limits where the runtime config sets them', () => {
    let runtime = runtimeConfigSchema.parse({}).rate_limits;
    const limiter = new RateLimiter(kv, config, () => runtime);
    const limits = () =>
      Object.fromEntries(limiter.windowsFor('processing', null, null).map((w) => [w.name, w.limit]));
    expect(limits()).toEqual({
      burst: config.RATE_LIMIT_BURST,
      minute: config.RATE_LIMIT_PER_MINUTE,
      hour: config.RATE_LIMIT_PER_HOUR,
      processing: config.RATE_LIMIT_PROCESSING_PER_MINUTE,
    });
    runtime = runtimeConfigSchema.parse({
      rate_limits: { per_minute: 7, per_hour: 70, burst: 3, processing_per_minute: 5 },
    }).rate_limits;
    expect(limits()).toEqual({ burst: 3, minute: 7, hour: 70, processing: 5 });
    expect(limiter.sharedWindows(null).map((w) => w.limit)).toEqual([7, 70]);
  });

  it('refuses thresholds for a guard without them, and unknown rate-limit keys', () => {
    expect(runtimeConfigSchema.safeParse({ thresholds: { tokenguard: { flag: 0.5 } } }).success).toBe(false);
    expect(runtimeConfigSchema.safeParse({ thresholds: { healthguard: { flag: 0.5 } } }).success).toBe(true);
    expect(runtimeConfigSchema.safeParse({ rate_limits: { per_day: 5 } }).success).toBe(false);
  });
});
