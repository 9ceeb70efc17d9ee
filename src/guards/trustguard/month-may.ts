import type { Token } from '../../text/tokenize.js';

/**
 * "May" the month, not the modal verb: the tokenizer lower-cases every word, and "may" is a
 * stopword, so "The plant opened in May 2010." against a source that says March read as "opened in
 * 2010" and was supported. A capitalized "May" that does not open its sentence, or that stands
 * next to a number ("May 2010", "3 May"), is read as the month: its own term, MONTH_MAY.
 */
export const MONTH_MAY = 'may_month';

export function withMonthMay(text: string, tokens: Token[]): Token[] {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.text !== 'may' || text.charCodeAt(t.start) !== 0x4d) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const opensSentence = prev === undefined || prev.sentence !== t.sentence;
    const besideNumber = [prev, next].some(
      (n) => n !== undefined && n.sentence === t.sentence && /^\d/.test(n.text),
    );
    if (!opensSentence || besideNumber) tokens[i] = { ...t, text: MONTH_MAY };
  }
  return tokens;
}
