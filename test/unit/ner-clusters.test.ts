import { describe, expect, it } from 'vitest';
import { buildDivisiveClusters } from '../../scripts/ner-clusters.js';

/** Sentences where given names and weekdays fill two kinds of slots, among ordinary filler. */
function corpus(): string[][] {
  const names = ['john', 'mary', 'ahmed', 'sofia', 'liam', 'chloe'];
  const days = ['monday', 'tuesday', 'friday', 'sunday', 'saturday', 'thursday'];
  const out: string[][] = [];
  for (let r = 0; r < 12; r++) {
    for (let i = 0; i < names.length; i++) {
      out.push(['thanks', names[i]!, 'for', 'the', 'help', '!']);
      out.push(['see', 'you', 'on', days[i]!, 'morning', '.']);
      out.push(['i', 'told', names[(i + r) % names.length]!, 'about', 'it', '.']);
      out.push(['the', 'shop', 'opens', 'next', days[(i + r) % days.length]!, 'morning', '.']);
    }
  }
  return out;
}

describe('buildDivisiveClusters', () => {
  const codes = buildDivisiveClusters(corpus());
  const first = (w: string): number => (codes[w] ?? -1) >>> 15;

  it('gives words used alike the same leading bits and words used differently other ones', () => {
    const names = ['john', 'mary', 'ahmed', 'sofia', 'liam', 'chloe'].map(first);
    const days = ['monday', 'tuesday', 'friday', 'sunday', 'saturday', 'thursday'].map(first);
    expect(new Set(names).size).toBe(1);
    expect(new Set(days).size).toBe(1);
    expect(names[0]).not.toBe(days[0]);
  });

  it('is deterministic and codes every frequent word in 16 bits', () => {
    expect(buildDivisiveClusters(corpus())).toEqual(codes);
    for (const c of Object.values(codes)) expect(c >>> 16).toBe(0);
  });
});
