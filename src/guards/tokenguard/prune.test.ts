import { describe, expect, it } from 'vitest';
import { alternativeMass, confidenceFromLogprobs, decidePrune } from './prune.js';

describe('prune', () => {
  it('derives confidence from the last five steps of alternative-token logprobs', () => {
    // Early uncertain steps are outside the window; the last five each put 0.05 on alternatives.
    const lp = Math.log(0.05);
    const steps = [[Math.log(0.9)], [Math.log(0.9)], [lp], [lp], [lp], [lp], [lp]];
    expect(confidenceFromLogprobs(steps)).toBeCloseTo(1 - 0.05 / 0.25, 10);
  });

  it('clamps to 0 when alternatives carry more than 0.25 of the mass', () => {
    expect(confidenceFromLogprobs([[Math.log(0.3), Math.log(0.2)]])).toBe(0);
    expect(confidenceFromLogprobs([[]])).toBe(1);
    expect(confidenceFromLogprobs([])).toBeNull();
  });

  it("reads OpenAI's format and skips the chosen token in top_logprobs", () => {
    const step = {
      token: 'Paris',
      logprob: Math.log(0.8),
      top_logprobs: [
        { token: 'Paris', logprob: Math.log(0.8) },
        { token: 'Lyon', logprob: Math.log(0.15) },
        { token: 'Nice', logprob: Math.log(0.05) },
      ],
    };
    expect(alternativeMass(step)).toBeCloseTo(0.2, 10);
    expect(confidenceFromLogprobs([step])).toBeCloseTo(0.2, 10);
  });

  it('recommends pruning for low confidence or an over-long response, with reasons', () => {
    const unsure = decidePrune({
      responseTokens: 10,
      logprobs: [[Math.log(0.2)]],
      threshold: 0.7,
      maxResponseTokens: 4096,
    });
    expect(unsure).toMatchObject({
      should_prune: true,
      reasons: ['low_confidence'],
      confidence_source: 'logprobs',
    });
    const long = decidePrune({
      responseTokens: 5000,
      confidence: 0.95,
      threshold: 0.7,
      maxResponseTokens: 4096,
    });
    expect(long).toMatchObject({ should_prune: true, reasons: ['too_long'], confidence: 0.95 });
    const fine = decidePrune({
      responseTokens: 10,
      confidence: 0.9,
      threshold: 0.7,
      maxResponseTokens: 4096,
    });
    expect(fine.should_prune).toBe(false);
  });
});
