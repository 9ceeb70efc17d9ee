import type { Finding } from '../../contract.js';
import type { Detector, DetectorContext } from '../detector.js';
import { analyzeInjection, injectionFindings, severityOf } from './detector.js';
import { detectEmbeddedInstructions } from './document.js';
import { STRONG_PATTERN } from './model.js';

/**
 * The injection detector in document mode (`mode: "document"`): every instruction embedded in the
 * content is a finding with its span. The document model decides; a very strong injection pattern
 * ("ignore all previous instructions") counts as well, as in input mode. Scores share the guard's
 * scale: the document model's threshold maps to 0.5.
 */

/** Unit probability p on the guard scale, with the model's threshold t at 0.5. */
const riskOf = (p: number, t: number): number => (p < t ? (0.5 * p) / t : 0.5 + (0.5 * (p - t)) / (1 - t));

export function documentFindings(text: string): { score: number; findings: Finding[] } {
  const doc = detectEmbeddedInstructions(text);
  const findings: Finding[] = doc.spans.map((s) => {
    const risk = riskOf(s.confidence, doc.threshold);
    return {
      type: 'prompt_injection',
      category: 'embedded_instruction',
      severity: severityOf(risk),
      confidence: s.confidence,
      message: 'the content holds an instruction addressed to the assistant',
      span: s.span,
      evidence: s.text.slice(0, 200),
    };
  });
  let score = riskOf(doc.confidence, doc.threshold);
  const direct = analyzeInjection(text);
  if (direct.patternScore >= STRONG_PATTERN) {
    score = Math.max(score, direct.risk);
    findings.push(...injectionFindings(direct, text).filter((f) => f.category !== 'classifier'));
  }
  return { score, findings };
}

export const documentInjectionDetector: Detector & {
  analyze(text: string, ctx: DetectorContext): { score: number; findings: Finding[] };
} = {
  name: 'injection',
  detect(text) {
    const out = documentFindings(text);
    return out.score >= 0.5 ? out.findings : [];
  },
  analyze(text) {
    return documentFindings(text);
  },
};
