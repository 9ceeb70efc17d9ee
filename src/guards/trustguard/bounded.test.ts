import { describe, expect, it } from 'vitest';
import { MAX_CLAIMS } from './grounding.js';
import { evaluateTrust } from './index.js';

const opts = { flagThreshold: 0.5, blockThreshold: 0.9, supportThreshold: 0.6 };

// Regression for issue 13: 2,500 claims against 500 sources compared every claim with every
// passage. Claims past MAX_CLAIMS are counted, not checked, and retrieval uses the inverted index.
describe('TrustGuard on very large input', () => {
  it('checks at most MAX_CLAIMS claims of 2,500 against 500 sources and says so', () => {
    const claims = Array.from(
      { length: 2500 },
      (_, i) =>
        `Station ${i} in the northern district opened in ${1900 + (i % 120)} with ${i % 40} platforms.`,
    ).join(' ');
    const sources = Array.from({ length: 500 }, (_, i) =>
      Array.from(
        { length: 5 },
        (_, j) =>
          `Station ${i * 5 + j} in the northern district opened in ${1900 + ((i * 5 + j) % 120)} with ${(i * 5 + j) % 40} platforms and a ticket hall.`,
      ).join(' '),
    );
    const r = evaluateTrust({ text: claims, sources }, opts);
    expect(r.data.claims.length).toBe(MAX_CLAIMS);
    expect(r.data.claims_total).toBe(2500);
    expect(r.data.truncated).toBe(true);
    expect(r.data.claims.filter((c) => c.label === 'supported').length).toBeGreaterThan(MAX_CLAIMS / 2);
  });

  it('does not truncate an ordinary answer', () => {
    const r = evaluateTrust(
      { text: 'The museum opened in 1990.', sources: ['The museum opened in 1990.'] },
      opts,
    );
    expect(r.data.truncated).toBe(false);
    expect(r.data.claims_total).toBe(1);
  });
});
