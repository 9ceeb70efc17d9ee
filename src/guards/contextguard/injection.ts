import type { Finding } from '../contract.js';

/**
 * The interface ContextGuard uses to score a window of recent user turns for prompt injection.
 * SecurityGuard's injection detector will be plugged in here by the composition root; until then
 * `fallbackInjectionScorer` is used.
 */
export type InjectionScorer = (text: string) => { score: number; findings: Finding[] };

interface Cue {
  category: string;
  weight: number;
  re: RegExp;
}

// Whitespace between words is matched loosely (\s{1,6}) because split attacks are rejoined with newlines.
const CUES: Cue[] = [
  {
    category: 'instruction_override',
    weight: 0.9,
    re: /\b(?:ignore|disregard|forget|override|bypass)\s{1,6}(?:all\s{1,6}|any\s{1,6}|the\s{1,6}|your\s{1,6}|of\s{1,6}){0,3}(?:previous|prior|above|earlier|preceding|original|system)?\s{0,6}(?:instructions|rules|guidelines|directions|prompts?|constraints|policies)\b/i,
  },
  {
    category: 'prompt_extraction',
    weight: 0.85,
    re: /\b(?:reveal|show|print|repeat|output|tell\s{1,6}me|give\s{1,6}me|leak|display)\s{1,6}(?:me\s{1,6})?(?:your|the)\s{1,6}(?:full\s{1,6}|entire\s{1,6}|hidden\s{1,6}|initial\s{1,6}|original\s{1,6}){0,2}(?:system\s{1,6}prompt|instructions|hidden\s{1,6}rules|initial\s{1,6}prompt|configuration|secret)/i,
  },
  {
    category: 'role_override',
    weight: 0.6,
    re: /\b(?:you\s{1,6}are\s{1,6}now|from\s{1,6}now\s{1,6}on\s{1,6}you\s{1,6}(?:are|will)|pretend\s{1,6}(?:to\s{1,6}be|you\s{1,6}are)|act\s{1,6}as)\s{1,6}(?:an?\s{1,6})?(?:unfiltered|unrestricted|jailbroken|evil|DAN|developer\s{1,6}mode|without\s{1,6}(?:any\s{1,6})?(?:rules|restrictions|filters))/i,
  },
  {
    category: 'jailbreak_persona',
    weight: 0.6,
    re: /\b(?:do\s{1,6}anything\s{1,6}now|developer\s{1,6}mode\s{1,6}(?:enabled|output)|jailbr(?:oken|eak)|unfiltered\s{1,6}(?:and|,)\s{0,6}amoral|(?:no|without\s{1,6}any)\s{1,6}(?:ethical|moral)\s{1,6}(?:guidelines|restrictions|boundaries|principles)|stay\s{1,6}in\s{1,6}character)\b/i,
  },
  {
    // Case-sensitive on purpose: "Dan" is a name.
    category: 'jailbreak_persona',
    weight: 0.6,
    re: /\bDAN\b/,
  },
  {
    category: 'guardrail_disable',
    weight: 0.7,
    re: /\b(?:disable|turn\s{1,6}off|remove|deactivate)\s{1,6}(?:your|all|the)\s{1,6}(?:safety|content)?\s{0,6}(?:filters?|guardrails|restrictions|safeguards|moderation)\b/i,
  },
];

/** A compact fallback injection scorer (a handful of override/extraction cues), until SecurityGuard's is wired. */
export const fallbackInjectionScorer: InjectionScorer = (text) => {
  const findings: Finding[] = [];
  let keep = 1;
  for (const cue of CUES) {
    const m = cue.re.exec(text);
    if (!m) continue;
    keep *= 1 - cue.weight;
    findings.push({
      type: 'prompt_injection',
      category: cue.category,
      severity: cue.weight >= 0.8 ? 'high' : 'medium',
      confidence: cue.weight,
      message: `injection cue: ${cue.category.replace('_', ' ')}`,
      span: { start: m.index, end: m.index + m[0].length },
      evidence: m[0].slice(0, 200),
    });
  }
  return { score: 1 - keep, findings };
};
