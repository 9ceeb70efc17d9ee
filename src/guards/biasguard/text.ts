/** Word and sentence segmentation with offsets into the original text. */

export interface Token {
  /** Lower-cased word with typographic apostrophes folded to ASCII. */
  w: string;
  start: number;
  end: number;
  sentence: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+){0,3}/gu;
/** Whether a sentence break character sits in text[from, to), read without slicing. */
function hasBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // . ! ? ; : and newline
    if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x3a || c === 0x0a) return true;
  }
  return false;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    // A sentence ends where a break character sits between two words.
    if (hasBreak(text, last, start)) sentence++;
    const lower = m[0].toLowerCase();
    tokens.push({
      w: lower.includes('’') ? lower.replaceAll('’', "'") : lower,
      start,
      end: start + m[0].length,
      sentence,
    });
    last = start + m[0].length;
  }
  return tokens;
}
