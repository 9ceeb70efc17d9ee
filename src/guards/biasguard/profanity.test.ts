import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { describe, expect, it } from 'vitest';
import { matchedWord, PROFANITY_PRETEST, pretestView, profanityMatches } from './profanity.js';

const reference = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

const TEXTS = [
  'The quarterly report is due on Friday; please send the invoices to billing.',
  'what the fuck is this',
  'f u c k this and that sh1t',
  'You are a b!tch and an a$$hole',
  'ƒυck off',
  'fuuuuuuuuck',
  'The assassin passed the class with a classic pass.',
  'Scunthorpe United played at Penistone Road.',
  'a cocktail of shitake mushrooms',
  'n1gg3r',
  'He called them a fag, which is a slur.',
  'bitches everywhere, dickheads too',
  '',
  '💩 shit 💩',
];

describe('profanityMatches: obscenity with a pre-test', () => {
  it('uses the pre-test (obscenity internals as expected)', () => {
    expect(PROFANITY_PRETEST).toBeInstanceOf(RegExp);
  });

  it.each(TEXTS)('finds what obscenity finds in %j', (text) => {
    expect(profanityMatches(text)).toEqual(reference.getAllMatches(text, true));
  });

  it("reads the text exactly as obscenity's own transform does", () => {
    const internals = reference as unknown as {
      applyTransformers(input: string, transformers: unknown): [number[], string];
      blacklistMatcherTransformers: unknown;
    };
    const odd = ['a\ud800b', 'x\udc00', '\ud83d', 'ꜰᴜᴄᴋ 𝒇𝒖𝒄𝒌', 'shhhhiiiit  ', 'é'.repeat(5000)];
    for (const text of [...TEXTS, ...odd, `${'sh1t '.repeat(2000)}💩`]) {
      const [, expected] = internals.applyTransformers(text, internals.blacklistMatcherTransformers);
      expect(pretestView(text)).toBe(expected);
    }
  });

  it('finds obfuscated words and names them', () => {
    const words = profanityMatches('f u c k this and that sh1t').map(matchedWord);
    expect(words.length).toBeGreaterThanOrEqual(2);
    expect(profanityMatches('The quarterly report is due on Friday.')).toEqual([]);
  });
});
