import { describe, expect, it } from 'vitest';
import { followUpOf, isProseTurn, PROSE_REGEXES } from '../../eval/lib/conversations.js';
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

  it('writes a follow-up that names 2-3 words of one stretch of the sentence', () => {
    const sentence = 'The heap grows steadily until the kill, then the pod restarts with CrashLoopBackOff.';
    const seen = new Set<string>();
    for (let seed = 0; seed < 64; seed++) {
      // null when the phrase would start at a word with no partner before the comma ("kill").
      const q = followUpOf(sentence, Math.imul(seed + 1, 2654435761) >>> 0);
      if (q !== null) seen.add(q);
      // No phrase runs across the comma.
      expect(q ?? '').not.toContain('kill, then');
    }
    expect(seen.size).toBeGreaterThan(8);
    expect([...seen].some((q) => q.includes('CrashLoopBackOff'))).toBe(true);
    expect(followUpOf('It is 42.', 7)).toBeNull();
  });
});
