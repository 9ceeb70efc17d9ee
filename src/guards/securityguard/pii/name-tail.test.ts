import { describe, expect, it } from 'vitest';
import { trimCommonLead, trimOrdinaryTail } from './entities.js';
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
    common: new Set(['turns', 'im', 'will', 'tomorrow', 'contact', 'lil', 'big']),
  },
  meta: {},
};

/** The span over tokens [first, last] of `text`, trimmed; returns the text it covers. */
function trimmed(text: string, first: number, last: number, trim = trimOrdinaryTail): string {
  const tokens = tokenizeForNer(text);
  const span: NerSpan = {
    kind: 'PER',
    start: tokens[first]!.start,
    end: tokens[last]!.end,
    first,
    last,
    score: 1,
  };
  const s = trim(span, tokens, model);
  if (trim === trimOrdinaryTail) expect(s.first).toBe(first);
  else expect(s.last).toBe(last);
  return text.slice(s.start, s.end);
}

describe('a person name does not end in an ordinary lower-case word or punctuation', () => {
  it.each([
    ['louis turns 18 tomorrow', 0, 1, 'louis'],
    ['RACHELLE im gonna call you', 0, 1, 'RACHELLE'],
    ['aw , Enrique - Somebody', 2, 3, 'Enrique'],
    ['Louis turns tomorrow', 0, 2, 'Louis'],
    // After a capitalized name, a lower-case word no name list holds ends it, common word or not.
    ['Johnson vaccine approved', 0, 1, 'Johnson'],
    // A function word ends no name, capitalized or not; the pronoun I when a content word follows.
    ['so mean to Emily I ca not believe it', 3, 4, 'Emily'],
    ['Preston Do an overwatch video', 0, 1, 'Preston'],
    ['louis lol', 0, 1, 'louis'],
  ])('%s', (text, first, last, name) => {
    expect(trimmed(text, first, last)).toBe(name);
  });

  it.each([
    ['Mike vick is back', 0, 1, 'Mike vick'],
    ['Mike Will is back', 0, 1, 'Mike Will'],
    ['mike will', 0, 1, 'mike will'],
    // A name typed all in lower case keeps a word no list holds.
    ['kenji vanderberg', 0, 1, 'kenji vanderberg'],
    ['Louis', 0, 0, 'Louis'],
    // A single capital before a function word or a full stop is a numeral or an initial.
    ['King Louis I and the court', 1, 2, 'Louis I'],
    ['Louis A . Vick', 0, 1, 'Louis A'],
    // In capitals it is a name's word ("DJ AM"); with a capital and listed it is a name ("Mike Will").
    ['DJ AM is back', 0, 1, 'DJ AM'],
  ])('keeps a listed name or a capitalized word at the end: %s', (text, first, last, name) => {
    expect(trimmed(text, first, last)).toBe(name);
  });
});

describe('a person name does not start with an ordinary word whose capital says nothing', () => {
  it.each([
    ['Contact Louis Vick today', 0, 2, 'Louis Vick'],
    ['Thanks .\nContact Louis Vick', 2, 4, 'Louis Vick'],
    ['she met lil Mike yesterday', 2, 3, 'Mike'],
    ['said Dr Louis Vick', 1, 3, 'Louis Vick'],
    ['Lol Louis Vick is here', 0, 2, 'Louis Vick'],
    ['thanks to you Louis Vick', 2, 4, 'Louis Vick'],
  ])('trims: %s', (text, first, last, name) => {
    expect(trimmed(text, first, last, trimCommonLead)).toBe(name);
  });

  it.each([
    ['a song by Lil Mike tonight', 3, 4, 'Lil Mike'],
    ['we saw Big Louis at the show', 2, 3, 'Big Louis'],
    ['we saw Will Vick at the show', 2, 3, 'Will Vick'],
  ])('keeps an ordinary word capitalized inside a sentence: %s', (text, first, last, name) => {
    expect(trimmed(text, first, last, trimCommonLead)).toBe(name);
  });
});
