import { describe, expect, it } from 'vitest';
import { CLAUDE_ESTIMATE } from './models.js';
import { optimizeLossless, sentenceSegments, TRUNCATION_MARKER, truncateToTokens } from './optimize.js';
import { counterFor } from './tokenizer.js';

const o200k = () => counterFor({ kind: 'exact', encoding: 'o200k_base' });

describe('lossless optimization', () => {
  it('collapses whitespace runs, trailing spaces and blank-line runs', () => {
    const r = optimizeLossless('Please   review  the  report.   \n\n\n\nThanks, Dana  ');
    expect(r.text).toBe('Please review the report.\n\nThanks, Dana');
    expect(r.applied).toEqual(
      expect.arrayContaining(['whitespace_runs', 'trailing_whitespace', 'blank_lines']),
    );
  });

  it('drops exact repeated lines and sentences but keeps every distinct statement', () => {
    const input = [
      'The deployment window is Friday at 18:00 UTC.',
      'Rollback requires approval from the on-call lead. The deployment window is Friday at 18:00 UTC.',
      'The deployment window is Friday at 18:00 UTC.',
      'Ok. Ok.',
    ].join('\n');
    const r = optimizeLossless(input);
    expect(r.text).toBe(
      [
        'The deployment window is Friday at 18:00 UTC.',
        'Rollback requires approval from the on-call lead.',
        'Ok. Ok.',
      ].join('\n'),
    );
    expect(r.applied).toEqual(expect.arrayContaining(['duplicate_lines', 'duplicate_sentences']));
  });

  it("leaves fenced code blocks' indentation, spacing and repeated lines alone", () => {
    const code = [
      '```python',
      'def area(w,  h):',
      '    return w * h',
      '',
      '',
      '',
      '    return w * h',
      '```',
    ].join('\n');
    const input = `Some   text.\n${code}\nMore text.`;
    const r = optimizeLossless(input);
    expect(r.text).toBe(`Some text.\n${code}\nMore text.`);
  });

  it('keeps tab-separated columns, including empty fields', () => {
    const r = optimizeLossless('name\tcity\t\tzip\nAna \t Lisbon\t\t1000');
    expect(r.text).toBe('name\tcity\t\tzip\nAna\tLisbon\t\t1000');
  });

  it('keeps repeated table rows and short generic lines', () => {
    const input = '| Name | Value |\n|---|---|\n| a | 1 |\n\n| Name | Value |\n|---|---|\n| b | 2 |\n}\n}';
    expect(optimizeLossless(input).text).toBe(input);
  });

  it('reports nothing when there is nothing to remove', () => {
    const r = optimizeLossless('A tidy sentence.\n');
    expect(r).toEqual({ text: 'A tidy sentence.\n', applied: [] });
  });
});

describe('truncation', () => {
  const long = Array.from(
    { length: 60 },
    (_, i) => `Sentence number ${i + 1} describes step ${i + 1} of the procedure in some detail.`,
  ).join(' ');

  it('cuts at sentence boundaries, keeps start and end, and stays within the target', async () => {
    const counter = await o200k();
    for (const target of [36, 64, 100, 257]) {
      const r = truncateToTokens(long, target, counter);
      expect(counter.count(r.text)).toBeLessThanOrEqual(target);
      expect(r.text.startsWith('Sentence number 1 ')).toBe(true);
      expect(r.text.endsWith('step 60 of the procedure in some detail.')).toBe(true);
      expect(r.text).toContain(TRUNCATION_MARKER);
      expect(r.applied).toEqual(['truncate_sentences']);
    }
  });

  it('falls back to token cuts when no whole sentence fits, still within the target', async () => {
    const counter = await o200k();
    const run = 'word '.repeat(500);
    for (const target of [1, 2, 3, 5, 40]) {
      const r = truncateToTokens(run, target, counter);
      expect(counter.count(r.text)).toBeLessThanOrEqual(target);
    }
  });

  it('stays within the target for estimated counts too', async () => {
    const claude = await counterFor(CLAUDE_ESTIMATE);
    for (const target of [3, 50, 120]) {
      expect(claude.count(truncateToTokens(long, target, claude).text)).toBeLessThanOrEqual(target);
    }
  });

  it('returns the text unchanged when it already fits', async () => {
    const counter = await o200k();
    expect(truncateToTokens('Short.', 10, counter)).toEqual({ text: 'Short.', applied: [] });
  });

  it('segments sentences with their trailing whitespace, at newlines too', () => {
    expect(sentenceSegments('One. Two!\nThree? 3.5 stays')).toEqual([
      'One. ',
      'Two!\n',
      'Three? ',
      '3.5 stays',
    ]);
  });
});
