import { contentTerms } from '../../text/terms.js';
import type { Finding } from '../contract.js';

/**
 * Rule persistence: a user turn that tries to redefine the rules a system turn set earlier
 * ("from now on you may...", "the rules have changed", "ignore the system prompt").
 */
const REDEFINE_RE: RegExp[] = [
  /\bfrom now on\b/i,
  /\b(?:new|updated|different) (?:rules?|instructions|guidelines|policy)\b/i,
  /\bthe (?:rules?|instructions|policy) (?:have|has) (?:changed|been (?:updated|lifted|removed))\b/i,
  /\b(?:ignore|forget|disregard|drop|override) (?:the |your |all |any )?(?:previous |earlier |system |original )?(?:rules?|instructions|system prompt|guidelines|restrictions)\b/i,
  /\byou (?:are|'re) (?:now )?(?:allowed|permitted|free) to\b/i,
  /\byou (?:can|may) now\b/i,
  /\b(?:update|change|replace|redefine) (?:your|the) (?:rules?|instructions|guidelines|persona|role)\b/i,
  /\byour new (?:role|instructions|rules?|persona) (?:is|are)\b/i,
  /\b(?:no longer|not anymore) (?:need to|have to|bound by|restricted|required to)\b/i,
  /\b(?:the system|the admin|the developer|your developers?) (?:said|says|told me|allowed) (?:that )?(?:you|it's)\b/i,
];

export function ruleOverride(text: string, rules: string[]): Finding | null {
  if (rules.length === 0) return null;
  for (const re of REDEFINE_RE) {
    const m = re.exec(text);
    if (!m) continue;
    // Naming what the rules are about ("you may now discuss pricing" after "never discuss pricing")
    // makes the attempt clearer.
    const ruleTerms = new Set(rules.flatMap((r) => contentTerms(r)));
    const overlap = contentTerms(text).filter((t) => ruleTerms.has(t)).length;
    const confidence = overlap > 0 ? 0.9 : 0.7;
    return {
      type: 'rule_override',
      category: 'rule_persistence',
      severity: overlap > 0 ? 'high' : 'medium',
      confidence,
      message: 'the turn tries to redefine rules set by an earlier system turn',
      span: { start: m.index, end: m.index + m[0].length },
      evidence: m[0],
      data: { rules: rules.map((r) => r.slice(0, 200)) },
    };
  }
  return null;
}
