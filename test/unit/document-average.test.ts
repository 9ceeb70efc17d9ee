import { describe, expect, it } from 'vitest';
import { averageModels } from '../../scripts/document-loko.js';
import { logitOf } from '../../scripts/injection-lr.js';

describe('document-mode averaged model (train:document --bag)', () => {
  it('has the mean logit of the models it averages', () => {
    const a = { w: Float32Array.from([1, -2, 0, 4]), bias: -1 };
    const b = { w: Float32Array.from([3, 0, 2, -4]), bias: 2 };
    const m = averageModels([a, b]);
    const x = { grams: Int32Array.from([0, 1]), named: [2, 3], offset: 0 };
    expect(logitOf(m, x)).toBeCloseTo((logitOf(a, x) + logitOf(b, x)) / 2, 5);
    expect(m.bias).toBeCloseTo(0.5, 6);
  });
  it('returns a single model unchanged', () => {
    const a = { w: Float32Array.from([1, 2]), bias: 0.3 };
    expect(averageModels([a])).toBe(a);
  });
});
