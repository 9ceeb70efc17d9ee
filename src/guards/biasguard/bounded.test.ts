import { describe, expect, it } from 'vitest';
import { analyzeBias, MAX_FINDINGS } from './detect.js';

// Regression for issue 13: a stereotype sentence repeated to 1 MB made 22.7 MB of findings.
describe('BiasGuard on very long input', () => {
  it('caps the findings of a stereotype repeated to 1 MB and counts the rest', () => {
    const sentence = 'Women are bad at math and immigrants are all criminals. ';
    const text = sentence.repeat(Math.ceil(1_000_000 / sentence.length));
    const r = analyzeBias(text);
    expect(r.findings.length).toBeLessThanOrEqual(MAX_FINDINGS);
    expect(r.truncated).toBe(true);
    expect(r.findings_total).toBeGreaterThan(10_000);
    expect(r.score).toBeGreaterThanOrEqual(0.4);
    // The response stays a small fraction of the request.
    expect(JSON.stringify(r).length).toBeLessThan(text.length / 10);
  });

  it('handles 1 MB without a single sentence break', () => {
    const text = 'women immigrants lazy people '.repeat(35_000);
    const r = analyzeBias(text);
    expect(r.findings.length).toBeLessThanOrEqual(MAX_FINDINGS);
    expect(r.mentions).toBeGreaterThan(50_000);
  });

  it('does not truncate a short text', () => {
    const r = analyzeBias('Muslims are terrorists.');
    expect(r.truncated).toBe(false);
    expect(r.findings_total).toBe(r.findings.length);
  });
});
