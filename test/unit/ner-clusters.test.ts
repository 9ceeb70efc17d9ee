import { describe, expect, it } from 'vitest';
import { buildDivisiveClusters, buildSvdClusters } from '../../scripts/ner-clusters.js';

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

describe('buildSvdClusters', () => {
  const codes = buildSvdClusters(corpus());
  const names = ['john', 'mary', 'ahmed', 'sofia', 'liam', 'chloe'];
  const days = ['monday', 'tuesday', 'friday', 'sunday', 'saturday', 'thursday'];
  /** Leading bits two words' codes share. */
  const shared = (a: string, b: string): number => Math.clz32((codes[a] ?? 0) ^ (codes[b] ?? 0)) - 16;

  it('puts the names in one cluster and the weekdays in another, at some depth', () => {
    const within = Math.min(
      ...names.map((w) => shared(w, names[0]!)),
      ...days.map((w) => shared(w, days[0]!)),
    );
    const across = Math.max(...names.flatMap((a) => days.map((b) => shared(a, b))));
    expect(within).toBeGreaterThan(across);
  });

  it('is deterministic and codes every frequent word in 16 bits', () => {
    expect(buildSvdClusters(corpus())).toEqual(codes);
    for (const c of Object.values(codes)) expect(c >>> 16).toBe(0);
    expect(Object.keys(codes)).toContain('monday');
  });
});
