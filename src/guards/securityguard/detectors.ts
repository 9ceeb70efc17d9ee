import type { Finding, Severity } from '../contract.js';
import { clamp01 } from '../contract.js';
import { codeInjectionDetector } from './codeinjection/index.js';
import type { Detector, DetectorContext, DetectorName } from './detector.js';
import { hiddenTextDetector } from './hiddentext/detector.js';
import { injectionDetector } from './injection/detector.js';
import { leakageDetector } from './leakage/detector.js';
import { piiDetector } from './pii/index.js';
import { secretsDetector } from './secrets/index.js';
import { urlsDetector } from './urls/index.js';

/**
 * SecurityGuard's detectors and how a detector's findings become its score. Apart from the guard
 * (index.ts) so that the scanners other guards reuse (scanners.ts), which a worker thread imports,
 * load the detectors without the guard's schemas, redaction and vault.
 */

export const DETECTOR_NAMES = [
  'hidden_text',
  'injection',
  'pii',
  'secrets',
  'code_injection',
  'urls',
  'leakage',
] as const satisfies readonly DetectorName[];

/** A detector may give its own score; otherwise its findings' severities and confidences decide. */
export type ScoredDetector = Detector & {
  analyze?(text: string, ctx: DetectorContext): { score: number; findings: Finding[] };
};

/** The detectors the guard runs, in order, with default settings. Adding one is one entry here. */
export const DETECTORS: ScoredDetector[] = [
  hiddenTextDetector,
  injectionDetector,
  leakageDetector,
  piiDetector,
  secretsDetector,
  codeInjectionDetector,
  urlsDetector,
];

const SEVERITY_RISK: Record<Severity, number> = {
  info: 0.1,
  low: 0.3,
  medium: 0.55,
  high: 0.8,
  critical: 0.95,
};

export function scoreFromFindings(findings: Finding[]): number {
  let s = 0;
  for (const f of findings) s = Math.max(s, SEVERITY_RISK[f.severity] * clamp01(f.confidence));
  return s;
}

export interface DetectorResult {
  score: number;
  findings: Finding[];
}

/**
 * Results of this event-loop turn, by text, then detector (the object: settings differ between
 * instances) and mode: within one /check, SecurityGuard and HealthGuard's scanner run the same
 * detectors on the same text, and a detector is a pure function of the text and the context. Calls
 * with canaries are not kept (they are part of the input). Cleared at the next turn, so nothing
 * carries over from one request to the next.
 */
const turnResults = new Map<
  string,
  Map<ScoredDetector, Partial<Record<DetectorContext['mode'], DetectorResult>>>
>();
let clearing = false;
const TURN_TEXTS = 4;

/** One detector on one text: its own score when it gives one, else from its findings' severities. */
export function runDetector(detector: ScoredDetector, text: string, ctx: DetectorContext): DetectorResult {
  const keep = ctx.canaries.length === 0;
  const kept = keep ? turnResults.get(text)?.get(detector)?.[ctx.mode] : undefined;
  if (kept !== undefined) return { score: kept.score, findings: kept.findings.map((f) => ({ ...f })) };
  let result: DetectorResult;
  if (detector.analyze) result = detector.analyze(text, ctx);
  else {
    const findings = detector.detect(text, ctx);
    result = { score: scoreFromFindings(findings), findings };
  }
  if (keep) {
    let byDetector = turnResults.get(text);
    if (byDetector === undefined) {
      if (turnResults.size >= TURN_TEXTS) turnResults.delete(turnResults.keys().next().value as string);
      byDetector = new Map();
      turnResults.set(text, byDetector);
    }
    const byMode = byDetector.get(detector) ?? {};
    byMode[ctx.mode] = { score: result.score, findings: result.findings.map((f) => ({ ...f })) };
    byDetector.set(detector, byMode);
    if (!clearing) {
      clearing = true;
      setImmediate(() => {
        turnResults.clear();
        clearing = false;
      });
    }
  }
  return result;
}
