import { stem } from './stem.js';
import { STOPWORDS } from './stopwords.js';
import { tokenize } from './tokenize.js';

/** Content terms: lower-cased, stop words removed, stemmed. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (STOPWORDS.has(t.text) || t.text.length < 2) continue;
    out.push(stem(t.text));
  }
  return out;
}
