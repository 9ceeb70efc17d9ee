import { describe, expect, it } from 'vitest';
import {
  CLAUDE_ESTIMATE,
  estimateCost,
  lookupModel,
  MODELS,
  PRICING_AS_OF,
  UNKNOWN_ESTIMATE,
} from './models.js';

const idOf = (name: string): string | null => {
  const r = lookupModel(name);
  return r.known ? r.model.id : null;
};

describe('model table', () => {
  it('maps OpenAI models to their encodings', () => {
    for (const name of [
      'gpt-4o',
      'gpt-4o-mini',
      'gpt-4.1',
      'gpt-4.1-nano',
      'o1',
      'o3',
      'o3-mini',
      'o4-mini',
    ]) {
      const r = lookupModel(name);
      expect(r.known && r.model.counting).toEqual({ kind: 'exact', encoding: 'o200k_base' });
    }
    for (const name of [
      'gpt-4',
      'gpt-4-turbo',
      'gpt-3.5-turbo',
      'text-embedding-3-small',
      'text-embedding-3-large',
    ]) {
      const r = lookupModel(name);
      expect(r.known && r.model.counting).toEqual({ kind: 'exact', encoding: 'cl100k_base' });
    }
  });

  it('resolves dated and provider-prefixed variants by the longest prefix', () => {
    expect(idOf('gpt-4o-2024-08-06')).toBe('gpt-4o');
    expect(idOf('gpt-4o-mini-2024-07-18')).toBe('gpt-4o-mini');
    expect(idOf('GPT-4-0613')).toBe('gpt-4');
    expect(idOf('gpt-4-turbo-2024-04-09')).toBe('gpt-4-turbo');
    expect(idOf('openai/gpt-4.1-mini')).toBe('gpt-4.1-mini');
    expect(idOf('claude-3-5-sonnet-20241022')).toBe('claude-3-5-sonnet');
    expect(idOf('claude-sonnet-4.5')).toBe('claude-sonnet-4-5');
    expect(idOf('claude-opus-4-20250514')).toBe('claude-opus-4');
    expect(idOf('meta-llama/Meta-Llama-3.1-70B-Instruct')).toBe('llama-3.1');
    expect(idOf('gemini-2.5-flash-preview-05-20')).toBe('gemini-2.5-flash');
  });

  it('does not let a newer version inherit an older model (gpt-4.5, claude-opus-4-9)', () => {
    expect(idOf('gpt-4.5-preview')).toBeNull();
    expect(idOf('claude-opus-4-9')).toBeNull();
    const claude = lookupModel('claude-opus-4-9');
    expect(!claude.known && claude.counting).toBe(CLAUDE_ESTIMATE);
    const unknown = lookupModel('my-house-model');
    expect(!unknown.known && unknown.counting).toBe(UNKNOWN_ESTIMATE);
  });

  it('has sane limits and prices for every row', () => {
    for (const model of MODELS) {
      expect(model.contextWindow).toBeGreaterThan(0);
      expect(model.maxOutputTokens).toBeLessThanOrEqual(model.contextWindow);
      if (model.pricing) expect(model.pricing.inputPerMillion).toBeGreaterThan(0);
    }
    expect(PRICING_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('cost', () => {
  it('prices input and output per million tokens (gpt-4o: $2.50 in, $10 out)', () => {
    const r = lookupModel('gpt-4o');
    if (!r.known || !r.model.pricing) throw new Error('gpt-4o must be priced');
    const cost = estimateCost(r.model.pricing, 1_000, 500);
    expect(cost.input_usd).toBeCloseTo(0.0025, 10);
    expect(cost.output_usd).toBeCloseTo(0.005, 10);
    expect(cost.total_usd).toBeCloseTo(0.0075, 10);
    expect(cost.pricing_as_of).toBe(PRICING_AS_OF);
  });

  it('switches to the long-context tier above the threshold (gemini-2.5-pro)', () => {
    const r = lookupModel('gemini-2.5-pro');
    if (!r.known || !r.model.pricing) throw new Error('gemini-2.5-pro must be priced');
    expect(estimateCost(r.model.pricing, 200_000, 0).input_usd).toBeCloseTo(0.25, 10);
    expect(estimateCost(r.model.pricing, 200_001, 1_000).input_usd).toBeCloseTo(0.5000025, 10);
    expect(estimateCost(r.model.pricing, 200_001, 1_000).output_usd).toBeCloseTo(0.015, 10);
  });
});
