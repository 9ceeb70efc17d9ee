import { describe, expect, it } from 'vitest';
import type { GroundedRow } from '../../scripts/lib/trust-data.js';
import { synthSummaryRows } from '../../scripts/lib/trust-synth-summary.js';

const DOC =
  'Acme Corp reported revenue of $4.2 billion for the year, up 12% from 2020. Chief executive Jane Doe said ' +
  'demand was strong in Europe and Asia. The company will increase its dividend to $0.50 per share and expects ' +
  'margins to improve next year.';
const row = (text: string, y: number, group = 'd1'): GroundedRow => ({
  set: 'summedits',
  group,
  text,
  sources: [DOC],
  y,
});
const ROWS: GroundedRow[] = [
  row(
    'Acme Corp reported revenue of $4.2 billion for the year, up 12%, and Jane Doe said demand was strong in Europe; the company will increase its dividend to $0.50 per share.',
    0,
  ),
  row('Acme Corp reported revenue of $4.9 billion for the year.', 1),
  row('Other document summary that is consistent and mentions Beta Inc in Paris.', 0, 'd2'),
];

describe('synthetic edited summaries (trust-synth-summary.ts)', () => {
  const rows = synthSummaryRows(ROWS);

  it('makes one edited, unsupported twin of each consistent summary, kept with its document', () => {
    const d1 = rows.filter((r) => r.group === 'd1');
    expect(d1.length).toBe(1);
    const [edited] = d1;
    expect(edited?.y).toBe(1);
    expect(edited?.set).toBe('synthsum');
    expect(edited?.origin).toBe('summedits');
    expect(edited?.sources).toEqual([DOC]);
    expect(edited?.text).not.toBe(ROWS[0]?.text);
    // One word changed, inserted or removed.
    const a = ROWS[0]?.text.split(' ') ?? [];
    const b = edited?.text.split(' ') ?? [];
    expect(Math.abs(a.length - b.length)).toBeLessThanOrEqual(1);
  });

  it('never edits an inconsistent row and is deterministic for a seed', () => {
    expect(rows.every((r) => r.synth !== undefined)).toBe(true);
    expect(synthSummaryRows(ROWS)).toEqual(rows);
  });
});
