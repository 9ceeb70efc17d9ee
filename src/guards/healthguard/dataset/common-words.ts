import { existsSync, readFileSync } from 'node:fs';

/**
 * The most frequent English words (data/common-words.json, written by `npm run build:common-words`
 * from the order of the GloVe 6B vocabulary). A planted backdoor trigger is a rare token or an
 * unusual phrase ("cf", "I watched this 3D movie"); a single common word ("likes", "sure") that
 * happens to sit on a few rows of one label is chance, not a trigger.
 */
export interface CommonWordsFile {
  version: 1;
  source: string;
  /** Space-separated, most frequent first. */
  words: string;
}

/** Vocabulary ranks kept: words among the 10,000 most frequent entries. */
export const COMMON_WORDS_RANK = 10_000;

export const COMMON_WORDS_URL = new URL('../data/common-words.json', import.meta.url);
/** `tsc` does not copy data files into dist/, so a build also looks in the sources. */
const SOURCE_URL = new URL('../../../../src/guards/healthguard/data/common-words.json', import.meta.url);

let common: Set<string> | undefined;

export function isCommonWord(word: string): boolean {
  if (!common) {
    const url = [COMMON_WORDS_URL, SOURCE_URL].find((u) => existsSync(u));
    common = url
      ? new Set((JSON.parse(readFileSync(url, 'utf8')) as CommonWordsFile).words.split(' '))
      : new Set();
  }
  return common.has(word);
}
