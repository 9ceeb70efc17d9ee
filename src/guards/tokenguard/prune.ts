/**
 * Response pruning, as the original service did it: recommend pruning a model response when the
 * model was unsure of its last tokens (confidence below the threshold) or when the response is
 * longer than the configured maximum. Confidence comes from the response's logprobs: for each of
 * the last five generated tokens, the probability mass the model gave to alternatives; 0.25 of
 * alternative mass on average counts as no confidence at all.
 */

export const CONFIDENCE_WINDOW = 5;
export const ALTERNATIVE_MASS_AT_ZERO_CONFIDENCE = 0.25;

/** One step: either a list of alternative-token logprobs, or OpenAI's per-token object. */
export type LogprobStep =
  | number[]
  | {
      token?: string | undefined;
      logprob: number;
      top_logprobs?: { token: string; logprob: number }[] | undefined;
    };

/** Probability mass on alternatives to the chosen token at one step. */
export function alternativeMass(step: LogprobStep): number {
  let mass = 0;
  if (Array.isArray(step)) {
    for (const lp of step) mass += Math.exp(lp);
    return mass;
  }
  // OpenAI lists the chosen token among top_logprobs; skip it once (by token, else by logprob).
  let skipped = false;
  for (const alt of step.top_logprobs ?? []) {
    const isChosen = step.token !== undefined ? alt.token === step.token : alt.logprob === step.logprob;
    if (!skipped && isChosen) {
      skipped = true;
      continue;
    }
    mass += Math.exp(alt.logprob);
  }
  return mass;
}

/** 1 - mean(alternative mass over the last five steps) / 0.25, clamped to 0..1; null without steps. */
export function confidenceFromLogprobs(steps: readonly LogprobStep[]): number | null {
  if (steps.length === 0) return null;
  const window = steps.slice(-CONFIDENCE_WINDOW);
  let total = 0;
  for (const step of window) total += alternativeMass(step);
  const mean = total / window.length;
  const confidence = 1 - mean / ALTERNATIVE_MASS_AT_ZERO_CONFIDENCE;
  return Math.min(1, Math.max(0, confidence));
}

export type PruneReason = 'low_confidence' | 'too_long';

export interface PruneDecision {
  should_prune: boolean;
  reasons: PruneReason[];
  confidence: number | null;
  /** Where the confidence came from: the caller's number, the logprobs, or nowhere. */
  confidence_source: 'payload' | 'logprobs' | 'none';
  threshold: number;
  response_tokens: number;
  max_response_tokens: number;
}

export function decidePrune(opts: {
  responseTokens: number;
  confidence?: number | undefined;
  logprobs?: readonly LogprobStep[] | undefined;
  threshold: number;
  maxResponseTokens: number;
}): PruneDecision {
  let confidence: number | null = null;
  let source: PruneDecision['confidence_source'] = 'none';
  if (opts.confidence !== undefined) {
    confidence = opts.confidence;
    source = 'payload';
  } else if (opts.logprobs && opts.logprobs.length > 0) {
    confidence = confidenceFromLogprobs(opts.logprobs);
    source = 'logprobs';
  }
  const reasons: PruneReason[] = [];
  if (confidence !== null && confidence < opts.threshold) reasons.push('low_confidence');
  if (opts.responseTokens > opts.maxResponseTokens) reasons.push('too_long');
  return {
    should_prune: reasons.length > 0,
    reasons,
    confidence,
    confidence_source: source,
    threshold: opts.threshold,
    response_tokens: opts.responseTokens,
    max_response_tokens: opts.maxResponseTokens,
  };
}
