import { type Token, type TokenizeOptions, tokenize, tokenizerPattern } from '../../../../text/tokenize.js';

/**
 * How the entity tagger reads text: words keep inner apostrophes, hyphens and slashes ("O'Neil",
 * "12-B"), case is kept, every other non-space character is a token of its own, as in the
 * CoNLL-style training corpora. Links, @handles and #hashtags are single tokens (and never names:
 * a handle is an account, not the person's written name).
 */
export const NER_WORDS: TokenizeOptions = {
  joiners: "'’-/",
  maxJoins: 4,
  maxPiece: 64,
  extendedWordChars: true,
  links: true,
  punctuation: true,
  keepCase: true,
};

export type NerToken = Token;

export const tokenizeForNer = (text: string): NerToken[] => tokenize(text, NER_WORDS);

/** Every regular expression of the tagger, for the ReDoS test. */
export const NER_PATTERNS: readonly RegExp[] = [tokenizerPattern(NER_WORDS)];
