import { describe, expect, it } from 'vitest';
import {
  CODE_INJECTION_PATTERNS,
  FRAMING_PATTERNS,
} from '../../src/guards/securityguard/codeinjection/index.js';
import {
  ADDRESS_PATTERNS,
  PII_PATTERNS,
  UNIT_RE,
  WORD_RE,
} from '../../src/guards/securityguard/pii/index.js';
import { NATIONAL_ID_PATTERNS } from '../../src/guards/securityguard/pii/national-id.js';
import { PII_INTERNAL_PATTERNS } from '../../src/guards/securityguard/pii/patterns.js';
import { PLACEHOLDER_RE } from '../../src/guards/securityguard/redact.js';
import {
  ENTROPY_AUX_PATTERNS,
  PLACEHOLDER_PATTERN,
  SECRET_AUX_PATTERNS,
  SECRET_PATTERNS,
} from '../../src/guards/securityguard/secrets/index.js';
import { URL_AUX_PATTERNS, URL_PATTERNS } from '../../src/guards/securityguard/urls/index.js';
import { redosVerdict } from '../helpers/redos.js';

/**
 * Every regular expression of the PII, secrets, code-injection and URL detectors and of redaction
 * must be free of catastrophic backtracking, as judged by recheck (test/helpers/redos.ts).
 */
const patterns: [string, RegExp][] = [
  ...Object.entries(PII_PATTERNS).map(([k, re]) => [`pii.${k}`, re] as [string, RegExp]),
  ...ADDRESS_PATTERNS.map((re, i) => [`pii.address[${i}]`, re] as [string, RegExp]),
  ['pii.unit', UNIT_RE],
  ['pii.word', WORD_RE],
  ...NATIONAL_ID_PATTERNS.map((re, i) => [`pii.national_id[${i}]`, re] as [string, RegExp]),
  ...PII_INTERNAL_PATTERNS.map((re, i) => [`pii.internal[${i}]`, re] as [string, RegExp]),
  ...SECRET_PATTERNS.map((re, i) => [`secrets[${i}]`, re] as [string, RegExp]),
  ['secrets.placeholder', PLACEHOLDER_PATTERN],
  ...ENTROPY_AUX_PATTERNS.map((re, i) => [`secrets.entropy[${i}]`, re] as [string, RegExp]),
  ...SECRET_AUX_PATTERNS.map((re, i) => [`secrets.aux[${i}]`, re] as [string, RegExp]),
  ...CODE_INJECTION_PATTERNS.map((re, i) => [`codeinjection[${i}]`, re] as [string, RegExp]),
  ...FRAMING_PATTERNS.map((re, i) => [`codeinjection.framing[${i}]`, re] as [string, RegExp]),
  ...Object.entries(URL_PATTERNS).map(([k, re]) => [`urls.${k}`, re] as [string, RegExp]),
  ...URL_AUX_PATTERNS.map((re, i) => [`urls.aux[${i}]`, re] as [string, RegExp]),
  ['redact.placeholder', PLACEHOLDER_RE],
];

describe('ReDoS safety of the SecurityGuard data detectors', () => {
  it.each(patterns)(
    '%s is safe',
    async (_name, re) => {
      const result = await redosVerdict(re);
      const detail =
        result.status === 'vulnerable' ? `${result.complexity.type}: ${result.attack.pattern}` : '';
      expect(result.status, detail).toBe('safe');
    },
    90_000,
  );
});
