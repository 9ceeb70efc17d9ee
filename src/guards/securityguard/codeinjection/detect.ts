import type { Finding, Severity } from '../../contract.js';
import type { Detector } from '../detector.js';
import { INJECTION_RULES, type InjectionRule } from './rules.js';

export interface CodeInjectionHit {
  rule: string;
  category: InjectionRule['category'];
  severity: Severity;
  confidence: number;
  start: number;
  end: number;
  evidence: string;
  /** True when the text asks about the technique rather than carrying a payload. */
  discussed: boolean;
}

export const CODE_INJECTION_PATTERNS: readonly RegExp[] = INJECTION_RULES.map((r) => r.pattern);

// Characters without which no rule can match: a fast exit for ordinary prose.
const TRIGGER =
  /[<>'"`;|&$%{}()[\]*#\\]|\.\.|__|\/\/|169\.254|metadata|\bor\b|\bunion\b|\brm\b|sleep|prototype/i;

// A question or explanation request about a technique, as opposed to the technique itself.
// A question about a technique opens with an interrogative that asks for knowledge, not action:
// "Can you run ...?" is a request, "Can you explain ...?" is a question. A trailing "?" alone is not enough.
const QUESTION =
  /^\s{0,5}(?:what|how|why|when|where|which|explain|describe|define|what's|tell me (?:about|what|how|why)|(?:can|could|would) you (?:explain|describe|tell me)|is it (?:safe|dangerous|bad|possible|normal)|is (?:this|that|the following) (?:safe|dangerous|malicious|an? (?:attack|injection|payload|exploit))|are (?:these|those|such) (?:safe|dangerous)|show me how to (?:prevent|detect|defend))\b/i;
const DEFENSIVE =
  /\b(?:prevent|protect|defend|mitigat\w{0,5}|sanitiz\w{0,5}|escap\w{0,5}|detect\w{0,3}|avoid|safe(?:ly)?|example of|what does|what is|meaning of)\b/i;

const EXPLAIN = /^\s{0,5}(?:explain|describe|define|tell me about)\b/i;

/** How a text frames its potential payloads: a short question about one is discussion. */
function isDiscussion(text: string): boolean {
  if (text.length > 600) return false;
  const trimmed = text.trim();
  return (
    QUESTION.test(trimmed) && (trimmed.endsWith('?') || DEFENSIVE.test(trimmed) || EXPLAIN.test(trimmed))
  );
}

/** An opening script tag whose only source is a path on the same origin ("/static/app.js", "./main.js"). */
const SAME_ORIGIN_SCRIPT =
  /^<script\b[^<>]{0,80}\bsrc\s{0,3}=\s{0,3}["']?\.{0,2}\/(?!\/)[\w./-]{1,150}["']?[^<>]{0,80}>$/i;

/** An event handler attribute, which runs code of its own whatever the source. */
const ON_HANDLER = /\son[a-z]{3,25}\s{0,3}=/i;

/** Framing patterns, exported for the ReDoS test. */
export const FRAMING_PATTERNS: readonly RegExp[] = [
  TRIGGER,
  QUESTION,
  DEFENSIVE,
  EXPLAIN,
  SAME_ORIGIN_SCRIPT,
  ON_HANDLER,
];

const MAX_HITS_PER_RULE = 16;
const MAX_HITS = 128;

const LOWER: Record<Severity, Severity> = {
  critical: 'low',
  high: 'low',
  medium: 'low',
  low: 'low',
  info: 'info',
};

export function detectCodeInjection(text: string): CodeInjectionHit[] {
  if (!TRIGGER.test(text)) return [];
  const discussed = isDiscussion(text);
  const out: CodeInjectionHit[] = [];
  for (const rule of INJECTION_RULES) {
    const re = rule.pattern;
    re.lastIndex = 0;
    let hits = 0;
    // A few hits per rule prove the point; caps keep adversarial repetition linear.
    for (
      let m = re.exec(text);
      m !== null && hits < MAX_HITS_PER_RULE && out.length < MAX_HITS;
      m = re.exec(text)
    ) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      if (rule.before) {
        const lineStart = Math.max(text.lastIndexOf('\n', start) + 1, start - 300);
        if (!rule.before.test(text.slice(lineStart, start))) continue;
      }
      if (out.some((o) => o.category === rule.category && o.start < end && start < o.end)) continue;
      hits++;
      // A script loaded from the page's own origin and its closing tag: a page's markup, which can
      // only run code the site already serves, not an attacker's.
      const ownScript =
        rule.id === 'xss-script-tag' &&
        ((SAME_ORIGIN_SCRIPT.test(m[0]) && !ON_HANDLER.test(m[0])) ||
          (m[0].startsWith('</') &&
            out.at(-1)?.rule === 'xss-own-script' &&
            /^\s*$/.test(text.slice(out.at(-1)?.end ?? 0, start))));
      const lowered = discussed || ownScript;
      out.push({
        rule: ownScript ? 'xss-own-script' : rule.id,
        category: rule.category,
        severity: lowered ? LOWER[rule.severity] : rule.severity,
        confidence: lowered ? rule.confidence * 0.5 : rule.confidence,
        start,
        end,
        evidence: m[0].slice(0, 80),
        discussed,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export const codeInjectionDetector: Detector = {
  name: 'code_injection',
  detect(text): Finding[] {
    return detectCodeInjection(text).map((h) => ({
      type: 'code_injection',
      category: h.category,
      severity: h.severity,
      confidence: h.confidence,
      message: h.discussed
        ? `Question about ${h.category.replace(/_/g, ' ')} (${h.rule}), no live payload`
        : `Possible ${h.category.replace(/_/g, ' ')} payload (${h.rule})`,
      span: { start: h.start, end: h.end },
      evidence: h.evidence,
      data: { rule: h.rule, discussed: h.discussed },
    }));
  },
};
