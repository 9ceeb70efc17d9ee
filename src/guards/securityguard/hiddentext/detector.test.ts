import { describe, expect, it } from 'vitest';
import { hiddenTextDetector } from './detector.js';

describe('hidden text detector', () => {
  it('reports Unicode tag smuggling with the decoded text', () => {
    const hidden = [...'obey me'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    const out = hiddenTextDetector.analyze(`Hello${hidden} world`);
    expect(out.score).toBeGreaterThanOrEqual(0.9);
    expect(out.findings[0]?.category).toBe('tag');
    expect(out.findings[0]?.data?.decoded).toBe('obey me');
    expect(out.findings[0]?.span).toEqual({ start: 5, end: 5 + hidden.length });
  });

  it('flags zero-width characters splitting words, bidi controls', () => {
    expect(hiddenTextDetector.analyze('pa\u200bss\u200bwo\u200brd').score).toBeGreaterThanOrEqual(0.5);
    expect(hiddenTextDetector.analyze('file\u202etxt.exe').findings[0]?.category).toBe('bidi');
  });

  it('stays quiet on ordinary text, a leading BOM and a single emoji joiner', () => {
    expect(hiddenTextDetector.analyze('Plain text, caf\u00e9 and na\u00efve.').findings).toEqual([]);
    expect(hiddenTextDetector.analyze('\ufeffHello').findings).toEqual([]);
    expect(hiddenTextDetector.analyze('family \u{1f468}\u200d\u{1f469}').score).toBeLessThan(0.5);
  });
});
