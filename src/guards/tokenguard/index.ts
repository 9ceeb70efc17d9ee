import { createRequire } from 'node:module';
import {
  clamp01,
  defineGuard,
  type Finding,
  type GuardContext,
  type GuardOutcome,
  type Verdict,
} from '../contract.js';
import type { GuardDeps } from '../deps.js';
import {
  type BudgetLimits,
  type BudgetOutcome,
  type BudgetScope,
  consumeBudget,
  effectiveLimits,
  peekBudget,
} from './budgets.js';
import { type CostEstimate, estimateCost, lookupModel, type ModelInfo, PRICING_AS_OF } from './models.js';
import { optimizeLossless, truncateToTokens } from './optimize.js';
import { decidePrune, type PruneDecision } from './prune.js';
import { type TokenGuardPayload, tokenGuardPayloadSchema } from './schema.js';
import { type ChatMessage, countChat, counterFor, loadedEncoding, type TokenizerInfo } from './tokenizer.js';

/** What the guard does, as /api/v1/guards/services lists it (also for a remote instance). */
export const TOKENGUARD_DESCRIPTION =
  'Counts tokens (exact for OpenAI encodings, labelled estimates otherwise), prices the request, checks the context window and token budgets, optimizes prompts and recommends response pruning.';

export { tokenGuardPayloadSchema } from './schema.js';

export interface OptimizationData {
  mode: 'lossless' | 'truncate';
  original_tokens: number;
  optimized_tokens: number;
  saved_tokens: number;
  saved_usd: number | null;
  applied: string[];
  /** The optimized chat, when the payload was `messages` (`transformed.text` is for `text`). */
  messages?: ChatMessage[];
}

export type BudgetData =
  | (BudgetOutcome & { enforced: true; counted: 'input_plus_max_output' })
  | { enforced: false; scope: BudgetScope; reason: string };

export interface TokenGuardData {
  model: string;
  model_id: string | null;
  provider: string | null;
  known_model: boolean;
  /** True when the count is not exact (no offline tokenizer, or an unknown model). */
  estimated: boolean;
  tokenizer: TokenizerInfo;
  /** Tokens of the prompt as given (chat overhead included for `messages`). */
  tokens: number;
  /** Tokens the limits, cost and budget were computed on: the optimized prompt when optimizing. */
  input_tokens: number;
  max_output_tokens: number | null;
  context_window: number | null;
  model_max_output_tokens: number | null;
  tokens_remaining: number | null;
  cost: CostEstimate | null;
  pricing_as_of: string;
  optimization: OptimizationData | null;
  budget: BudgetData | null;
  prune: PruneDecision | null;
}

function savings(
  model: ModelInfo | null,
  mode: OptimizationData['mode'],
  before: number,
  after: number,
  applied: string[],
): OptimizationData {
  const saved = Math.max(0, before - after);
  return {
    mode,
    original_tokens: before,
    optimized_tokens: after,
    saved_tokens: saved,
    saved_usd: model?.pricing ? estimateCost(model.pricing, saved, 0).input_usd : null,
    applied,
  };
}

const identityFor = (scope: BudgetScope, ctx: GuardContext): string | undefined =>
  scope === 'user' ? ctx.userId : scope === 'session' ? ctx.sessionId : ctx.organizationId;

/**
 * TokenGuard: exact or clearly-labelled estimated token counts, cost from a dated price table,
 * context-window fit, per-identity token budgets, prompt optimization and response pruning.
 * Blocks when the request cannot fit the model or would exceed a budget; flags when a response
 * should be pruned. Unknown models are estimated (never an error) and say so in a finding.
 */
export function createTokenGuard(deps: GuardDeps) {
  const { config, kv } = deps;
  const budgetDefaults = {
    scope: config.TOKENGUARD_BUDGET_SCOPE,
    daily: config.TOKENGUARD_DAILY_TOKEN_BUDGET,
    monthly: config.TOKENGUARD_MONTHLY_TOKEN_BUDGET,
  };

  return defineGuard({
    name: 'tokenguard',
    description: TOKENGUARD_DESCRIPTION,
    payloadSchema: tokenGuardPayloadSchema,

    // No init: each encoding (o200k_base for the current OpenAI models, cl100k_base for older ones
    // and the estimates based on it) loads on its first use, about 150 ms once, so a gateway that
    // has not counted tokens yet does not hold the tables (some 40 MB for o200k_base).

    async check(payload: TokenGuardPayload, ctx: GuardContext): Promise<GuardOutcome<TokenGuardData>> {
      const modelName = payload.model ?? config.TOKENGUARD_DEFAULT_MODEL;
      const lookup = lookupModel(modelName);
      const model = lookup.known ? lookup.model : null;
      const counter = await counterFor(lookup.known ? lookup.model.counting : lookup.counting);
      const findings: Finding[] = [];
      const estimated = !counter.info.exact || !lookup.known;
      const countConfidence = estimated ? 0.8 : 1;

      if (!lookup.known) {
        findings.push({
          type: 'unknown_model',
          severity: 'info',
          confidence: 1,
          message: `model '${modelName}' is not in TokenGuard's table: tokens are estimated (${counter.info.method}); no context window or price is known`,
          data: { model: modelName },
        });
      }

      // Count once; the optimizers reuse this number instead of counting the original again.
      const text = payload.text;
      const messages = payload.messages;
      const tokens = messages ? countChat(messages, counter) : counter.count(text ?? '');

      let inputTokens = tokens;
      let optimization: OptimizationData | null = null;
      let transformed: { text: string } | undefined;
      if (payload.optimize === 'lossless') {
        if (messages) {
          const applied = new Set<string>();
          const optimized = messages.map((m) => {
            const r = optimizeLossless(m.content);
            for (const rule of r.applied) applied.add(rule);
            return { ...m, content: r.text };
          });
          inputTokens = countChat(optimized, counter);
          optimization = savings(model, 'lossless', tokens, inputTokens, [...applied]);
          optimization.messages = optimized;
        } else {
          const r = optimizeLossless(text ?? '');
          inputTokens = counter.count(r.text);
          optimization = savings(model, 'lossless', tokens, inputTokens, r.applied);
          transformed = { text: r.text };
        }
      } else if (
        payload.optimize === 'truncate' &&
        text !== undefined &&
        payload.target_tokens !== undefined
      ) {
        const r = truncateToTokens(text, payload.target_tokens, counter, tokens);
        inputTokens = r.applied.length > 0 ? counter.count(r.text) : tokens;
        optimization = savings(model, 'truncate', tokens, inputTokens, r.applied);
        transformed = { text: r.text };
      }

      // Context-window fit: prompt plus the requested output must fit the model's window.
      const requestedOutput = payload.max_output_tokens ?? 0;
      let blocked = false;
      let tokensRemaining: number | null = null;
      let fitRatio = 0;
      if (model) {
        const needed = inputTokens + requestedOutput;
        tokensRemaining = model.contextWindow - needed;
        fitRatio = needed / model.contextWindow;
        if (requestedOutput > model.maxOutputTokens) {
          blocked = true;
          findings.push({
            type: 'max_output_exceeded',
            category: 'context_window',
            severity: 'high',
            confidence: 1,
            message: `max_output_tokens ${requestedOutput} exceeds ${model.id}'s output limit of ${model.maxOutputTokens}`,
            data: { max_output_tokens: requestedOutput, model_max_output_tokens: model.maxOutputTokens },
          });
        }
        if (tokensRemaining < 0) {
          blocked = true;
          findings.push({
            type: 'context_overflow',
            category: 'context_window',
            severity: 'high',
            confidence: countConfidence,
            message: `${inputTokens} prompt tokens${requestedOutput > 0 ? ` + ${requestedOutput} output tokens` : ''} exceed ${model.id}'s context window of ${model.contextWindow} by ${-tokensRemaining}`,
            data: { needed, context_window: model.contextWindow },
          });
        } else if (fitRatio >= config.TOKENGUARD_CONTEXT_WARN_RATIO) {
          findings.push({
            type: 'context_near_limit',
            category: 'context_window',
            severity: 'low',
            confidence: countConfidence,
            message: `the request uses ${Math.round(fitRatio * 100)}% of ${model.id}'s context window`,
            data: { needed, context_window: model.contextWindow },
          });
        }
      }

      const cost = model?.pricing ? estimateCost(model.pricing, inputTokens, requestedOutput) : null;

      // Response pruning applies to model responses, recognised by a confidence or logprobs.
      let prune: PruneDecision | null = null;
      if (payload.confidence !== undefined || payload.logprobs !== undefined) {
        prune = decidePrune({
          responseTokens: tokens,
          confidence: payload.confidence,
          logprobs: payload.logprobs,
          threshold: config.TOKENGUARD_PRUNE_CONFIDENCE,
          maxResponseTokens: config.TOKENGUARD_MAX_RESPONSE_TOKENS,
        });
        if (prune.should_prune) {
          const p = prune;
          const why = p.reasons.map((r) =>
            r === 'low_confidence'
              ? `confidence ${p.confidence?.toFixed(2)} is below ${p.threshold}`
              : `${p.response_tokens} tokens exceed the ${p.max_response_tokens}-token maximum`,
          );
          findings.push({
            type: 'prune_recommended',
            category: 'response_pruning',
            severity: 'medium',
            // The rule is deterministic given the logprobs and the length, so the finding is certain.
            confidence: 1,
            message: `pruning recommended: ${why.join('; ')}`,
            data: { reasons: p.reasons, confidence: p.confidence },
          });
        }
      }

      // Budgets last: a request blocked for any reason is not counted against them.
      let budget: BudgetData | null = null;
      let budgetRatio = 0;
      const requested = effectiveLimits(budgetDefaults, payload.budget);
      // Budgets are kept per organization: a user id from the body never reaches another tenant's.
      const limits: BudgetLimits | null = requested
        ? { ...requested, organization: ctx.organizationId ?? 'default' }
        : null;
      if (limits) {
        const id = identityFor(limits.scope, ctx);
        if (id === undefined) {
          budget = {
            enforced: false,
            scope: limits.scope,
            reason: `no ${limits.scope} identity on the request`,
          };
          findings.push({
            type: 'budget_unidentified',
            category: 'budget',
            severity: 'info',
            confidence: 1,
            message: `a ${limits.scope} token budget applies but the request carries no ${limits.scope} id, so it was not counted`,
          });
        } else {
          const counted = inputTokens + requestedOutput;
          const outcome = blocked
            ? await peekBudget(kv, limits, id)
            : await consumeBudget(kv, limits, id, counted);
          budget = { ...outcome, enforced: true, counted: 'input_plus_max_output' };
          for (const period of [outcome.day, outcome.month]) {
            if (period) budgetRatio = Math.max(budgetRatio, period.used / period.limit);
          }
          if (outcome.exceeded) {
            blocked = true;
            const period = outcome.exceeded === 'day' ? outcome.day : outcome.month;
            findings.push({
              type: 'budget_exceeded',
              category: 'budget',
              severity: 'high',
              confidence: 1,
              message: `${counted} tokens would exceed the ${limits.scope}'s ${outcome.exceeded === 'day' ? 'daily' : 'monthly'} budget of ${period?.limit} (${period?.remaining} left)`,
              data: { period: outcome.exceeded, needed: counted, remaining: period?.remaining ?? 0 },
            });
          }
        }
      }

      const verdict: Verdict = blocked ? 'block' : prune?.should_prune ? 'flag' : 'allow';
      const pruneRisk = prune?.should_prune
        ? Math.max(0.5, prune.confidence === null ? 0.5 : 1 - prune.confidence)
        : 0;
      const score = blocked ? 1 : clamp01(Math.max(fitRatio, budgetRatio, pruneRisk));

      return {
        verdict,
        score,
        findings,
        ...(transformed ? { transformed } : {}),
        data: {
          model: modelName,
          model_id: model?.id ?? null,
          provider: model?.provider ?? null,
          known_model: lookup.known,
          estimated,
          tokenizer: counter.info,
          tokens,
          input_tokens: inputTokens,
          max_output_tokens: payload.max_output_tokens ?? null,
          context_window: model?.contextWindow ?? null,
          model_max_output_tokens: model?.maxOutputTokens ?? null,
          tokens_remaining: tokensRemaining,
          cost,
          pricing_as_of: PRICING_AS_OF,
          optimization,
          budget,
          prune,
        },
      };
    },

    async health() {
      // Once loaded, the default encoding is known good; before that, its module must at least be
      // installed. A readiness probe does not load the tables (that waits for the first count).
      if (!loadedEncoding('o200k_base'))
        createRequire(import.meta.url).resolve('gpt-tokenizer/encoding/o200k_base');
      return { status: 'healthy' as const };
    },
  });
}
