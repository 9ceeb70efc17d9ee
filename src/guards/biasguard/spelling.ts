import { isKnownWord } from '../../text/common-words.js';
import { LEET } from '../../text/leet.js';
import type { Token } from '../../text/tokenize.js';
import { GROUP_TERMS, WEAK_GROUP_TERMS } from './lexicon.js';

/**
 * Group terms spelt to slip past a filter: leetspeak ("w0m3n"), letters spaced out ("m u s l i m
 * s"), two inner letters swapped ("wmoen") or one inner letter dropped or added ("immigrnts").
 * Each such token is read as the term it stands for, so every rule and the model's group slot see
 * the group. Kept narrow: the first letter stays, the term has 5 letters or more (4 for a swap), the
 * word is no known English word ("moron" is not "mormon"), and only one term may be that close.
 */

const HAS_LEET = /[013457@$]/;
const HAS_LETTER = /\p{L}/u;
const LETTERS_ONLY = /^[a-z]+$/;

/** A typo is read only in a term this long (and in a "<word> people" qualifier of 4 or more). */
const MIN_TERM_LETTERS = 5;
const MIN_QUALIFIER_LETTERS = 4;

/** Every one-word group term of MIN_TERM_LETTERS or more letters that is not a weak term. */
const TERMS: ReadonlySet<string> = new Set(
  [...GROUP_TERMS.keys()].filter(
    (t) => t.length >= MIN_TERM_LETTERS && LETTERS_ONLY.test(t) && !WEAK_GROUP_TERMS.has(t),
  ),
);
/** Four-letter terms ("jews", "gays"): read only with two letters swapped, a dropped letter is too short. */
const SHORT_TERMS: ReadonlySet<string> = new Set(
  [...GROUP_TERMS.keys()].filter(
    (t) => t.length === MIN_TERM_LETTERS - 1 && LETTERS_ONLY.test(t) && !WEAK_GROUP_TERMS.has(t),
  ),
);
/** The first words of two-word terms "<word> people" ("black", "deaf"), read only before "people". */
const QUALIFIERS: ReadonlySet<string> = new Set(
  [...GROUP_TERMS.keys()]
    .map((t) => /^([a-z]+) people$/.exec(t)?.[1] ?? '')
    .filter((w) => w.length >= MIN_QUALIFIER_LETTERS),
);

/** The word with its letter at i left out. */
const without = (w: string, i: number): string => w.slice(0, i) + w.slice(i + 1);
/** The word with its letters at i and i + 1 swapped. */
const swapped = (w: string, i: number): string => w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);

/** Each word with one inner letter dropped, to the words it comes from. */
function droppedIndex(words: ReadonlySet<string>): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const t of words) {
    for (let i = 1; i < t.length - 1; i++) {
      const v = without(t, i);
      const list = map.get(v) ?? [];
      if (!list.includes(t)) list.push(t);
      map.set(v, list);
    }
  }
  return map;
}
const TERMS_DROPPED = droppedIndex(TERMS);
const QUALIFIERS_DROPPED = droppedIndex(QUALIFIERS);
const NONE_DROPPED: ReadonlyMap<string, readonly string[]> = new Map();

/**
 * The one word of `words` that `word` is a typo of, or null: an inner letter dropped or added, or
 * two letters after the first swapped ("jesw"). The first letter always stays.
 */
function typoOf(
  word: string,
  words: ReadonlySet<string>,
  dropped: ReadonlyMap<string, readonly string[]>,
): string | null {
  const found = new Set<string>(dropped.get(word));
  for (let i = 1; i < word.length - 1; i++) {
    const added = without(word, i);
    if (words.has(added)) found.add(added);
  }
  for (let i = 1; i < word.length - 1; i++) {
    const swap = swapped(word, i);
    if (words.has(swap)) found.add(swap);
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}

/** Whether `word` may be a misspelling at all: letters only, long enough, no term, no known word. */
const mayBeTypo = (word: string, min: number): boolean =>
  word.length >= min && LETTERS_ONLY.test(word) && !GROUP_TERMS.has(word) && !isKnownWord(word);

/** The group term a token spells with a typo (the next token's text decides a qualifier), or null. */
function termOf(word: string, next: string | undefined): string | null {
  if (next === 'people' && mayBeTypo(word, MIN_QUALIFIER_LETTERS - 1)) {
    const q = typoOf(word, QUALIFIERS, QUALIFIERS_DROPPED);
    if (q !== null) return q;
  }
  if (!mayBeTypo(word, MIN_TERM_LETTERS - 1)) return null;
  const short = word.length === MIN_TERM_LETTERS - 1 ? typoOf(word, SHORT_TERMS, NONE_DROPPED) : null;
  return short ?? typoOf(word, TERMS, TERMS_DROPPED);
}

/** Leetspeak folded in a token that mixes letters with leet characters, or null. */
function unleet(word: string): string | null {
  if (!HAS_LEET.test(word) || !HAS_LETTER.test(word)) return null;
  let out = '';
  for (const ch of word) out += LEET[ch] ?? ch;
  return out;
}

/** Letters spelt out one by one ("w o m e n") form a term when at least this many stand in a row. */
const MIN_SPELT_LETTERS = 4;
/** The longest one-word group term: no spelt-out run is read further. */
const MAX_TERM_LETTERS = Math.max(
  ...[...GROUP_TERMS.keys()].filter((t) => !t.includes(' ')).map((t) => t.length),
);

/**
 * `tokens` with misspelt group terms read as the terms: a token's text becomes the term, and a
 * run of single letters that spells a term becomes one token spanning them. Returns the same
 * array when nothing changed (most texts). Linear: one pass, a bounded number of lookups a token.
 */
export function respellGroupTerms(text: string, tokens: readonly Token[]): Token[] {
  let out: Token[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const run = speltRun(text, tokens, i);
    if (run > 0) {
      const last = tokens[i + run - 1] as Token;
      out ??= tokens.slice(0, i);
      out.push({ ...t, text: spelt(tokens, i, run), end: last.end });
      i += run - 1;
      continue;
    }
    const leet = unleet(t.text);
    const next = tokens[i + 1];
    const folded =
      leet !== null && GROUP_TERMS.has(leet)
        ? leet
        : termOf(leet ?? t.text, next?.sentence === t.sentence ? next.text : undefined);
    if (folded !== null) {
      out ??= tokens.slice(0, i);
      out.push({ ...t, text: folded });
    } else out?.push(t);
  }
  return out ?? (tokens as Token[]);
}

/** The letters of tokens[i, i + n) joined. */
const spelt = (tokens: readonly Token[], i: number, n: number): string => {
  let w = '';
  for (let k = i; k < i + n; k++) w += tokens[k]?.text ?? '';
  return w;
};

/**
 * How many single-letter tokens from i, each one space after the last, spell a group term
 * (the longest run up to the longest term); 0 when none.
 */
function speltRun(text: string, tokens: readonly Token[], i: number): number {
  let n = 0;
  while (n < MAX_TERM_LETTERS) {
    const t = tokens[i + n];
    if (!t || t.end - t.start !== 1 || !HAS_LETTER.test(t.text)) break;
    const prev = tokens[i + n - 1];
    if (n > 0 && (!prev || t.start !== prev.end + 1 || text[prev.end] !== ' ')) break;
    n++;
  }
  for (let k = n; k >= MIN_SPELT_LETTERS; k--) if (GROUP_TERMS.has(spelt(tokens, i, k))) return k;
  return 0;
}
