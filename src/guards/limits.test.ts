import { describe, expect, it } from 'vitest';
import { testConfig } from '../config.js';
import { AppError } from '../errors.js';
import type { GuardResult } from './contract.js';
import { boundResult, enforceInputLimits, limitsFor, MAX_FINDING_TEXT, payloadChars } from './limits.js';

const config = testConfig({
  GUARD_MAX_CHARS: '100',
  SECURITYGUARD_MAX_CHARS: '50',
  TRUSTGUARD_MAX_SOURCES: '2',
});

const refusal = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
  }
  throw new Error('expected an AppError');
};

const result = (findings: number, items: number): GuardResult => ({
  guard: 'securityguard',
  verdict: 'flag',
  score: 0.5,
  findings: Array.from({ length: findings }, (_, i) => ({
    type: 'pii',
    severity: 'low' as const,
    confidence: 1,
    message: `finding ${i}`,
  })),
  data: { redactions: Array.from({ length: items }, (_, i) => i), nested: { list: [1, 2, 3, 4, 5] }, n: 1 },
  timing_ms: 1,
});

describe('guard limits', () => {
  it('counts the characters of every string and key, and stops early past the cap', () => {
    expect(payloadChars({ text: 'abcd', sources: ['ef', { id: 'g', text: 'hi' }] })).toBe(
      4 + 4 + 7 + 2 + 2 + 1 + 4 + 2,
    );
    expect(payloadChars({ a: 'x'.repeat(1000), b: 'y'.repeat(1000) }, 10)).toBeLessThan(2002);
  });

  it("takes a guard's own character cap over the shared one, and names the setting", () => {
    expect(limitsFor('securityguard', config)).toMatchObject({
      maxChars: 50,
      charsSetting: 'SECURITYGUARD_MAX_CHARS',
    });
    expect(limitsFor('tokenguard', config)).toMatchObject({ maxChars: 100, charsSetting: 'GUARD_MAX_CHARS' });
    expect(limitsFor('biasguard', testConfig())).toMatchObject({
      maxChars: 262_144,
      charsSetting: 'BIASGUARD_MAX_CHARS',
    });
  });

  it('refuses a payload over the character cap with a 413 naming it', () => {
    const err = refusal(() =>
      enforceInputLimits('securityguard', { text: 'x'.repeat(60) }, limitsFor('securityguard', config)),
    );
    expect(err.status).toBe(413);
    expect(err.code).toBe('PAYLOAD_TOO_LARGE');
    expect(err.extra).toMatchObject({
      limit: { name: 'characters', max: 50, setting: 'SECURITYGUARD_MAX_CHARS' },
    });
    expect(
      enforceInputLimits('securityguard', { text: 'x'.repeat(40) }, limitsFor('securityguard', config)),
    ).toBe(44);
  });

  it('refuses TrustGuard payloads over the sources or claims caps', () => {
    const limits = { ...limitsFor('trustguard', config), maxChars: 10_000, maxClaims: 3 };
    const sources = refusal(() =>
      enforceInputLimits('trustguard', { text: 'A.', sources: ['a', 'b', 'c'] }, limits),
    );
    expect(sources.extra).toMatchObject({ limit: { name: 'sources', max: 2, actual: 3 } });
    const claims = refusal(() =>
      enforceInputLimits(
        'trustguard',
        { text: 'One is here. Two is there. Three is near. Four is far.' },
        limits,
      ),
    );
    expect(claims.extra).toMatchObject({
      limit: { name: 'claims', max: 3, actual: 4, setting: 'TRUSTGUARD_MAX_CLAIMS' },
    });
  });

  it('cuts findings and long lists in data, and says so with counts', () => {
    const bounded = boundResult(result(12, 30), 10);
    expect(bounded.findings).toHaveLength(10);
    expect(bounded.truncated).toBe(true);
    expect(bounded.truncation).toEqual({
      findings: { total: 12, returned: 10 },
      'data.redactions': { total: 30, returned: 10 },
    });
    expect(bounded.data.nested).toEqual({ list: [1, 2, 3, 4, 5] });
  });

  it('leaves a small result untouched and clips only over-long finding texts', () => {
    const small = result(2, 2);
    expect(boundResult(small, 10)).toBe(small);
    const long = result(1, 0);
    long.findings[0]!.evidence = 'e'.repeat(5000);
    const clipped = boundResult(long, 10);
    expect(clipped.findings[0]!.evidence).toHaveLength(MAX_FINDING_TEXT + 1);
    expect(clipped.truncated).toBeUndefined();
  });
});
