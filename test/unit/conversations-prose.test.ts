import { describe, expect, it } from 'vitest';
import { isProseTurn, PROSE_REGEXES } from '../../eval/lib/conversations.js';
import { redosVerdict } from '../helpers/redos.js';

describe('drift eval conversations: prose turns', () => {
  it('keeps whole sentences of prose and drops markup, code, verse and list fragments', () => {
    expect(isProseTurn('The pods restart after every deploy. Should I raise the memory limit?')).toBe(true);
    expect(isProseTurn('"Quarterly revenue grew 4% on a constant-currency basis."')).toBe(true);
    expect(isProseTurn('<li><a href="#">Home</a></li> <li><a href="#">About</a></li>')).toBe(false);
    expect(isProseTurn('margin: 0 auto; display: flex; justify-content: space-between;')).toBe(false);
    expect(isProseTurn('The birds, they soar, their freedom to pursue, Their melodies,')).toBe(false);
    expect(isProseTurn('3. Avoid wearing jeans, shorts, or anything too revealing. 4.')).toBe(false);
    expect(isProseTurn('Type your message here: [Type Message] ___________')).toBe(false);
  });

  it.each(PROSE_REGEXES.map((re, i) => [`prose #${i}`, re] as [string, RegExp]))(
    '%s is safe from catastrophic backtracking',
    async (_label, re) => {
      expect((await redosVerdict(re)).status).toBe('safe');
    },
    90_000,
  );
});
