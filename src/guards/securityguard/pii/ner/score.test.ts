import { describe, expect, it } from 'vitest';
import { allowed, hashString, MAX_FEATURES, NT, staticFeatures, TAGS, tokenTable } from './features.js';
import { loadNerModel, type QuantizedWeights, scoreToken } from './model.js';
import { tokenizeForNer } from './tokenize.js';

/** Own examples; each token is scored after every previous tag. */
const TEXTS = [
  'lol just saw Taylor Swift at the mall w/ @jenny_b and Mike !! RT @news : Anil Mehta met Leon Goretzka',
  'Ship to: Rua Augusta 274, 1100-053 Lisboa, Portugal. Ask for Dr. Ngozi Okafor-Adeyemi.',
];

describe('scoreToken on the int16 weights', () => {
  it('gives the same float32 scores as adding the weights one by one into a Float32Array', () => {
    const model = loadNerModel()!;
    const { q, table } = model.weights as QuantizedWeights;
    const feats = new Int32Array(MAX_FEATURES);
    const scores = new Float32Array(NT);
    const reference = new Float32Array(NT);
    let checked = 0;
    for (const text of TEXTS) {
      const t = tokenTable(tokenizeForNer(text), model.lex);
      for (let i = 0; i < t.n; i++) {
        for (const prev of [0, 1, 2, 3]) {
          const k = scoreToken(model, t, i, prev, 0, feats, scores);
          reference.set(model.tagBias);
          for (let f = 0; f < k; f++)
            for (let y = 0; y < NT; y++) reference[y]! += table[q[feats[f]! * NT + y]! + 32_768]!;
          expect(Array.from(scores)).toEqual(Array.from(reference));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('the word attributes kept between calls', () => {
  it('give the same features as computing them afresh, also after the cache was filled and cleared', () => {
    const model = loadNerModel()!;
    const featuresOf = (lex: typeof model.lex): number[][] =>
      TEXTS.map((text) => {
        const t = tokenTable(tokenizeForNer(text), lex);
        const out: number[] = [];
        const feats = new Int32Array(MAX_FEATURES);
        for (let i = 0; i < t.n; i++) out.push(...feats.subarray(0, staticFeatures(t, i, feats, 0)));
        return out;
      });
    // A lexicon object of its own starts with an empty cache: every word is computed on first sight.
    const lex = { ...model.lex };
    const cold = featuresOf(lex);
    expect(featuresOf(lex)).toEqual(cold);
    // More distinct words than the cache holds: it is cleared and refilled in between.
    const many = Array.from({ length: 17_000 }, (_, i) => `Word${i.toString(36)}`).join(' ');
    const t = tokenTable(tokenizeForNer(many), lex);
    const feats = new Int32Array(MAX_FEATURES);
    for (let i = 0; i < t.n; i++) staticFeatures(t, i, feats, 0);
    expect(featuresOf(lex)).toEqual(cold);
    expect(featuresOf({ ...model.lex })).toEqual(cold);
    // Kept per word as written: the case-sensitive hash differs between the three.
    const cased = tokenTable(tokenizeForNer('Apple apple APPLE'), lex);
    for (let i = 0; i < cased.n; i++) staticFeatures(cased, i, feats, 0);
    const words = ['Apple', 'apple', 'APPLE'];
    expect(Array.from(cased.exact.subarray(0, 3))).toEqual(words.map((w) => hashString(w, 0x2545f491) | 0));
    expect(Array.from(cased.word.subarray(0, 3))).toEqual(words.map(() => hashString('apple') | 0));
  });
});

describe('allowed (the decoder constraint)', () => {
  it('lets an I- tag continue only its own type and never opens a name right after a name', () => {
    const tag = (t: string) => TAGS.indexOf(t as (typeof TAGS)[number]);
    expect(allowed(tag('O'), tag('I-PER'))).toBe(false);
    expect(allowed(tag('B-LOC'), tag('I-PER'))).toBe(false);
    expect(allowed(tag('B-PER'), tag('I-PER'))).toBe(true);
    expect(allowed(tag('B-PER'), tag('B-PER'))).toBe(false);
    expect(allowed(tag('I-PER'), tag('B-PER'))).toBe(false);
    expect(allowed(tag('O'), tag('B-PER'))).toBe(true);
    expect(allowed(tag('B-ORG'), tag('B-PER'))).toBe(true);
    expect(allowed(tag('B-LOC'), tag('B-LOC'))).toBe(true);
  });
});
