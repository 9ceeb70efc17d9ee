import { describe, expect, it } from 'vitest';
import { ground } from './grounding.js';
import { wordnetKey, wordnetKeys, wordnetRelation } from './wordnet.js';

const relation = (word: string, ...to: string[]) =>
  wordnetRelation(wordnetKey(word), wordnetKeys(to.map(wordnetKey)));

describe('TrustGuard WordNet relations', () => {
  it('tells a synonym, an antonym and a sibling from an unrelated word', () => {
    expect(relation('profit', 'earnings')).toBe('synonym');
    expect(relation('decrease', 'increase')).toBe('antonym');
    expect(relation('weak', 'strong')).toBe('antonym');
    expect(relation('tuesday', 'monday')).toBe('sibling');
    expect(relation('meeting', 'conference')).toBe('broader');
    expect(relation('tuesday', 'profit', 'library')).toBe('none');
    expect(relation('qwzxv', 'monday')).toBe('unknown');
  });

  it('reads comparatives and superlatives as their adjective, and a satellite by its head', () => {
    expect(relation('shortest', 'longest')).toBe('antonym');
    expect(relation('bigger', 'smaller')).toBe('antonym');
    expect(relation('higher', 'lower')).toBe('antonym');
    expect(relation('happier', 'sad')).toBe('antonym');
    expect(relation('largest', 'large')).toBe('synonym');
    // "huge" is a satellite of "large"; its antonym is "large"'s.
    expect(relation('huge', 'small')).toBe('antonym');
  });

  it('marks a claim word that is a sibling of a word of its best passage', () => {
    const sources = [
      { id: 's1', text: 'The board meets on Monday to approve the budget for the new plant.' },
    ];
    const sibling = ground('The board meets on Tuesday to approve the budget.', sources, undefined, {
      supportThreshold: 0.6,
    });
    expect(sibling.features[0]?.wnSiblingBest).toBe(1);
    expect(sibling.residue).toContain('#wn:sibling/sibling');
    const copied = ground('The board meets on Monday to approve the budget.', sources, undefined, {
      supportThreshold: 0.6,
    });
    expect(copied.features[0]?.wnSiblingBest).toBe(0);
    expect(copied.features[0]?.wnUnexplained).toBe(0);
  });

  // Built with pertainyms since 2026-12-06 (twenty-eighth session): "of or relating to Denmark".
  it('relates an adjective to the noun it pertains to, both ways', () => {
    expect(relation('European', 'Europe')).toBe('derived');
    expect(relation('Europe', 'European')).toBe('derived');
    // A people and its country are one term since the demonym table (src/text/demonyms.ts); another
    // country's people is a sibling, the way "Tuesday" is to "Monday".
    expect(relation('Danish', 'Denmark')).toBe('synonym');
    expect(relation('Danish', 'Sweden')).toBe('sibling');
  });
  // 2026-12-06 (thirty-first session): a word the sources write in another form earns most of the
  // coverage credit; before, "bike" for "bicycle" counted as a new word (support 0.18 -> 0.44 here).
  it('credits a claim word whose synonym the sources write, not an unrelated one', () => {
    const sources = [{ id: 's1', text: 'The club organizes a bicycle race every spring along the coast.' }];
    const supportOf = (text: string) =>
      ground(text, sources, undefined, { supportThreshold: 0.6 }).claims[0]?.support ?? 0;
    expect(relation('bike', 'bicycle')).toBe('synonym');
    expect(supportOf('The club organizes a bike race every spring.')).toBeGreaterThan(
      supportOf('The club organizes a chess race every spring.') + 0.1,
    );
  });
});
