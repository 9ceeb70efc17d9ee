import type { CountingMethod } from './tokenizer.js';

/**
 * The model table: tokenizer, context window, maximum output and list price per model. Prices are
 * USD per million tokens, standard (non-batch, non-cached) tier, as published by each provider on
 * PRICING_AS_OF; update the date with the prices. Context windows and output limits of OpenAI
 * models match gpt-tokenizer 4's model metadata.
 */
export const PRICING_AS_OF = '2025-11-24';

export interface Pricing {
  inputPerMillion: number;
  outputPerMillion: number;
  /** Some models (Gemini 2.5 Pro) charge more for every token once the prompt exceeds a threshold. */
  longContext?: { promptTokensAbove: number; inputPerMillion: number; outputPerMillion: number };
}

export interface ModelInfo {
  id: string;
  provider: 'openai' | 'anthropic' | 'google' | 'meta' | 'mistral';
  counting: CountingMethod;
  contextWindow: number;
  maxOutputTokens: number;
  /** Null when the model has no single list price (open-weight models priced by each host). */
  pricing: Pricing | null;
}

const o200k: CountingMethod = { kind: 'exact', encoding: 'o200k_base' };
const cl100k: CountingMethod = { kind: 'exact', encoding: 'cl100k_base' };

/**
 * Estimation factors for models without an offline tokenizer. Claude 3+ tokenizers produce about
 * 16-30 % more tokens than o200k_base on English prose and code (published side-by-side
 * comparisons); 1.2 errs towards over-counting so budgets and context checks stay safe. Gemini's
 * SentencePiece vocabulary (256k) counts close to o200k_base on English. Llama 3 extends
 * cl100k_base (128k vocabulary), Mistral's Tekken is a 131k tiktoken-style vocabulary.
 */
export const CLAUDE_ESTIMATE: CountingMethod = {
  kind: 'scaled',
  encoding: 'o200k_base',
  factor: 1.2,
  note: 'Claude tokenizer not available offline; Claude 3+ counts ~16-30% above o200k_base',
};
export const GEMINI_ESTIMATE: CountingMethod = {
  kind: 'scaled',
  encoding: 'o200k_base',
  factor: 1.05,
  note: 'Gemini tokenizer not available offline; close to o200k_base on English',
};
export const LLAMA_ESTIMATE: CountingMethod = {
  kind: 'scaled',
  encoding: 'cl100k_base',
  factor: 1.0,
  note: 'Llama 3 vocabulary extends cl100k_base',
};
export const LLAMA2_ESTIMATE: CountingMethod = {
  kind: 'scaled',
  encoding: 'cl100k_base',
  factor: 1.25,
  note: 'Llama 2 SentencePiece 32k vocabulary yields more tokens than cl100k_base',
};
export const MISTRAL_ESTIMATE: CountingMethod = {
  kind: 'scaled',
  encoding: 'cl100k_base',
  factor: 1.1,
  note: 'Mistral tokenizers not available offline; 1.1 x cl100k_base',
};
/** An unknown model is counted with the newest OpenAI encoding and said to be an estimate. */
export const UNKNOWN_ESTIMATE: CountingMethod = {
  kind: 'scaled',
  encoding: 'o200k_base',
  factor: 1.0,
  note: 'unknown model; counted with o200k_base',
};

const price = (inputPerMillion: number, outputPerMillion: number): Pricing => ({
  inputPerMillion,
  outputPerMillion,
});

const m = (
  id: string,
  provider: ModelInfo['provider'],
  counting: CountingMethod,
  contextWindow: number,
  maxOutputTokens: number,
  pricing: Pricing | null,
): ModelInfo => ({ id, provider, counting, contextWindow, maxOutputTokens, pricing });

export const MODELS: readonly ModelInfo[] = [
  // OpenAI: exact counts.
  m('gpt-5', 'openai', o200k, 400_000, 128_000, price(1.25, 10)),
  m('gpt-5-mini', 'openai', o200k, 400_000, 128_000, price(0.25, 2)),
  m('gpt-5-nano', 'openai', o200k, 400_000, 128_000, price(0.05, 0.4)),
  m('gpt-4.1', 'openai', o200k, 1_047_576, 32_768, price(2, 8)),
  m('gpt-4.1-mini', 'openai', o200k, 1_047_576, 32_768, price(0.4, 1.6)),
  m('gpt-4.1-nano', 'openai', o200k, 1_047_576, 32_768, price(0.1, 0.4)),
  m('gpt-4o', 'openai', o200k, 128_000, 16_384, price(2.5, 10)),
  m('chatgpt-4o-latest', 'openai', o200k, 128_000, 16_384, price(5, 15)),
  m('gpt-4o-mini', 'openai', o200k, 128_000, 16_384, price(0.15, 0.6)),
  m('o1', 'openai', o200k, 200_000, 100_000, price(15, 60)),
  m('o1-mini', 'openai', o200k, 128_000, 65_536, price(1.1, 4.4)),
  m('o3', 'openai', o200k, 200_000, 100_000, price(2, 8)),
  m('o3-mini', 'openai', o200k, 200_000, 100_000, price(1.1, 4.4)),
  m('o4-mini', 'openai', o200k, 200_000, 100_000, price(1.1, 4.4)),
  m('gpt-4-turbo', 'openai', cl100k, 128_000, 4_096, price(10, 30)),
  m('gpt-4-32k', 'openai', cl100k, 32_768, 32_768, price(60, 120)),
  m('gpt-4', 'openai', cl100k, 8_192, 8_192, price(30, 60)),
  m('gpt-3.5-turbo', 'openai', cl100k, 16_385, 4_096, price(0.5, 1.5)),
  m('text-embedding-3-small', 'openai', cl100k, 8_191, 0, price(0.02, 0)),
  m('text-embedding-3-large', 'openai', cl100k, 8_191, 0, price(0.13, 0)),
  m('text-embedding-ada-002', 'openai', cl100k, 8_191, 0, price(0.1, 0)),

  // Anthropic: estimates (no offline tokenizer for Claude 3+).
  m('claude-opus-4-5', 'anthropic', CLAUDE_ESTIMATE, 200_000, 64_000, price(5, 25)),
  m('claude-opus-4-1', 'anthropic', CLAUDE_ESTIMATE, 200_000, 32_000, price(15, 75)),
  m('claude-opus-4', 'anthropic', CLAUDE_ESTIMATE, 200_000, 32_000, price(15, 75)),
  m('claude-sonnet-4-5', 'anthropic', CLAUDE_ESTIMATE, 200_000, 64_000, price(3, 15)),
  m('claude-sonnet-4', 'anthropic', CLAUDE_ESTIMATE, 200_000, 64_000, price(3, 15)),
  m('claude-haiku-4-5', 'anthropic', CLAUDE_ESTIMATE, 200_000, 64_000, price(1, 5)),
  m('claude-3-7-sonnet', 'anthropic', CLAUDE_ESTIMATE, 200_000, 64_000, price(3, 15)),
  m('claude-3-5-sonnet', 'anthropic', CLAUDE_ESTIMATE, 200_000, 8_192, price(3, 15)),
  m('claude-3-5-haiku', 'anthropic', CLAUDE_ESTIMATE, 200_000, 8_192, price(0.8, 4)),
  m('claude-3-opus', 'anthropic', CLAUDE_ESTIMATE, 200_000, 4_096, price(15, 75)),
  m('claude-3-haiku', 'anthropic', CLAUDE_ESTIMATE, 200_000, 4_096, price(0.25, 1.25)),

  // Google: estimates.
  m('gemini-2.5-pro', 'google', GEMINI_ESTIMATE, 1_048_576, 65_536, {
    inputPerMillion: 1.25,
    outputPerMillion: 10,
    longContext: { promptTokensAbove: 200_000, inputPerMillion: 2.5, outputPerMillion: 15 },
  }),
  m('gemini-2.5-flash-lite', 'google', GEMINI_ESTIMATE, 1_048_576, 65_536, price(0.1, 0.4)),
  m('gemini-2.5-flash', 'google', GEMINI_ESTIMATE, 1_048_576, 65_536, price(0.3, 2.5)),
  m('gemini-2.0-flash-lite', 'google', GEMINI_ESTIMATE, 1_048_576, 8_192, price(0.075, 0.3)),
  m('gemini-2.0-flash', 'google', GEMINI_ESTIMATE, 1_048_576, 8_192, price(0.1, 0.4)),

  // Open-weight models: estimates, no single list price.
  m('llama-3.3', 'meta', LLAMA_ESTIMATE, 131_072, 8_192, null),
  m('llama-3.2', 'meta', LLAMA_ESTIMATE, 131_072, 8_192, null),
  m('llama-3.1', 'meta', LLAMA_ESTIMATE, 131_072, 8_192, null),
  m('llama-3', 'meta', LLAMA_ESTIMATE, 8_192, 8_192, null),
  m('llama-2', 'meta', LLAMA2_ESTIMATE, 4_096, 4_096, null),
  m('mistral-large', 'mistral', MISTRAL_ESTIMATE, 131_072, 8_192, null),
  m('mistral-small', 'mistral', MISTRAL_ESTIMATE, 32_768, 8_192, null),
  m('mistral-7b', 'mistral', MISTRAL_ESTIMATE, 32_768, 8_192, null),
  m('mixtral-8x7b', 'mistral', MISTRAL_ESTIMATE, 32_768, 8_192, null),
];

const BY_ID = new Map(MODELS.map((model) => [model.id, model]));
/** Longest ids first, so `gpt-4o-mini-2024-07-18` finds gpt-4o-mini before gpt-4o. */
const BY_LENGTH = [...MODELS].sort((a, b) => b.id.length - a.id.length);

/** Families recognised by name when the exact model is not in the table. */
const FAMILY_ESTIMATES: readonly [prefix: string, method: CountingMethod][] = [
  ['claude', CLAUDE_ESTIMATE],
  ['gemini', GEMINI_ESTIMATE],
  ['llama-2', LLAMA2_ESTIMATE],
  ['llama', LLAMA_ESTIMATE],
  ['mistral', MISTRAL_ESTIMATE],
  ['mixtral', MISTRAL_ESTIMATE],
  ['codestral', MISTRAL_ESTIMATE],
];

export type ModelLookup =
  | { known: true; model: ModelInfo; requested: string }
  | { known: false; requested: string; counting: CountingMethod };

/**
 * Normalises a model name: lower case, without a provider prefix (`openai/gpt-4o`,
 * `meta-llama/llama-3.1-8b`) or an Anthropic `-latest` alias, dots in Claude versions as dashes.
 */
export function normaliseModelName(name: string): string {
  let n = name.trim().toLowerCase();
  const slash = n.lastIndexOf('/');
  if (slash >= 0) n = n.slice(slash + 1);
  if (n.startsWith('claude')) n = n.replaceAll('.', '-');
  if (n.startsWith('meta-llama-')) n = n.slice('meta-'.length);
  return n;
}

/**
 * A suffix that starts with a short version number (`-6`, `-5.1`) names a newer model than the
 * prefix, not a snapshot of it, so it must not inherit the prefix's limits and prices.
 */
const VERSION_SUFFIX = /^[-@:]\d{1,2}(?:$|[-.])/;

/**
 * Finds a model: exact id first, then the longest id that prefixes the name at a separator
 * (dated snapshots such as `gpt-4o-2024-08-06`, sizes such as `llama-3.1-70b-instruct`). `gpt-4`
 * does not match `gpt-4.5-preview`, because the character after the prefix must be `-`, `@` or `:`,
 * and `claude-opus-4` does not match `claude-opus-4-6` (a version, not a snapshot).
 */
export function lookupModel(name: string): ModelLookup {
  const n = normaliseModelName(name);
  const exact = BY_ID.get(n);
  if (exact) return { known: true, model: exact, requested: name };
  for (const model of BY_LENGTH) {
    if (n.startsWith(model.id)) {
      const rest = n.slice(model.id.length);
      const next = rest.charAt(0);
      if ((next === '-' || next === '@' || next === ':') && !VERSION_SUFFIX.test(rest)) {
        return { known: true, model, requested: name };
      }
    }
  }
  for (const [prefix, counting] of FAMILY_ESTIMATES) {
    if (n.startsWith(prefix)) return { known: false, requested: name, counting };
  }
  return { known: false, requested: name, counting: UNKNOWN_ESTIMATE };
}

export interface CostEstimate {
  input_usd: number;
  output_usd: number;
  total_usd: number;
  input_per_million_usd: number;
  output_per_million_usd: number;
  pricing_as_of: string;
}

/** Rounds to a millionth of a cent, so sums print cleanly without hiding small costs. */
const usd = (x: number): number => Math.round(x * 1e8) / 1e8;

export function estimateCost(pricing: Pricing, inputTokens: number, outputTokens: number): CostEstimate {
  const tier =
    pricing.longContext && inputTokens > pricing.longContext.promptTokensAbove
      ? pricing.longContext
      : pricing;
  const input = (inputTokens * tier.inputPerMillion) / 1e6;
  const output = (outputTokens * tier.outputPerMillion) / 1e6;
  return {
    input_usd: usd(input),
    output_usd: usd(output),
    total_usd: usd(input + output),
    input_per_million_usd: tier.inputPerMillion,
    output_per_million_usd: tier.outputPerMillion,
    pricing_as_of: PRICING_AS_OF,
  };
}
