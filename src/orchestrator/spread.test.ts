import { describe, expect, it } from 'vitest';
import { InlineCost, pickSpread } from './spread.js';

const costs = (ms: Record<string, number>) =>
  Object.entries(ms).map(([name, v]) => ({ name: name as 'securityguard', ms: v }));

describe('pickSpread', () => {
  it('hands the costliest guard to the one spare worker when that shortens the request', () => {
    const picked = pickSpread(
      costs({ securityguard: 0.9, biasguard: 0.5, trustguard: 0.3, tokenguard: 0.05 }),
      1,
    );
    expect([...picked]).toEqual(['securityguard']);
  });

  it('skips a guard that would make the worker the slowest share', () => {
    // 1.0 on a worker (+0.2) ends at 1.2; the 0.3 guard there leaves 1.1 inline, the shorter request.
    const picked = pickSpread(costs({ securityguard: 1.0, biasguard: 0.3, trustguard: 0.1 }), 1, 0.2);
    expect([...picked]).toEqual(['biasguard']);
  });

  it('uses up to one worker per guard, and none when nothing gains', () => {
    const four = costs({ securityguard: 1, biasguard: 1, trustguard: 1, contextguard: 1 });
    expect(pickSpread(four, 2).size).toBe(2);
    expect(pickSpread(four, 0).size).toBe(0);
    // Work smaller than the hand-over cost stays inline.
    expect(pickSpread(costs({ securityguard: 0.1, biasguard: 0.1 }), 1, 0.2).size).toBe(0);
    // One guard alone has nothing to run beside.
    expect(pickSpread(costs({ securityguard: 5 }), 1).size).toBe(0);
  });
});

describe('InlineCost', () => {
  it('knows nothing before enough runs, then scales the median rate by the input size', () => {
    const cost = new InlineCost();
    for (let i = 0; i < 7; i++) cost.record(1, 1000);
    expect(cost.estimate(1000)).toBeUndefined();
    cost.record(1, 1000);
    expect(cost.estimate(1000)).toBeCloseTo(1);
    expect(cost.estimate(4000)).toBeCloseTo(4);
    // Short inputs are costed as 256 characters: fixed costs dominate them.
    expect(cost.estimate(10)).toBeCloseTo(0.256);
  });

  it('is not moved by one slow run (a garbage collection inside it)', () => {
    const cost = new InlineCost();
    for (let i = 0; i < 20; i++) cost.record(0.5, 1000);
    cost.record(50, 1000);
    expect(cost.estimate(1000)).toBeCloseTo(0.5);
  });

  it('follows a change of cost once most of its recent runs show it', () => {
    const cost = new InlineCost();
    for (let i = 0; i < 31; i++) cost.record(2, 1000);
    for (let i = 0; i < 16; i++) cost.record(0.5, 1000);
    expect(cost.estimate(1000)).toBeCloseTo(0.5);
  });
});
