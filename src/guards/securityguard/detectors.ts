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
