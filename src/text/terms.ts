import { stem } from './stem.js';
import { STOPWORDS } from './stopwords.js';
import { type Token, tokenize } from './tokenize.js';

/** Content terms: lower-cased, stop words removed, stemmed. */
export function contentTerms(text: string): string[] {
  return contentTermsOf(tokenize(text));
}

/** The content terms of tokens already read (for a caller that also reads the stop words). */
export function contentTermsOf(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (STOPWORDS.has(t.text) || t.text.length < 2) continue;
    out.push(stem(t.text));
  }
  return out;
}
