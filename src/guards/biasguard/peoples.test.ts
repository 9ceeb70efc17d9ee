import { describe, expect, it } from 'vitest';
import { DEMONYMS } from '../../text/demonyms.js';
import { analyzeBias, analyzeLexicon } from './detect.js';
import { GROUP_TERMS } from './lexicon.js';
import { FLAG_POINT } from './model.js';

describe("BiasGuard knows every country's people, not only the ones ToxiGen names", () => {
  it("lists the table's nouns and adjectives as nationality terms", () => {
    expect(DEMONYMS.length).toBeGreaterThan(180);
    expect(GROUP_TERMS.get('filipinos')).toEqual({ category: 'nationality', generic: true });
    expect(GROUP_TERMS.get('ethiopian')).toEqual({ category: 'nationality', generic: false });
    expect(GROUP_TERMS.get('the vietnamese')).toEqual({ category: 'nationality', generic: true });
    expect(GROUP_TERMS.get('people from ethiopia')?.category).toBe('nationality');
    expect(GROUP_TERMS.get('kurds')).toEqual({ category: 'race_ethnicity', generic: true });
    // Words whose everyday sense outweighs the people stay plain words.
    for (const w of ['english', 'finn', 'dane', 'people from jordan']) expect(GROUP_TERMS.has(w)).toBe(false);
  });

  it('flags stereotypes about peoples outside the training groups and leaves facts about them alone', () => {
    const pairs: [string, string][] = [
      [
        'Filipinos are only fit to be maids and nannies.',
        'Many Filipinos work as nurses in hospitals across the world.',
      ],
      ['Bangladeshis are dirty and smell bad.', 'Bangladeshis make up a large community in east London.'],
      [
        'Peruvians are too primitive to run a modern country.',
        'Peruvians eat ceviche on the coast and potatoes in the mountains.',
      ],
      ['Tamils are violent extremists.', 'The Tamil language is one of the oldest living languages.'],
    ];
    for (const [biased, neutral] of pairs) {
      const b = analyzeBias(biased);
      expect(b.score, biased).toBeGreaterThanOrEqual(FLAG_POINT);
      expect(Object.keys(b.categories).length, biased).toBeGreaterThan(0);
      expect(analyzeBias(neutral).score, neutral).toBeLessThan(FLAG_POINT);
    }
  });

  it('reads a language named after a people as the language, not a second mention of them', () => {
    expect(analyzeLexicon('Tamils speak Tamil.').spans).toHaveLength(1);
    expect(analyzeLexicon('Translate the menu into Polish for the Polish guests.').spans).toHaveLength(1);
    expect(analyzeLexicon('The Korean language has its own alphabet.').spans).toHaveLength(0);
    // A qualifier before people is still a mention.
    expect(analyzeLexicon('Korean people speak Korean.').spans).toHaveLength(1);
  });

  it('reads a wish for a violent fate in the passive as violence', () => {
    for (const text of ['Black people should be lynched.', 'All Somalis should be exterminated.']) {
      const r = analyzeBias(text);
      expect(r.score, text).toBeGreaterThanOrEqual(FLAG_POINT);
      expect(
        r.findings.some((f) => f.type.includes('hostile') || f.message.toLowerCase().includes('violen')),
        text,
      ).toBe(true);
    }
  });
});
