import { describe, expect, it } from 'vitest';
import { synthRows } from '../../scripts/lib/trust-synth.js';

const DOCS = [
  {
    origin: 'summedits' as const,
    group: 'd1',
    max: 6,
    text:
      'The library opened in Uppsala in 1987 with a gift from Anna Berg. It holds 40,000 volumes of poetry, drama and history. ' +
      'Its reading room was rebuilt by Karl Lund in 2004, after a fire, and reopened to students.',
  },
  {
    origin: 'begin' as const,
    group: 'k1',
    max: 1,
    text: 'the harbour of bergen was founded by merchants from lübeck in 1350, and it traded dried cod for grain.',
  },
];

describe('synthetic question-answer rows (trust-synth.ts)', () => {
  const rows = synthRows(DOCS);

  it('makes a supported answer copied from its document and a hallucinated twin to the same question', () => {
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length % 2).toBe(0);
    for (let i = 0; i < rows.length; i += 2) {
      const good = rows[i];
      const bad = rows[i + 1];
      if (!good || !bad) throw new Error('rows come in pairs');
      expect(good.y).toBe(0);
      expect(bad.y).toBe(1);
      expect(good.question).toBe(bad.question);
      expect(good.question?.endsWith('?')).toBe(true);
      expect(good.sources[0]?.includes(good.text)).toBe(true);
      expect(bad.text.toLowerCase()).not.toBe(good.text.toLowerCase());
    }
  });

  it('keeps the set and group of the document each row was made from, at most `max` per document', () => {
    for (const r of rows) {
      expect(r.set).toBe('synthqa');
      const doc = DOCS.find((d) => d.group === r.group);
      expect(doc?.origin).toBe(r.origin);
      expect(r.sources).toEqual([doc?.text]);
    }
    expect(rows.filter((r) => r.group === 'k1').length).toBeLessThanOrEqual(2);
  });

  it('is deterministic for a seed', () => {
    expect(synthRows(DOCS)).toEqual(rows);
  });
});
