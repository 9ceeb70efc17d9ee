import { describe, expect, it } from 'vitest';
import { ground } from './grounding.js';
import {
  decodeTrustWeights,
  GROUNDED_DIMS,
  GROUNDED_FEATURES,
  GROUNDED_FREE_SIGN,
  groundedFeatures,
  groundedProbability,
  loadTrustModel,
  type TrustWeightsFile,
} from './model.js';

const SOURCE =
  'The Lindqvist Foundation opened its research library in Uppsala in 1987. The library holds ' +
  '40,000 volumes on Baltic shipping and is run by the historian Ingrid Holm.';
const opts = { supportThreshold: 0.6 };
const featuresOf = (text: string, question?: string) =>
  groundedFeatures(ground(text, [{ id: 's1', text: SOURCE }], question, opts));

describe('TrustGuard grounded features', () => {
  it('measures the plain word overlap the model starts from', () => {
    const copied = ground(
      'The library holds volumes on Baltic shipping.',
      [{ id: 's1', text: SOURCE }],
      undefined,
      opts,
    );
    expect(copied.wordOverlap).toBe(1);
    const half = ground(
      'The library holds recipes for cardamom buns.',
      [{ id: 's1', text: SOURCE }],
      undefined,
      opts,
    );
    expect(half.wordOverlap).toBeGreaterThan(0);
    expect(half.wordOverlap).toBeLessThan(0.5);
  });

  it('keeps every feature a share or a flag in [0, 1]', () => {
    for (const text of [
      'The library holds 40,000 volumes.',
      'The library holds 90,000 volumes and was founded by Erik Berg in Stockholm.',
      'The library does not hold any volumes on shipping.',
      'Ingrid Holm',
    ]) {
      const x = featuresOf(text, text.length < 20 ? 'Who runs the library?' : undefined);
      expect(x.length).toBe(GROUNDED_DIMS);
      for (const v of x) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });

  it('ships non-negative weights except the short-answer intercept, so less support never lowers the risk', () => {
    const model = loadTrustModel();
    expect(model).not.toBeNull();
    const w = model?.grounded.w ?? new Float64Array(0);
    expect(w.length).toBe(GROUNDED_DIMS);
    w.forEach((v, j) => {
      if (j !== GROUNDED_FREE_SIGN) expect(v, GROUNDED_FEATURES[j]).toBeGreaterThanOrEqual(0);
    });
  });

  it('scores an answer with a swapped name and number above the copied one', () => {
    const model = loadTrustModel();
    if (!model) throw new Error('no trustguard weights');
    const right = groundedProbability(
      model,
      featuresOf('The library in Uppsala holds 40,000 volumes on Baltic shipping.'),
    );
    const wrong = groundedProbability(
      model,
      featuresOf('The library in Gothenburg holds 75,000 volumes on Baltic shipping.'),
    );
    expect(wrong).toBeGreaterThan(right);
  });

  it('refuses weights trained for another feature list', () => {
    const model = loadTrustModel();
    if (!model) throw new Error('no trustguard weights');
    const file = {
      version: 1,
      grounded: { w: [1, 2, 3], bias: 0, a: 1, c: 0, threshold: 0.5, median: 0.1 },
      ungrounded: {
        dims: model.ungrounded.w.length,
        scale: 1,
        idx: [],
        w: [],
        dense: [],
        bias: 0,
        a: 1,
        c: 0,
        threshold: 0.5,
        median: 0.1,
      },
      meta: {},
    } as TrustWeightsFile;
    expect(() => decodeTrustWeights(file)).toThrow(/features, expected/);
  });
});
