import { STOPWORDS } from '../../../text/stopwords.js';
import type { PiiEntity } from './types.js';

/**
 * Word counting and edge trimming shared by the filters for text in other languages (german.ts,
 * other-languages.ts): which language a text reads as, and a name without the function words
 * around it.
 */

/** A word: letters with inner apostrophes and hyphens. */
export const WORD = /[\p{L}][\p{L}'’-]{0,40}/gu;

export interface LanguageCounts {
  /** Words `isOwn` took for the language. */
  own: number;
  /** English function words. */
  english: number;
  /** Words read (201 when the text has more than 200). */
  words: number;
  /** The lower-cased head of the text that was read. */
  head: string;
}

/**
 * Counts the language's own words and English function words in the first 200 words of the text.
 * Null once forty words pass without one of the language's own: most text is not in it, and this
 * runs on every check.
 */
export function countLanguageWords(text: string, isOwn: (word: string) => boolean): LanguageCounts | null {
  let own = 0;
  let english = 0;
  let words = 0;
  const head = text.slice(0, 1500).toLowerCase();
  for (const m of head.matchAll(WORD)) {
    if (++words > 200) break;
    if (words > 40 && own === 0) return null;
    const w = m[0];
    if (isOwn(w)) own++;
    else if (STOPWORDS.has(w)) english++;
  }
  return { own, english, words, head };
}

export interface SpanWord {
  text: string;
  lower: string;
  start: number;
  end: number;
}

/** The words of an entity with their offsets in the whole text. */
export const spanWords = (e: PiiEntity): SpanWord[] =>
  [...e.value.matchAll(WORD)].map((m) => ({
    text: m[0],
    lower: m[0].toLowerCase(),
    start: e.start + (m.index ?? 0),
    end: e.start + (m.index ?? 0) + m[0].length,
  }));

/** The entity cut to `words` without the `edge` words at either end; null when none is left. */
export function trimmedTo(
  text: string,
  e: PiiEntity,
  words: readonly SpanWord[],
  edge: ReadonlySet<string>,
): PiiEntity | null {
  let a = 0;
  let b = words.length - 1;
  while (a <= b && edge.has(words[a]!.lower)) a++;
  while (b >= a && edge.has(words[b]!.lower)) b--;
  if (a > b) return null;
  const start = words[a]!.start;
  const end = words[b]!.end;
  return start === e.start && end === e.end ? e : { ...e, start, end, value: text.slice(start, end) };
}
