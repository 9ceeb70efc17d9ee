import type { Finding } from '../contract.js';

/**
 * One SecurityGuard detector. Detectors run on the caller's original text and every span they
 * report points into that text. The guard (index.ts) runs the enabled detectors, merges their
 * findings and decides the verdict.
 */
export type DetectorName =
  | 'hidden_text'
  | 'injection'
  | 'pii'
  | 'secrets'
  | 'code_injection'
  | 'urls'
  | 'leakage';

export interface DetectorContext {
  /**
   * `document`: the text is content handed to the model as data (see injection/document.ts);
   * `system`: the application's own instructions (no injection detection).
   */
  mode: 'input' | 'output' | 'document' | 'system';
  /** Caller-given canary strings (output mode: system-prompt leakage). */
  canaries: string[];
}

export interface Detector {
  name: DetectorName;
  detect(text: string, ctx: DetectorContext): Finding[];
}
