import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../util/prng.js';
import {
  allowed,
  DIMS,
  type Lexicons,
  MAX_FEATURES,
  NT,
  prevTagFeatures,
  staticFeatures,
  TAGS,
  tokenTable,
} from './features.js';
import { type NerModel, tagTokens, viterbi } from './model.js';
import { tokenizeForNer } from './tokenize.js';

const LEX: Lexicons = {
  given: new Set(),
  surname: new Set(),
  place: new Set(),
  common: new Set(),
  clusters: new Map(),
  proper: new Set(),
};
const tag = (t: string) => TAGS.indexOf(t as (typeof TAGS)[number]);

/** The bucket of the word-identity feature (template 1) of the first token of `text`. */
function wordFeature(text: string): number {
  const feats = new Int32Array(MAX_FEATURES);
  staticFeatures(tokenTable(tokenizeForNer(text), LEX), 0, feats, 0);
  return feats[1]!;
}

describe('first-order Viterbi decoding', () => {
  it('finds the better whole path where the greedy decoder commits too early', () => {
    // "Alpha" leans B-LOC (1.0) over B-PER (0.9); "Beta" is I-PER (5), which only follows a PER tag.
    const weights = new Float32Array(DIMS * NT);
    weights[wordFeature('Alpha') * NT + tag('B-LOC')] = 1;
    weights[wordFeature('Alpha') * NT + tag('B-PER')] = 0.9;
    weights[wordFeature('Beta') * NT + tag('I-PER')] = 5;
    const model: NerModel = { weights, tagBias: new Float32Array(NT), lex: LEX, meta: {} };
    const tokens = tokenizeForNer('Alpha Beta');
    const greedy = tagTokens(model, tokens, 'Alpha Beta');
    expect(Array.from(greedy.tags)).toEqual([tag('B-LOC'), tag('O')]);
    const best = tagTokens({ ...model, decoder: 'viterbi' }, tokens, 'Alpha Beta');
    expect(Array.from(best.tags)).toEqual([tag('B-PER'), tag('I-PER')]);
    // Best path 5.9; with another tag at either token the best is B-LOC O (1.0).
    expect(best.margins[0]).toBeCloseTo(4.9, 5);
    expect(best.margins[1]).toBeCloseTo(4.9, 5);
  });

  it('in mixed-case text scores a lower-case word only when the best path before it ends in an entity', () => {
    const weights = new Float32Array(DIMS * NT);
    weights[wordFeature('beta') * NT + tag('I-PER')] = 2;
    const model: NerModel = {
      weights,
      tagBias: new Float32Array(NT),
      lex: LEX,
      meta: {},
      decoder: 'viterbi',
    };
    const run = (alpha: number, text: string) => {
      weights[wordFeature('Alpha') * NT + tag('B-PER')] = alpha;
      return Array.from(tagTokens(model, tokenizeForNer(text), text).tags);
    };
    expect(run(3, 'Alpha beta')).toEqual([tag('B-PER'), tag('I-PER')]);
    // "Alpha" alone is O (-1 < 0): "beta" is left unscored, though B-PER I-PER (1) would win.
    expect(run(-1, 'Alpha beta')).toEqual([tag('O'), tag('O')]);
    // Text without capitals is scored word by word (the word feature is the lower-case word's):
    // the exact best path.
    expect(run(-1, 'alpha beta')).toEqual([tag('B-PER'), tag('I-PER')]);
  });

  it('matches an exhaustive search over every allowed path (random weights, no pruning)', () => {
    const rnd = mulberry32(11);
    const weights = new Float32Array(DIMS * NT);
    for (let i = 0; i < weights.length; i++) weights[i] = rnd() * 2 - 1;
    const tagBias = Float32Array.from({ length: NT }, () => rnd());
    const feats = new Int32Array(MAX_FEATURES);
    for (const text of ['anna met bob at the mall', 'x y z w', 'ok so lol']) {
      const table = tokenTable(tokenizeForNer(text), LEX);
      const n = table.n;
      // The score of tag y at token i after tag p: static and previous-tag features and the bias.
      const scores = new Float64Array(n * NT * NT);
      for (let i = 0; i < n; i++)
        for (let p = 0; p < NT; p++) {
          let k = staticFeatures(table, i, feats, 0);
          k = prevTagFeatures(table, i, p, feats, k);
          for (let y = 0; y < NT; y++) {
            let s = tagBias[y]!;
            for (let f = 0; f < k; f++) s += weights[feats[f]! * NT + y]!;
            scores[(i * NT + p) * NT + y] = s;
          }
        }
      const local = (i: number, p: number, y: number): number => scores[(i * NT + p) * NT + y]!;
      let bestScore = -Infinity;
      let bestPath: number[] = [];
      const path: number[] = [];
      const search = (i: number, score: number): void => {
        if (i === n) {
          if (score > bestScore) {
            bestScore = score;
            bestPath = [...path];
          }
          return;
        }
        const p = i === 0 ? 0 : path[i - 1]!;
        for (let y = 0; y < NT; y++) {
          if (!allowed(p, y)) continue;
          path.push(y);
          search(i + 1, score + local(i, p, y));
          path.pop();
        }
      };
      search(0, 0);
      const tags = new Int8Array(n);
      viterbi(weights, tagBias, table, tags);
      expect(Array.from(tags)).toEqual(bestPath);
      // Lower-case text: every token scored by tagTokens too.
      expect(
        Array.from(tagTokens({ weights, tagBias, lex: LEX, decoder: 'viterbi' }, table.tokens, text).tags),
      ).toEqual(bestPath);
    }
  });
});
