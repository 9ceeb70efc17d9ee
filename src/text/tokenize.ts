/** A word token with its offsets into the original text. */
export interface Token {
  /** Lower-cased surface form. */
  text: string;
  start: number;
  end: number;
}

// Letters and digits with inner apostrophes, dots in numbers and hyphens; bounded so no backtracking.
const WORD_RE = /[\p{L}\p{N}]+(?:['’.,-][\p{L}\p{N}]+){0,8}/gu;

/** Splits text into lower-cased word tokens with offsets (numbers keep their dots and commas). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) {
    let word = m[0];
    // A comma or dot joins numbers ("1,200", "3.5") but not words ("Paris,France" stays one only rarely).
    if (!/\d/.test(word) && /[.,]/.test(word)) {
      let offset = m.index;
      for (const part of word.split(/[.,]/)) {
        if (part.length > 0) out.push({ text: part.toLowerCase(), start: offset, end: offset + part.length });
        offset += part.length + 1;
      }
      continue;
    }
    word = word.replace(/’/g, "'");
    out.push({ text: word.toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Just the lower-cased words. */
export const words = (text: string): string[] => tokenize(text).map((t) => t.text);
