import { describe, expect, it } from 'vitest';
import { analyzeBias } from './detect.js';
import { FLAG_POINT } from './model.js';
import { netPraise, valenceFeatures, valenceOf } from './valence.js';

describe('word valence from word vectors', () => {
  it('reads praise and blame of words beyond its seed lists', () => {
    // Neither word is a seed of scripts/bias-valence.ts: their valence comes from GloVe neighbours.
    expect(valenceOf('valid')).toBeGreaterThan(0.3);
    expect(valenceOf('thugs')).toBeLessThan(-0.3);
    // Words that judge nothing carry no valence.
    expect(valenceOf('table')).toBe(0);
    expect(valenceOf('zqg')).toBe(0);
  });

  it('gives the strongest praise and the strongest blame of a text, and praise net of blame', () => {
    expect(valenceOf('wonderful')).toBeGreaterThan(0.3);
    expect(valenceOf('disgusting')).toBeLessThan(-0.3);
    const [praise, blame] = valenceFeatures("zqg are wonderful, not disgusting. they're zqg");
    expect(praise).toBeCloseTo(valenceOf('wonderful'));
    expect(blame).toBeCloseTo(-valenceOf('disgusting'));
    expect(valenceFeatures('')).toEqual([0, 0]);
    expect(netPraise('zqg are wonderful')).toBeCloseTo(valenceOf('wonderful'));
    expect(netPraise('zqg are wonderful and vile')).toBeCloseTo(
      Math.max(0, valenceOf('wonderful') + valenceOf('vile')),
    );
    expect(valenceOf('vile')).toBeLessThan(-0.3);
    expect(netPraise('zqg are vile')).toBe(0);
    // A stereotyped trait, praising or not, is the lexicon's: "good" and "lazy" count for neither side.
    expect(valenceOf('good')).toBeGreaterThan(0.3);
    expect(netPraise('zqg are good at math')).toBe(0);
    expect(netPraise('zqg are wonderful and lazy')).toBeCloseTo(valenceOf('wonderful'));
  });
});

describe('praise of a group', () => {
  // Own examples (2026-12-04), written before the praise rows; none of these praise words is one the
  // training rows use (scripts/lib/bias-data.ts PRAISE_WORDS): the valence carries them. The
  // classifier scored all four as hate before (0.41-0.54).
  it.each([
    'Gay people are wonderful.',
    'Women are brilliant.',
    'Gay people are great.',
    'Trans people are kind.',
  ])('passes %s', (text) => {
    expect(analyzeBias(text).score).toBeLessThan(FLAG_POINT);
  });

  it.each(['Gay people are disgusting.', 'Women are dumb.'])('still flags the blame twin %s', (text) => {
    expect(analyzeBias(text).score).toBeGreaterThanOrEqual(FLAG_POINT);
  });
});
