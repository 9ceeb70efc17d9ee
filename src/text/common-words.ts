import { existsSync, readFileSync } from 'node:fs';

/**
 * English words by frequency (data/common-words.json, written by `npm run build:common-words`
 * from the order of the GloVe 6B vocabulary).
 * Common words, the first COMMON_WORDS_RANK entries: HealthGuard reads a single common word
 * ("likes") on a few rows of one label as chance, a planted backdoor trigger is rare ("cf").
 * Known words, the first KNOWN_WORDS_RANK entries: BiasGuard reads a word one typo from a group
 * term as that term misspelt ("wmoen") only when it is no known word ("moron", "feathers").
 */
export interface CommonWordsFile {
  version: 2;
  source: string;
  /** How many of `words` lead as the common ones. */
  common: number;
  /** Space-separated, most frequent first: the alphabetic words of the first KNOWN_WORDS_RANK entries. */
  words: string;
}

/** Vocabulary ranks kept as common: words among the 10,000 most frequent entries. */
export const COMMON_WORDS_RANK = 10_000;
/**
 * Vocabulary ranks kept as known: past about 100,000 entries the vocabulary is mostly misspellings
 * and names ("chianese", "christijan"), within it real words ("pheasants", "refuges").
 */
export const KNOWN_WORDS_RANK = 100_000;

export const COMMON_WORDS_URL = new URL('./data/common-words.json', import.meta.url);
/** `tsc` does not copy data files into dist/, so a build also looks in the sources. */
const SOURCE_URL = new URL('../../src/text/data/common-words.json', import.meta.url);

let loaded: { common: Set<string>; known: Set<string> } | undefined;

function load(): { common: Set<string>; known: Set<string> } {
  if (!loaded) {
    const url = [COMMON_WORDS_URL, SOURCE_URL].find((u) => existsSync(u));
    const file = url ? (JSON.parse(readFileSync(url, 'utf8')) as CommonWordsFile) : undefined;
    const words = file ? file.words.split(' ') : [];
    loaded = { common: new Set(words.slice(0, file?.common ?? 0)), known: new Set(words) };
  }
  return loaded;
}

/** Reads the word lists now (a guard's start-up), so no request pays for the file. */
export function loadWordLists(): void {
  load();
}

/** Whether `word` (lower case) is among the most frequent English words. */
export const isCommonWord = (word: string): boolean => load().common.has(word);

/** Whether `word` (lower case) is an English word the vocabulary knows, common or not. */
export const isKnownWord = (word: string): boolean => load().known.has(word);
