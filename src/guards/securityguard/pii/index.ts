import type { Finding, Severity } from '../../contract.js';
import type { Detector } from '../detector.js';
import { detectPii } from './detect.js';
import type { PiiType } from './types.js';

export { ADDRESS_PATTERNS, UNIT_RE } from './address.js';
export { type DetectPiiOptions, detectPii, PII_PATTERNS, resolveOverlaps } from './detect.js';
export { WORD_RE } from './person.js';
export type { PiiEntity, PiiType } from './types.js';

const SEVERITY: Record<PiiType, Severity> = {
  CREDIT_CARD: 'high',
  US_SSN: 'high',
  IBAN: 'high',
  PASSPORT: 'high',
  NATIONAL_ID: 'high',
  DRIVER_LICENSE: 'medium',
  CRYPTO_WALLET: 'medium',
  EMAIL: 'medium',
  PHONE: 'medium',
  ADDRESS: 'medium',
  DATE_OF_BIRTH: 'medium',
  PERSON: 'low',
  IP_ADDRESS: 'low',
  MAC_ADDRESS: 'low',
};

/** Evidence shows the type and the last characters only, so findings do not re-leak the value. */
const evidenceOf = (type: PiiType, value: string): string =>
  `${type}:${value.length > 4 ? `…${value.slice(-2)}` : '…'}`;

/** A PII detector; `defaultCountry` reads national phone numbers (SECURITYGUARD_PHONE_DEFAULT_COUNTRY). */
export function createPiiDetector(options: { defaultCountry?: string } = {}): Detector {
  // The entity tagger's weights load on first use (the guard loads them at start-up, see
  // createSecurityGuard), so a worker thread can be given the main thread's copy before that.
  return {
    name: 'pii',
    detect(text): Finding[] {
      return detectPii(text, options).map((e) => ({
        type: 'pii',
        category: e.type,
        severity: SEVERITY[e.type],
        confidence: e.score,
        message: `${e.type.toLowerCase().replace(/_/g, ' ')} detected`,
        span: { start: e.start, end: e.end },
        evidence: evidenceOf(e.type, e.value),
        ...(e.detail ? { data: { detail: e.detail } } : {}),
      }));
    },
  };
}

export const piiDetector: Detector = createPiiDetector();
