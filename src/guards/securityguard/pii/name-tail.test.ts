import { describe, expect, it } from 'vitest';
import { trimOrdinaryTail } from './entities.js';
import type { NerModel, NerSpan } from './ner/model.js';
import { tokenizeForNer } from './ner/tokenize.js';

/** A model with only the word lists trimOrdinaryTail reads. */
const model: NerModel = {
  weights: new Float32Array(0),
  tagBias: new Float32Array(0),
  lex: {
    given: new Set(['louis', 'will', 'mike']),
    surname: new Set(['vick']),
    place: new Set(),
    common: new Set(['turns', 'im', 'will', 'tomorrow']),
  },
  meta: {},
};

/** The span over tokens [first, last] of `text`, trimmed; returns the text it covers. */
function trimmed(text: string, first: number, last: number): string {
  const tokens = tokenizeForNer(text);
  const span: NerSpan = {
    kind: 'PER',
    start: tokens[first]!.start,
    end: tokens[last]!.end,
    first,
    last,
    score: 1,
  };
  const s = trimOrdinaryTail(span, tokens, model);
  expect(s.first).toBe(first);
  return text.slice(s.start, s.end);
}

describe('a person name does not end in an ordinary lower-case word or punctuation', () => {
  it.each([
    ['louis turns 18 tomorrow', 0, 1, 'louis'],
    ['RACHELLE im gonna call you', 0, 1, 'RACHELLE'],
    ['aw , Enrique - Somebody', 2, 3, 'Enrique'],
    ['Louis turns tomorrow', 0, 2, 'Louis'],
  ])('%s', (text, first, last, name) => {
    expect(trimmed(text, first, last)).toBe(name);
  });

  it.each([
    ['Mike vick is back', 0, 1, 'Mike vick'],
    ['Mike Will is back', 0, 1, 'Mike Will'],
    ['mike will', 0, 1, 'mike will'],
    ['Louis', 0, 0, 'Louis'],
  ])('keeps a listed name or a capitalized word at the end: %s', (text, first, last, name) => {
    expect(trimmed(text, first, last)).toBe(name);
  });
});
