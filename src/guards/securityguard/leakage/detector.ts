import { appendAll } from '../../../util/arrays.js';
import type { Finding } from '../../contract.js';
import type { Detector, DetectorContext } from '../detector.js';
import { CONFUSABLES } from '../normalize/confusables.js';
import { type Normalized, normalize, normalizeCached, toOriginal } from '../normalize/normalize.js';

/**
 * Output-mode leakage of the system prompt: caller-given canary strings found verbatim or lightly
 * obfuscated (case, spacing, punctuation, homoglyphs, hidden characters, leetspeak), and
 * near-verbatim echoes of instruction-like text ("You are a helpful assistant ... Your
 * instructions are ...").
 */

const MIN_CANARY = 4;
const MAX_CANARIES = 50;

/** Echo phrases: what a model says when it recites its own instructions. */
export const ECHO_PATTERNS: RegExp[] = [
  /\byou\s+are\s+(?:a|an)\s+(?:helpful|friendly|harmless|honest|ai|large\s+language|virtual)\s+(?:\w{1,20}\s+){0,3}(?:assistant|model|chatbot)\b/,
  /\b(?:my|your)\s+(?:system\s+prompt|instructions|initial\s+instructions|guidelines|rules)\s+(?:is|are|say|says|state|tell\s+me)\b/,
  /\b(?:i\s+was|i\s+have\s+been|you\s+have\s+been|you\s+were)\s+(?:told|instructed|programmed|configured)\s+to\b/,
  /\b(?:do\s+not|never|don't)\s+(?:reveal|disclose|share)\s+(?:these|this|your|the|my)\s+(?:instructions|system\s+prompt|prompt|rules)\b/,
  /\bsystem\s+prompt\s*:/,
  /<\|im_start\|>\s{0,4}system|<<sys>>|\[inst\]/,
];

/**
 * Alphanumerics only, every lookalike folded (not only in mixed-script words: a canary spelled
 * out letter by letter has no words), with an index map back into the folded text.
 */
function skeleton(text: string): { chars: string; at: number[] } {
  let chars = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c > 0x7f) {
      chars += String.fromCharCode(c > 0x7f ? (CONFUSABLES.get(c) ?? c) : c);
      at.push(i);
    }
  }
  return { chars, at };
}

function canaryFindings(norm: Normalized, canaries: string[]): Finding[] {
  const findings: Finding[] = [];
  // The skeletons cost a pass over the text each: none are built when there is nothing to find.
  if (canaries.length === 0) return findings;
  const plain = skeleton(norm.text);
  const leet = skeleton(norm.leet);
  for (const canary of canaries.slice(0, MAX_CANARIES)) {
    const c = normalize(canary);
    const key = skeleton(c.text).chars;
    const leetKey = skeleton(c.leet).chars;
    if (key.length < MIN_CANARY) continue;
    const exact = norm.original.indexOf(canary);
    let span: { start: number; end: number } | null = null;
    let obfuscated = false;
    if (exact >= 0) span = { start: exact, end: exact + canary.length };
    else {
      for (const [sk, k] of [
        [plain, key],
        [leet, leetKey],
      ] as const) {
        const at = sk.chars.indexOf(k);
        if (at >= 0) {
          span = toOriginal(norm, sk.at[at] ?? 0, (sk.at[at + k.length - 1] ?? 0) + 1);
          obfuscated = true;
          break;
        }
      }
    }
    if (span === null) continue;
    findings.push({
      type: 'system_prompt_leak',
      category: 'canary',
      severity: 'critical',
      confidence: obfuscated ? 0.9 : 0.99,
      message: obfuscated
        ? 'the output contains an obfuscated canary string'
        : 'the output contains a canary string',
      span,
      data: { obfuscated },
    });
  }
  return findings;
}

function echoFindings(norm: Normalized): Finding[] {
  const findings: Finding[] = [];
  for (const re of ECHO_PATTERNS) {
    const m = re.exec(norm.text);
    if (m === null) continue;
    const span = toOriginal(norm, m.index, m.index + m[0].length);
    findings.push({
      type: 'system_prompt_leak',
      category: 'instruction_echo',
      severity: 'medium',
      confidence: 0.6,
      message: 'the output echoes instruction-like text',
      span,
      evidence: norm.original.slice(span.start, span.end),
    });
  }
  return findings;
}

/** Two or more echo phrases together read as a recital of a system prompt. */
export function leakageRisk(findings: Finding[]): number {
  if (findings.some((f) => f.category === 'canary')) return 0.95;
  const echoes = findings.filter((f) => f.category === 'instruction_echo').length;
  return echoes >= 2 ? 0.75 : echoes === 1 ? 0.35 : 0;
}

export const leakageDetector: Detector & {
  analyze(text: string, ctx: DetectorContext): { score: number; findings: Finding[] };
} = {
  name: 'leakage',
  detect(text, ctx) {
    return this.analyze(text, ctx).findings;
  },
  analyze(text, ctx) {
    const norm = normalizeCached(text);
    const findings = [...canaryFindings(norm, ctx.canaries)];
    if (ctx.mode === 'output') appendAll(findings, echoFindings(norm));
    return { score: leakageRisk(findings), findings };
  },
};
