import { describe, expect, it } from 'vitest';
import { isCommentLike, isValidationRow, type NerRow, recase } from '../../scripts/lib/ner-rows.js';

const row = (text: string, tags?: string[], id = 'wnut17-train:1', source = 'wnut17-train'): NerRow => {
  const tokens = text.split(' ');
  return { id, tokens, tags: tags ?? tokens.map(() => 'O'), source };
};

describe('isCommentLike', () => {
  it('takes a conversational post', () => {
    expect(isCommentLike(row('i think kendrick lamar was better on that track'))).toBe(true);
  });
  it('leaves out tweets with handles, hashtags, links or RT, and headlines', () => {
    expect(isCommentLike(row('@bob i think he was better on that track'))).toBe(false);
    expect(isCommentLike(row('i think he was better on that track #music'))).toBe(false);
    expect(isCommentLike(row('i think he was better http://t.co/x'))).toBe(false);
    expect(isCommentLike(row('RT i think he was better on that track'))).toBe(false);
    expect(isCommentLike(row('BTC splits two tokens : @ bob said he was better'))).toBe(false);
    expect(isCommentLike(row('Prince William And Kate Visit New York Today'))).toBe(false);
  });
  it('needs four words', () => {
    expect(isCommentLike(row('so good'))).toBe(false);
  });
});

describe('isValidationRow', () => {
  it('puts every post in exactly one of five folds, and never wikigold', () => {
    for (let k = 0; k < 20; k++) {
      const r = row('a b', undefined, `btc-a:${k}`, 'btc-a');
      expect([0, 1, 2, 3, 4].filter((f) => isValidationRow(r, f))).toHaveLength(1);
    }
    const w = row('a b', undefined, 'wikigold:1', 'wikigold');
    expect([0, 1, 2, 3, 4].some((f) => isValidationRow(w, f))).toBe(false);
  });
});

describe('recase', () => {
  const r = row('I saw Anil Mehta today', ['O', 'O', 'B-PER', 'I-PER', 'O']);
  it('lower-cases the names only, or the whole row', () => {
    expect(recase(r, 'names').tokens).toEqual(['I', 'saw', 'anil', 'mehta', 'today']);
    expect(recase(r, 'lower').tokens).toEqual(['i', 'saw', 'anil', 'mehta', 'today']);
    expect(recase(r, undefined)).toBe(r);
  });
});
