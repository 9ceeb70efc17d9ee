import { describe, expect, it } from 'vitest';
import { DIMS, forEachHashed, hashedDot, hashedIndices } from './hashed-ngrams.js';

const weights = Float32Array.from({ length: DIMS }, (_, i) => ((i * 2654435761) % 1000) / 1000 - 0.5);

/** The features the way they were first defined: every visit, repeats included. */
const visits = (text: string, pad: boolean): number[] => {
  const out: number[] = [];
  forEachHashed(text, (i) => out.push(i), { pad });
  return out;
};

describe('hashed n-grams', () => {
  it('counts words, bigrams and character 3-5-grams of the padded text', () => {
    // "ab cd": 2 words + 1 bigram; " ab cd " (7 chars): 5 + 4 + 3 character grams.
    expect(visits('ab cd', true)).toHaveLength(3 + 12);
    // Unpadded "ab cd" (5 chars): 3 + 2 + 1 character grams.
    expect(visits('ab cd', false)).toHaveLength(3 + 6);
    expect(visits('', false)).toHaveLength(0);
  });

  it('reads tabs and newlines as spaces in character grams, and padding as a space', () => {
    expect(visits('ab\tcd', true)).toEqual(visits('ab cd', true));
    expect(visits(' ab cd ', false).slice(-12)).toEqual(visits('ab cd', true).slice(-12));
  });

  it('gives the unique indices and their weight sum, the same for short and very long texts', () => {
    for (const text of ['the model reads this', 'x'.repeat(3), 'word '.repeat(50_000)]) {
      for (const pad of [true, false]) {
        const all = visits(text, pad);
        const unique = [...new Set(all)];
        expect([...hashedIndices(text, { pad })]).toEqual(unique);
        const { sum, count } = hashedDot(text, weights, { pad });
        expect(count).toBe(unique.length);
        expect(sum).toBeCloseTo(
          unique.reduce((s, i) => s + (weights[i] ?? 0), 0),
          6,
        );
      }
    }
  });

  it('keeps no state between calls (a long text first does not change a short one)', () => {
    const before = [...hashedIndices('short text')];
    hashedIndices('long '.repeat(300_000));
    expect([...hashedIndices('short text')]).toEqual(before);
  });
});
