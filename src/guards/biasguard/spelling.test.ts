import { describe, expect, it } from 'vitest';
import { tokenize } from '../../text/tokenize.js';
import { analyzeBias, MAX_FINDINGS } from './detect.js';
import { FLAG_POINT } from './model.js';
import { BIAS_WORDS } from './scan.js';
import { respellGroupTerms } from './spelling.js';

const respelt = (text: string): string[] =>
  respellGroupTerms(text, tokenize(text, BIAS_WORDS)).map((t) => t.text);

// Own examples (2026-12-05). Before spelling.ts, a misspelt group term hid the group: of 38 hateful
// sentences of eval/data/bias_functional.jsonl with the term respelt, 14-16 were still flagged.
describe('BiasGuard: group terms spelt to slip past a filter', () => {
  it('reads leetspeak, spaced-out letters, swapped, dropped and added letters as the term', () => {
    expect(respelt('w0m3n are too stup1d to vote')[0]).toBe('women');
    expect(respelt('m u s l i m s are disgusting')[0]).toBe('muslims');
    expect(respelt('wmoen are worthless')[0]).toBe('women');
    expect(respelt('jesw are greedy')[0]).toBe('jews');
    expect(respelt('immigrnts are the scum of the earth')[0]).toBe('immigrants');
    expect(respelt('immigrannts are vermin')[0]).toBe('immigrants');
    expect(respelt('blck people are apes').slice(0, 2)).toEqual(['black', 'people']);
  });

  it('flags the respelt hate and keeps the span on the written letters', () => {
    for (const text of [
      'w0m3n are worthless and stupid.',
      'm u s l i m s are disgusting.',
      'Immigrnts are vermin and should be deported.',
      'Trnas people are freaks of nature.',
    ]) {
      const r = analyzeBias(text);
      expect(r.score, text).toBeGreaterThanOrEqual(FLAG_POINT);
      expect(r.mentions, text).toBeGreaterThan(0);
    }
    const spaced = 'Honestly, m u s l i m s are disgusting.';
    const tokens = respellGroupTerms(spaced, tokenize(spaced, BIAS_WORDS));
    const term = tokens.find((t) => t.text === 'muslims');
    expect(term && spaced.slice(term.start, term.end)).toBe('m u s l i m s');
  });

  it('leaves known words, short words, names of places and letters that spell nothing alone', () => {
    for (const text of [
      'You moron, the pheasants ate the feathers.',
      'The refuges for wildlife in Asia are closed.',
      'Back the blinds and bind the backs.',
      'The Koran and the Bible were on the shelf.',
      'Press a b c d to continue.',
      'Tees and tweens retire early.',
    ]) {
      const tokens = tokenize(text, BIAS_WORDS);
      expect(respellGroupTerms(text, tokens), text).toBe(tokens);
    }
    // A qualifier is read only before "people": "blck" alone is no group.
    expect(respelt('The blck box')[1]).toBe('blck');
  });

  it('stays bounded on a megabyte of spaced-out letters', () => {
    const text = 'w o m e n a r e '.repeat(70_000);
    const r = analyzeBias(text);
    expect(r.mentions).toBeGreaterThan(50_000);
    expect(r.findings.length).toBeLessThanOrEqual(MAX_FINDINGS);
  });
});
