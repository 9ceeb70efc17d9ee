/** Word and sentence segmentation with offsets into the original text. */

export interface Token {
  /** Lower-cased word with typographic apostrophes folded to ASCII. */
  w: string;
  start: number;
  end: number;
  sentence: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+){0,3}/gu;
const SENTENCE_BREAK = /[.!?;:\n]/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    // A sentence ends where a break character sits between two words.
    if (SENTENCE_BREAK.test(text.slice(last, start))) sentence++;
    tokens.push({ w: m[0].toLowerCase().replaceAll('’', "'"), start, end: start + m[0].length, sentence });
    last = start + m[0].length;
  }
  return tokens;
}
