import { describe, expect, it } from 'vitest';
import { NgramSet } from './ngrams.js';

describe('NgramSet', () => {
  const claim = ['the', 'port', 'opened', 'in', '1850'];
  const build = () => {
    const set = new NgramSet();
    for (let i = 0; i + 3 <= claim.length; i++) set.add(claim, i, 3);
    return set;
  };

  it('reports only the added n-grams that a scanned text marked', () => {
    const set = build();
    const source = 'a new port opened in 1850 after the port'.split(' ');
    for (let i = 0; i + 3 <= source.length; i++) set.mark(source, i, 3);
    expect(set.isMarked(claim, 0, 3)).toBe(false); // the source ends on "the port"
    expect(set.isMarked(claim, 1, 3)).toBe(true); // "port opened in"
    expect(set.isMarked(claim, 2, 3)).toBe(true); // "opened in 1850"
  });

  it('does not mark an n-gram the claims never had, nor the prefix of one', () => {
    const set = build();
    set.mark(['port', 'opened', 'late'], 0, 3);
    set.mark(['port', 'opened'], 0, 2);
    expect(set.isMarked(['port', 'opened', 'late'], 0, 3)).toBe(false);
    expect(set.isMarked(claim, 1, 3)).toBe(false);
  });
});
