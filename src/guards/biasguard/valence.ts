import { existsSync, readFileSync } from 'node:fs';
import { POSITIVE_TRAITS, TRAITS } from './lexicon.js';

/**
 * Word valence, praise (+1) to blame (-1), from src/guards/biasguard/data/valence.json, which
 * `npm run train:bias-valence` derives from GloVe word vectors and a few seed words. It lets the
 * classifier read what is said of a group by words no training row used ("valid", "thugs").
 */
export interface ValenceFile {
  version: 1;
  source: string;
  /** Space-separated words, in the order of `values`. */
  words: string;
  /** Valence x 100, -100..100. */
  values: number[];
}

export const VALENCE_URL = new URL('./data/valence.json', import.meta.url);
/** `tsc` does not copy data files into dist/, so a build also looks in the sources. */
const SOURCE_VALENCE_URL = new URL('../../../../src/guards/biasguard/data/valence.json', import.meta.url);

let lexicon: Map<string, number> | undefined;

function load(): Map<string, number> {
  if (lexicon) return lexicon;
  const map = new Map<string, number>();
  const url = [VALENCE_URL, SOURCE_VALENCE_URL].find((u) => existsSync(u));
  if (url) {
    const file = JSON.parse(readFileSync(url, 'utf8')) as ValenceFile;
    const words = file.words.split(' ');
    for (let i = 0; i < words.length; i++) map.set(words[i] as string, (file.values[i] ?? 0) / 100);
  }
  lexicon = map;
  return map;
}

export const valenceOf = (word: string): number => load().get(word) ?? 0;

/** The strongest praise and the strongest blame among the words of lower-case `normalized` but `skip`'s (0 when none). */
export function valenceFeatures(normalized: string, skip?: (word: string) => boolean): [number, number] {
  const map = load();
  let praise = 0;
  let blame = 0;
  let start = -1;
  for (let i = 0; i <= normalized.length; i++) {
    const c = i < normalized.length ? normalized.charCodeAt(i) : 32;
    const letter = (c >= 97 && c <= 122) || ((c === 39 || c === 45) && start >= 0);
    if (letter && start < 0) start = i;
    else if (!letter && start >= 0) {
      const word = normalized.slice(start, i);
      start = -1;
      const v = map.get(word);
      if (v === undefined || skip?.(word)) continue;
      praise = Math.max(praise, v);
      blame = Math.max(blame, -v);
    }
  }
  return [praise, blame];
}

/**
 * How much the strongest praise of `normalized` exceeds its strongest blame (0 when it does not).
 * Stereotyped traits, praising ones too ("good at math", "athletic"), are the lexicon's to judge:
 * they count for neither side here.
 */
export function netPraise(normalized: string): number {
  const [praise, blame] = valenceFeatures(normalized, isTrait);
  return Math.max(0, praise - blame);
}

const isTrait = (w: string): boolean => TRAITS.has(w) || POSITIVE_TRAITS.has(w);
