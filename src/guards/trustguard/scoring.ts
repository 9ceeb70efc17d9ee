import type { PatternHit, RiskLevel } from './schema.js';
import type { Signal } from './signals.js';

/** How many occurrences of one signal type count, so a long list of figures cannot dominate. */
const MAX_PER_TYPE = 3;
/** A named pattern weighs half its score: the patterns are cues, not proof. */
const PATTERN_WEIGHT = 0.5;

/**
 * Combines independent pieces of evidence by noisy-OR: risk = 1 - prod(1 - w). Every level is
 * reachable: one medium signal lands in "medium", two or three strong ones in "high" or "critical".
 */
export function combineRisk(base: number, signals: Signal[], patterns: PatternHit[]): number {
  let keep = 1 - base;
  const perType = new Map<string, number>();
  for (const s of signals) {
    const n = perType.get(s.type) ?? 0;
    if (n >= MAX_PER_TYPE) continue;
    perType.set(s.type, n + 1);
    keep *= 1 - s.weight;
  }
  for (const p of patterns) keep *= 1 - PATTERN_WEIGHT * p.score;
  return Math.min(1, Math.max(0, 1 - keep));
}

export function riskLevel(risk: number): RiskLevel {
  if (risk >= 0.75) return 'critical';
  if (risk >= 0.5) return 'high';
  if (risk >= 0.25) return 'medium';
  return 'low';
}

export function summarizeSignals(signals: Signal[]): { type: string; weight: number; count: number }[] {
  const by = new Map<string, { type: string; weight: number; count: number }>();
  for (const s of signals) {
    const e = by.get(s.type) ?? { type: s.type, weight: s.weight, count: 0 };
    e.count++;
    by.set(s.type, e);
  }
  return [...by.values()];
}

const ADVICE: Record<string, string> = {
  unsupported: 'Remove or source the claims the given sources do not support.',
  contradicted: 'Correct the claims that conflict with the sources (numbers, names or negation).',
  unattributed_figure: 'Attribute precise figures to a source or round them.',
  unattributed_date: 'Give a source for exact dates.',
  unattributed_quote: 'Verify quotations against the original before publishing.',
  uncheckable_citation: 'Replace vague study references with a checkable citation (title, authors, link).',
  vague_authority: 'Name the research or experts referred to.',
  doi: 'Resolve the DOIs to confirm the cited works exist.',
  reference_list: 'Check that every listed reference exists.',
  overconfident: 'Soften absolute statements or back them with evidence.',
  refusal: 'The answer declines the task; retry with a clearer request or route to a human.',
  self_contradiction: 'The text contradicts itself; reconcile the conflicting figures.',
  does_not_address_question: 'The answer does not address the question; regenerate it.',
  hallucination: 'Unsupported appeals to authority: ask for sources.',
  drift: 'The answer wanders off topic; keep it on the question.',
  bias: 'Rephrase sweeping generalizations about groups.',
  deception: 'Do not rely on claims of verification the model cannot have made.',
  security_theater: 'Security claims or code look protective but are not; review them.',
  duplication: 'Remove repeated passages.',
  stub_syndrome: 'The code has stubs or placeholders; complete it before use.',
};

export function recommendations(keys: Iterable<string>): string[] {
  const out: string[] = [];
  for (const k of new Set(keys)) {
    const a = ADVICE[k];
    if (a) out.push(a);
  }
  return out;
}
