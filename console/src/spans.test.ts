import { describe, expect, it } from 'vitest';
import type { LocatedFinding } from './spans';
import { segment, worstSeverity } from './spans';

const finding = (
  start: number,
  end: number,
  severity: LocatedFinding['severity'] = 'high',
): LocatedFinding => ({
  guard: 'securityguard',
  type: 't',
  severity,
  confidence: 0.9,
  message: 'm',
  span: { start, end },
});

describe('console: text segments for highlighted findings', () => {
  it('covers the whole text, in order, with each finding on its own characters', () => {
    const text = 'call Jane Doe at 555-0100 now';
    const segs = segment(text, [finding(5, 13), finding(17, 25)]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.findings.length).map((s) => s.text)).toEqual(['Jane Doe', '555-0100']);
  });

  it('splits overlapping spans so each part lists every finding covering it', () => {
    const segs = segment('abcdefghij', [finding(0, 6), finding(4, 10, 'low')]);
    expect(segs.map((s) => [s.text, s.findings.length])).toEqual([
      ['abcd', 1],
      ['ef', 2],
      ['ghij', 1],
    ]);
  });

  it('clips spans past the end and drops empty ones and findings without a span', () => {
    const { span: _span, ...noSpan } = finding(0, 1);
    const segs = segment('short', [finding(3, 99), finding(2, 2), noSpan]);
    expect(segs.map((s) => [s.text, s.findings.length])).toEqual([
      ['sho', 0],
      ['rt', 1],
    ]);
  });

  it('names the worst severity', () => {
    expect(worstSeverity([finding(0, 1, 'low'), finding(0, 1, 'critical'), finding(0, 1, 'medium')])).toBe(
      'critical',
    );
    expect(worstSeverity([])).toBe('info');
  });
});
