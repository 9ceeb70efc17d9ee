import { describe, expect, it } from 'vitest';
import { tokenize } from '../../text/tokenize.js';
import { evaluateTrust } from './index.js';
import { MONTH_MAY, withMonthMay } from './month-may.js';

const opts = { flagThreshold: 0.5, blockThreshold: 0.9, supportThreshold: 0.6 };
const read = (text: string) => withMonthMay(text, tokenize(text)).map((t) => t.text);

describe('"May" the month', () => {
  it('reads a capitalized May inside a sentence or beside a number as the month', () => {
    expect(read('The plant opened in May 2010.')).toContain(MONTH_MAY);
    expect(read('May 3 is the deadline.')).toContain(MONTH_MAY);
    expect(read('May I ask a question?')).not.toContain(MONTH_MAY);
    expect(read('Visitors may enter after noon.')).not.toContain(MONTH_MAY);
  });

  it('flags a month changed to May, and keeps May supported where the source says it', () => {
    const source = 'The World Health Organization declared the outbreak over in June.';
    const wrong = evaluateTrust(
      { text: 'The World Health Organization declared the outbreak over in May.', sources: [source] },
      opts,
    );
    expect(wrong.risk).toBeGreaterThanOrEqual(0.5);
    const right = evaluateTrust(
      {
        text: 'The outbreak was declared over in May.',
        sources: ['The WHO declared the outbreak over in May.'],
      },
      opts,
    );
    expect(right.risk).toBeLessThan(0.5);
  });
});
