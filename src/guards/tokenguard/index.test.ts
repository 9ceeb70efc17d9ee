import { countTokens as o200kCount } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { SentenceEncoder } from '../../semantic/encoder.js';
import { PRICING_AS_OF } from './models.js';
import { ctx, makeDeps, makeGuard, parse } from './test-helpers.js';

describe('TokenGuard', () => {
  it('accepts the minimal {text} payload and allows it, with an exact gpt-4o count and cost', async () => {
    const { guard } = makeGuard();
    const out = await guard.check(parse({ text: 'Hello world' }), ctx());
    expect(out.verdict).toBe('allow');
    expect(out.findings).toEqual([]);
    expect(out.data).toMatchObject({
      model: 'gpt-4o',
      model_id: 'gpt-4o',
      estimated: false,
      tokenizer: { exact: true, encoding: 'o200k_base' },
      tokens: 2,
      context_window: 128_000,
      tokens_remaining: 128_000 - 2,
      pricing_as_of: PRICING_AS_OF,
    });
    expect(out.data.tokens).toBe(o200kCount('Hello world'));
    expect(out.data.cost?.input_usd).toBeCloseTo((2 * 2.5) / 1e6, 12);
    expect(out.score).toBeGreaterThanOrEqual(0);
    expect(out.score).toBeLessThan(0.01);
  });

  it('is registered under its name', async () => {
    const { tokenguardModule } = await import('./module.js');
    const deps = makeDeps();
    const { guard } = await tokenguardModule.create({
      ...deps,
      settings: deps.config,
      capabilities: {},
      // TokenGuard asks no encoder; this one never starts its thread.
      embedder: new SentenceEncoder(),
    });
    expect(guard.name).toBe('tokenguard');
  });

  it('rejects a payload with neither text nor messages, naming the field', () => {
    const r = parse.bind(null, { model: 'gpt-4o' });
    expect(r).toThrow(/text/);
    const issues = (() => {
      try {
        parse({ model: 'gpt-4o' });
        return [];
      } catch (error) {
        return (error as { issues: { path: unknown[] }[] }).issues;
      }
    })();
    expect(issues[0]?.path).toEqual(['text']);
    expect(() => parse({ text: 'a', optimize: 'truncate' })).toThrow(/target_tokens/);
  });

  it('counts cl100k models differently from o200k models on non-English text', async () => {
    const { guard } = makeGuard();
    const text = 'Здравствуй, мир! Как дела?';
    const o200k = await guard.check(parse({ text, model: 'gpt-4o' }), ctx());
    const cl100k = await guard.check(parse({ text, model: 'gpt-4-0613' }), ctx());
    expect(o200k.data.tokens).toBe(10);
    expect(cl100k.data.tokens).toBe(14);
    expect(cl100k.data.tokenizer.encoding).toBe('cl100k_base');
  });

  it('counts chat messages with overhead', async () => {
    const { guard } = makeGuard();
    const out = await guard.check(
      parse({ messages: [{ role: 'user', content: 'Hello world' }], model: 'gpt-4o-mini' }),
      ctx(),
    );
    expect(out.data.tokens).toBe(3 + 1 + 2 + 3);
  });

  it('estimates Claude and says how', async () => {
    const { guard } = makeGuard();
    const text = 'Please summarise the attached quarterly report for the board.';
    const out = await guard.check(parse({ text, model: 'claude-sonnet-4-5-20250929' }), ctx());
    expect(out.data.estimated).toBe(true);
    expect(out.data.tokenizer.exact).toBe(false);
    expect(out.data.tokenizer.method).toMatch(/estimate/);
    expect(out.data.tokens).toBe(Math.ceil(o200kCount(text) * 1.2));
    expect(out.data.cost?.input_per_million_usd).toBe(3);
    expect(out.verdict).toBe('allow');
  });

  it('estimates an unknown model with a finding instead of failing', async () => {
    const { guard } = makeGuard();
    const out = await guard.check(parse({ text: 'Hello world', model: 'acme-llm-9000' }), ctx());
    expect(out.verdict).toBe('allow');
    expect(out.data).toMatchObject({ known_model: false, estimated: true, cost: null, context_window: null });
    expect(out.findings.map((f) => f.type)).toEqual(['unknown_model']);
  });

  it('blocks when the prompt plus the requested output cannot fit the context window', async () => {
    const { guard } = makeGuard();
    const text = 'alpha beta gamma delta '.repeat(1200); // about 4,800 tokens
    const out = await guard.check(parse({ text, model: 'gpt-4', max_output_tokens: 4000 }), ctx());
    expect(out.verdict).toBe('block');
    expect(out.score).toBe(1);
    expect(out.findings.map((f) => f.type)).toContain('context_overflow');
    expect(out.data.tokens_remaining).toBeLessThan(0);
    const fits = await guard.check(parse({ text, model: 'gpt-4o', max_output_tokens: 4000 }), ctx());
    expect(fits.verdict).toBe('allow');
  });

  it('blocks a max_output_tokens above the model output limit', async () => {
    const { guard } = makeGuard();
    const out = await guard.check(parse({ text: 'Hi', model: 'gpt-4o', max_output_tokens: 20_000 }), ctx());
    expect(out.verdict).toBe('block');
    expect(out.findings.map((f) => f.type)).toEqual(['max_output_exceeded']);
  });

  it('blocks the second call that would exceed a daily budget, without counting it', async () => {
    const { guard, kv } = makeGuard({ TOKENGUARD_DAILY_TOKEN_BUDGET: '100' });
    const text = 'one two three four five six seven eight nine ten '.repeat(6); // about 60 tokens
    const who = ctx({ userId: 'user-42' });
    const first = await guard.check(parse({ text }), who);
    expect(first.verdict).toBe('allow');
    const used = first.data.input_tokens;
    expect(first.data.budget).toMatchObject({
      enforced: true,
      scope: 'user',
      day: { used, remaining: 100 - used },
    });
    const second = await guard.check(parse({ text }), who);
    expect(second.verdict).toBe('block');
    expect(second.findings.map((f) => f.type)).toEqual(['budget_exceeded']);
    expect(second.data.budget).toMatchObject({ exceeded: 'day', counted_tokens: 0, day: { used } });
    const keys = await kv.keys('tokenguard:default:budget:user:user-42:day:');
    expect(keys).toHaveLength(1);
    // Another user has their own budget.
    expect((await guard.check(parse({ text }), ctx({ userId: 'user-7' }))).verdict).toBe('allow');
  });

  it('does not count a request blocked for context overflow against the budget', async () => {
    const { guard } = makeGuard({ TOKENGUARD_DAILY_TOKEN_BUDGET: '1000000' });
    const who = ctx({ organizationId: 'acme' });
    const out = await guard.check(
      parse({ text: 'word '.repeat(9000), model: 'gpt-4', budget: { scope: 'organization' } }),
      who,
    );
    expect(out.verdict).toBe('block');
    expect(out.data.budget).toMatchObject({ enforced: true, counted_tokens: 0, day: { used: 0 } });
  });

  it('says so when a budget applies but the request has no identity', async () => {
    const { guard } = makeGuard();
    const out = await guard.check(parse({ text: 'Hi', budget: { daily_tokens: 10 } }), ctx());
    expect(out.verdict).toBe('allow');
    expect(out.data.budget).toMatchObject({ enforced: false, scope: 'user' });
    expect(out.findings.map((f) => f.type)).toEqual(['budget_unidentified']);
  });

  it('optimizes losslessly and reports token and cost savings', async () => {
    const { guard } = makeGuard();
    const text =
      'Summarise   the   incident   report   below.\n\n\n\nThe database failed over at 02:00.   \nThe database failed over at 02:00.\nCustomers saw errors for ten minutes.';
    const out = await guard.check(parse({ text, optimize: 'lossless' }), ctx());
    expect(out.transformed?.text).toBe(
      'Summarise the incident report below.\n\nThe database failed over at 02:00.\nCustomers saw errors for ten minutes.',
    );
    const opt = out.data.optimization;
    expect(opt?.original_tokens).toBe(o200kCount(text));
    expect(opt?.optimized_tokens).toBe(o200kCount(out.transformed?.text ?? ''));
    expect(opt?.saved_tokens).toBeGreaterThan(0);
    expect(opt?.saved_usd).toBeCloseTo(((opt?.saved_tokens ?? 0) * 2.5) / 1e6, 12);
    expect(out.data.input_tokens).toBe(opt?.optimized_tokens);
  });

  it('optimizes chat messages losslessly', async () => {
    const { guard } = makeGuard();
    const out = await guard.check(
      parse({ messages: [{ role: 'user', content: 'Hi   there.   ' }], optimize: 'lossless' }),
      ctx(),
    );
    expect(out.data.optimization?.messages).toEqual([{ role: 'user', content: 'Hi there.' }]);
    expect(out.transformed).toBeUndefined();
  });

  it('truncates to target_tokens', async () => {
    const { guard } = makeGuard();
    const text = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} adds a little more context.`).join(' ');
    const out = await guard.check(parse({ text, optimize: 'truncate', target_tokens: 50 }), ctx());
    expect(o200kCount(out.transformed?.text ?? '')).toBeLessThanOrEqual(50);
    expect(out.data.optimization).toMatchObject({ mode: 'truncate', applied: ['truncate_sentences'] });
  });

  it('flags a response whose logprobs show low confidence', async () => {
    const { guard } = makeGuard();
    const unsure = [[Math.log(0.3)], [Math.log(0.2)], [Math.log(0.25)]];
    const out = await guard.check(parse({ text: 'The answer is probably 42.', logprobs: unsure }), ctx());
    expect(out.verdict).toBe('flag');
    expect(out.data.prune).toMatchObject({ should_prune: true, reasons: ['low_confidence'], confidence: 0 });
    expect(out.findings.map((f) => f.type)).toEqual(['prune_recommended']);
    const sure = await guard.check(parse({ text: 'Paris.', logprobs: [[Math.log(0.01)]] }), ctx());
    expect(sure.verdict).toBe('allow');
    expect(sure.data.prune?.confidence).toBeCloseTo(0.96, 10);
  });

  it('flags a response longer than TOKENGUARD_MAX_RESPONSE_TOKENS', async () => {
    const { guard } = makeGuard({ TOKENGUARD_MAX_RESPONSE_TOKENS: '5' });
    const out = await guard.check(
      parse({ text: 'one two three four five six seven', confidence: 0.99 }),
      ctx(),
    );
    expect(out.verdict).toBe('flag');
    expect(out.data.prune?.reasons).toEqual(['too_long']);
  });

  it('uses TOKENGUARD_DEFAULT_MODEL when the payload names none', async () => {
    const { guard } = makeGuard({ TOKENGUARD_DEFAULT_MODEL: 'gpt-3.5-turbo' });
    const out = await guard.check(parse({ text: 'Hello world' }), ctx());
    expect(out.data.model_id).toBe('gpt-3.5-turbo');
    expect(out.data.tokenizer.encoding).toBe('cl100k_base');
  });
});
