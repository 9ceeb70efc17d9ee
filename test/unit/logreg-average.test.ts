import { describe, expect, it } from 'vitest';
import { averaged, BIAS_TRAIN } from '../../scripts/lib/bias-train.js';
import { logitOf, type SparseExample, trainLogReg } from '../../scripts/lib/logreg.js';
import { DENSE } from '../../src/guards/biasguard/features.js';

// Two informative features and a noisy one, hand-made.
function examples(): SparseExample[] {
  const out: SparseExample[] = [];
  for (let i = 0; i < 200; i++) {
    const y = i % 2;
    out.push({ idx: Int32Array.from([y === 1 ? 1 : 2, 3 + (i % 7)]), dense: [], y, weight: 1 });
  }
  return out;
}
const opts = { dims: 16, denseDims: 0, epochs: 5, learningRate: 0.05, l2: 1e-6, seed: 1 };

describe('trainLogReg learning-rate decay', () => {
  it('still learns the separating features', () => {
    const m = trainLogReg(examples(), { ...opts, decay: true });
    expect(logitOf(m, { idx: Int32Array.from([1]), dense: [] })).toBeGreaterThan(0);
    expect(logitOf(m, { idx: Int32Array.from([2]), dense: [] })).toBeLessThan(0);
  });
});

describe('BiasGuard averaged model', () => {
  it('is the mean of k runs in different orders (its logit is their mean logit)', () => {
    const rows = examples().map((e) => ({
      ...e,
      dense: new Float64Array(DENSE),
      row: { text: '', y: e.y, source: 'generated' as const, weight: 1 },
    }));
    const avg = averaged(rows, 5, 3);
    const runs = [0, 1, 2].map((j) => trainLogReg(rows, { ...BIAS_TRAIN, seed: 5 + 7919 * j }));
    for (const idx of [[1], [2], [1, 4]]) {
      const x = { idx: Int32Array.from(idx), dense: new Float64Array(DENSE) };
      const mean = runs.reduce((s, m) => s + logitOf(m, x), 0) / runs.length;
      expect(logitOf(avg, x)).toBeCloseTo(mean, 9);
    }
    expect(logitOf(avg, { idx: Int32Array.from([1]), dense: new Float64Array(DENSE) })).toBeGreaterThan(0);
  });
});
