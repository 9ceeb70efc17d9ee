import { describe, expect, it } from 'vitest';
import { combinePersons, fromReversed, reverseTokens, type Tagging } from './model.js';
import { tokenizeForNer } from './tokenize.js';

const tagging = (tags: number[], margins = tags.map(() => 1)): Tagging => ({
  tags: Int8Array.from(tags),
  margins: Float32Array.from(margins),
});

describe('right-to-left tagger', () => {
  it('reads the tokens backwards, each line break kept between the same two tokens', () => {
    const tokens = tokenizeForNer('Hi Ann\nBo Lee');
    const back = reverseTokens(tokens);
    expect(back.map((t) => t.text)).toEqual(['Lee', 'Bo', 'Ann', 'Hi']);
    // The break sits between "Ann" and "Bo": read backwards it comes before "Ann".
    expect(back.map((t) => t.nlBefore)).toEqual([false, false, true, false]);
  });

  it('puts a backwards tagging in the text order with B- on the first word of each entity', () => {
    // Text order: O B-PER I-PER O B-LOC B-PER. Read backwards the tagger tags each name's last word B-.
    const back = tagging([1, 3, 0, 1, 2, 0], [6, 5, 4, 3, 2, 1]);
    const forward = fromReversed(back);
    expect([...forward.tags]).toEqual([0, 1, 2, 0, 3, 1]);
    expect([...forward.margins]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps a person name only where the right-to-left tagger found one over it', () => {
    // Two names left to right (tokens 0-1 and 4); right to left only the first (on token 1) and a place.
    const ltr = tagging([1, 2, 0, 0, 1, 0]);
    const rtl = tagging([0, 1, 0, 3, 4, 0]);
    expect([...combinePersons(ltr, rtl, 'agree').tags]).toEqual([1, 2, 0, 0, 0, 0]);
  });
});
