/**
 * The one word tokenizer of the project. Every guard reads words through it; the options say how
 * a guard's trained model was built (which characters join word pieces, whether case and
 * punctuation are kept), so a model and its features never read two different tokenizations.
 * One bounded regex pass plus a scan of the gaps between matches: linear in the input.
 */

/** A word token with its offsets into the original text. */
export interface Token {
  /** Lower-cased surface form with ’ folded to ' (the raw surface form with `keepCase`). */
  text: string;
  start: number;
  end: number;
  /** Index of the sentence: one more for each . ! ? ; : or line break between words. */
  sentence: number;
  /** A line break sits between the previous token and this one. */
  nlBefore: boolean;
}

export interface TokenizeOptions {
  /** Characters that join two word pieces into one token ("O'Neil", "12-B", "3.5"). */
  joiners?: string;
  /** At most this many joins in one token (bounds the match). */
  maxJoins?: number;
  /** At most this many characters in one word piece; longer runs continue as a new token. */
  maxPiece?: number;
  /** Combining marks and underscores are word characters too (the entity tagger's corpora). */
  extendedWordChars?: boolean;
  /** Links, @handles and #hashtags are one token each. */
  links?: boolean;
  /** Every other non-space character is a token of its own (CoNLL style). */
  punctuation?: boolean;
  /** Keep the surface form as written: no lower-casing, no apostrophe folding. */
  keepCase?: boolean;
}

/** Letters and digits with inner apostrophes, hyphens, and dots or commas inside numbers. */
export const WORDS: TokenizeOptions = { joiners: "'’.,-", maxJoins: 8 };

const escapeClass = (chars: string): string => chars.replace(/[\\\]^-]/g, '\\$&');

function buildPattern(o: TokenizeOptions): RegExp {
  const chars = o.extendedWordChars ? '\\p{L}\\p{M}\\p{N}_' : '\\p{L}\\p{N}';
  const piece = `[${chars}]${o.maxPiece ? `{1,${o.maxPiece}}` : '+'}`;
  const joiners = o.joiners ?? WORDS.joiners ?? '';
  const word = joiners ? `${piece}(?:[${escapeClass(joiners)}]${piece}){0,${o.maxJoins ?? 8}}` : piece;
  const parts = [word];
  if (o.links) parts.unshift('https?:\\/\\/[^\\s]{1,256}', '[@#][\\p{L}\\p{N}_]{1,64}');
  if (o.punctuation) parts.push('[^\\s]');
  return new RegExp(parts.join('|'), 'gu');
}

const patterns = new WeakMap<TokenizeOptions, RegExp>();

/** The compiled pattern of a set of options (for the ReDoS test). */
export function tokenizerPattern(options: TokenizeOptions): RegExp {
  let re = patterns.get(options);
  if (!re) {
    re = buildPattern(options);
    patterns.set(options, re);
  }
  return re;
}

const isSentenceBreak = (c: number): boolean =>
  c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x3a || c === 0x0a;

const DIGIT = /\d/;

/**
 * Splits text into word tokens with offsets. Pass one of the exported option objects (or a
 * module-level constant of your own): the compiled pattern is cached per options object.
 */
export function tokenize(text: string, options: TokenizeOptions = WORDS): Token[] {
  const re = tokenizerPattern(options);
  const out: Token[] = [];
  let sentence = 0;
  let prevEnd = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const surface = m[0];
    // Only the gap since the previous token is scanned, so the pass stays linear.
    let nlBefore = false;
    let broke = false;
    for (let k = prevEnd; k < start; k++) {
      const c = text.charCodeAt(k);
      if (c === 0x0a) nlBefore = true;
      if (isSentenceBreak(c)) broke = true;
    }
    if (broke) sentence++;
    prevEnd = start + surface.length;
    if (options.keepCase) {
      out.push({ text: surface, start, end: prevEnd, sentence, nlBefore });
      continue;
    }
    // A dot or comma joins numbers ("1,200", "3.5"), not words: "end.Next" is two tokens.
    if (!DIGIT.test(surface) && (surface.includes('.') || surface.includes(','))) {
      let offset = start;
      for (const part of surface.split(/[.,]/)) {
        if (part.length > 0) {
          out.push({ text: fold(part), start: offset, end: offset + part.length, sentence, nlBefore });
          nlBefore = false;
        }
        offset += part.length + 1;
      }
      continue;
    }
    out.push({ text: fold(surface), start, end: prevEnd, sentence, nlBefore });
  }
  return out;
}

const fold = (word: string): string => {
  const lower = word.toLowerCase();
  return lower.includes('’') ? lower.replaceAll('’', "'") : lower;
};

/** Just the lower-cased words. */
export const words = (text: string, options: TokenizeOptions = WORDS): string[] =>
  tokenize(text, options).map((t) => t.text);
