import type { Encoding } from './tokenizer.js';

/**
 * Byte-pair encoding is quadratic in the length of one pre-tokenized piece, and the OpenAI split
 * patterns make one piece of any run of letters, of symbols (emoji) or of whitespace: 120,000
 * copies of one letter took 15 s. Runs longer than MAX_RUN code points are therefore cut into
 * MAX_RUN-long parts before BPE, so the work is linear. Ordinary text never has such a run (words,
 * CJK clauses and base64 chunks are far shorter), so its count is exactly the encoder's; for a
 * text with a longer run, the count may differ by about one token per cut.
 */
export const MAX_RUN = 256;

/**
 * Whether `text` has MAX_RUN + 1 characters in a row that are all ASCII whitespace or all not:
 * every long run is one of those. A plain loop over char codes; ordinary text pays only this.
 */
function mayHaveLongRun(text: string): boolean {
  let run = 0;
  let spaces = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13);
    if (space === spaces) {
      if (++run > MAX_RUN) return true;
    } else {
      spaces = space;
      run = 1;
    }
  }
  return false;
}

// One alternative per piece class of the split patterns: letters and marks, whitespace, symbols.
const LONG_RUN = new RegExp(
  `[\\p{L}\\p{M}]{${MAX_RUN + 1},}|\\s{${MAX_RUN + 1},}|[^\\s\\p{L}\\p{N}]{${MAX_RUN + 1},}`,
  'gu',
);

/**
 * The parts to encode one after another: `[text]` when no run is too long, otherwise the text cut
 * inside each long run every MAX_RUN code points (never inside a surrogate pair).
 */
export function bpeSegments(text: string): string[] {
  if (text.length <= MAX_RUN || !mayHaveLongRun(text)) return [text];
  LONG_RUN.lastIndex = 0;
  let match = LONG_RUN.exec(text);
  if (match === null) return [text];
  const parts: string[] = [];
  let cursor = 0;
  while (match !== null) {
    const end = match.index + match[0].length;
    let cut = match.index;
    let points = 0;
    for (let i = match.index; i < end; i++) {
      const unit = text.charCodeAt(i);
      // A high surrogate starts a pair: the pair is one code point.
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < end) i++;
      points++;
      if (points === MAX_RUN && i + 1 < end) {
        cut = i + 1;
        parts.push(text.slice(cursor, cut));
        cursor = cut;
        points = 0;
      }
    }
    match = LONG_RUN.exec(text);
  }
  parts.push(text.slice(cursor));
  return parts;
}

/** `encoding.countTokens` over bounded parts. */
export function countBounded(
  encoding: Encoding,
  text: string,
  options: Parameters<Encoding['countTokens']>[1],
): number {
  const parts = bpeSegments(text);
  if (parts.length === 1) return encoding.countTokens(text, options);
  let total = 0;
  for (const part of parts) total += encoding.countTokens(part, options);
  return total;
}

/** The encoding with `encode` and `countTokens` over bounded parts; `decode` is unchanged. */
export function boundedEncoding(encoding: Encoding): Encoding {
  return {
    countTokens: (text, options) => countBounded(encoding, text, options),
    encode(text, options) {
      const parts = bpeSegments(text);
      if (parts.length === 1) return encoding.encode(text, options);
      const tokens: number[] = [];
      for (const part of parts) for (const token of encoding.encode(part, options)) tokens.push(token);
      return tokens;
    },
    decode: (tokens) => encoding.decode(tokens),
  };
}
