import { describe, expect, it } from 'vitest';
import { logitOf, type Sample, SEED_STRIDE, trainLr } from '../../scripts/injection-lr.js';

/** Our own toy data: feature 1 marks the positives, feature 2 the negatives, feature 3 is noise. */
function toy(): Sample[] {
  const rows: Sample[] = [];
  for (let i = 0; i < 40; i++) {
    const y = (i % 2) as 0 | 1;
    rows.push({ y, weight: 1, grams: Int32Array.from(y === 1 ? [1, 3] : [2, 3]), named: [], offset: 0 });
  }
  return rows;
}

describe('trainLr: seed-averaged logistic regression', () => {
  it('one seed and the average of several both separate the classes', () => {
    for (const seeds of [1, 3]) {
      const m = trainLr(toy(), { seed: 4, epochs: 5, seeds });
      const pos = logitOf(m, { grams: Int32Array.from([1, 3]), named: [], offset: 0 });
      const neg = logitOf(m, { grams: Int32Array.from([2, 3]), named: [], offset: 0 });
      expect(pos).toBeGreaterThan(0);
      expect(neg).toBeLessThan(0);
    }
  });

  it('the average of seeds is the mean of the single-seed models it is made of', () => {
    const data = toy();
    const avg = trainLr(data, { seed: 9, epochs: 3, seeds: 2 });
    const a = trainLr(data, { seed: 9, epochs: 3 });
    const b = trainLr(data, { seed: 9 + SEED_STRIDE, epochs: 3 });
    for (const f of [1, 2, 3]) {
      expect(avg.w[f]).toBeCloseTo(((a.w[f] ?? 0) + (b.w[f] ?? 0)) / 2, 5);
    }
    expect(avg.bias).toBeCloseTo((a.bias + b.bias) / 2, 5);
  });
});
