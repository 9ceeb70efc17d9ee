import { describe, expect, it } from 'vitest';
import { analyzeBias } from './detect.js';
import { aboutOnePerson } from './individual.js';
import { FLAG_POINT } from './model.js';

describe('BiasGuard: abuse of one person is not bias', () => {
  it.each([
    'My landlord is a greedy pig who never fixes anything.',
    'Kevin is such a lazy slob, he never does the dishes.',
    "You're a pathetic loser and everyone knows it.",
    'My boss is a useless idiot.',
  ])('does not flag %s', (text) => {
    expect(aboutOnePerson(text)).toBe(true);
    expect(analyzeBias(text).score).toBeLessThan(FLAG_POINT);
  });

  it.each([
    // A group named anywhere, or a plural back-reference, keeps the model's score.
    ['That Muslim guy is probably a terrorist like the rest of them.', true],
    ["He's gay, so of course he's a pervert.", true],
    ['They should all be sent back where they came from.', true],
  ] as const)('leaves %s to the model', (text, flagged) => {
    expect(analyzeBias(text).score >= FLAG_POINT).toBe(flagged);
  });

  it('reads plural and group back-references as no single person', () => {
    expect(aboutOnePerson('He is lazy, like all of them.')).toBe(false);
    expect(aboutOnePerson('Your kind is ruining this country.')).toBe(false);
    expect(aboutOnePerson('The weather is nice today.')).toBe(false);
  });
});
