import { type Token, type TokenizeOptions, tokenize } from '../../text/tokenize.js';
import { type GroupTerm, HOSTILE_PATTERNS, TRAIT_PHRASES } from './lexicon.js';

/**
 * One pass over a text that BiasGuard's scorers share: its tokens, its sentences and the trait and
 * hostile phrase hits sorted by start, so each group mention reads only its own window.
 */

/** How the BiasGuard model reads words: inner apostrophes and hyphens join, at most three joins. */
export const BIAS_WORDS: TokenizeOptions = { joiners: "'’-", maxJoins: 3 };

export interface Mention {
  term: string;
  group: GroupTerm;
  /** Token index range [a, b). */
  a: number;
  b: number;
  start: number;
  end: number;
  /** A back-reference ("they", "you people") to a group named earlier. */
  anaphoric?: boolean;
}

export interface PhraseHit {
  start: number;
  end: number;
  weight: number;
  text: string;
  kind?: string;
}

export function scanPhrases(
  lower: string,
  patterns: readonly (readonly [RegExp, number, string?])[],
): PhraseHit[] {
  const hits: PhraseHit[] = [];
  for (const [re, weight, kind] of patterns) {
    re.lastIndex = 0;
    for (const m of lower.matchAll(re)) {
      hits.push({
        start: m.index,
        end: m.index + m[0].length,
        weight,
        text: m[0],
        ...(kind ? { kind } : {}),
      });
    }
  }
  return hits;
}

/** What a sentence looks like to the scorer; built once per text and reused per mention. */
export interface Scan {
  /** The text the tokens index into. */
  text: string;
  tokens: Token[];
  /** Phrase hits sorted by start, so a mention reads only those inside its window. */
  traitPhrases: PhraseHit[];
  hostile: PhraseHit[];
  /** First token index of each sentence, and one past its last. */
  sentFirst: number[];
  sentEnd: number[];
}

/**
 * How far (in tokens) a mention looks around itself. A sentence with no breaks in a long text
 * would otherwise make each mention read the whole text (quadratic).
 */
export const WINDOW_TOKENS = 40;

/**
 * `withPhrases` false leaves the phrase hits empty: they are read only around group mentions,
 * which most texts have none of, and their ~50 patterns are most of the pass on such a text.
 */
export function scan(text: string, tokens = tokenize(text, BIAS_WORDS), withPhrases = true): Scan {
  const lower = withPhrases ? text.toLowerCase().replaceAll('’', "'") : '';
  const sentFirst: number[] = [];
  const sentEnd: number[] = [];
  tokens.forEach((t, i) => {
    if (sentFirst[t.sentence] === undefined) sentFirst[t.sentence] = i;
    sentEnd[t.sentence] = i + 1;
  });
  const byStart = (a: PhraseHit, b: PhraseHit) => a.start - b.start;
  return {
    text,
    tokens,
    traitPhrases: withPhrases ? scanPhrases(lower, TRAIT_PHRASES).sort(byStart) : [],
    hostile: withPhrases ? scanPhrases(lower, HOSTILE_PATTERNS).sort(byStart) : [],
    sentFirst,
    sentEnd,
  };
}

/** The token range a mention reads: its sentence, cut to WINDOW_TOKENS either side. */
export function windowOf(s: Scan, m: Mention): [number, number] {
  const sentence = s.tokens[m.a]?.sentence ?? 0;
  const first = s.sentFirst[sentence] ?? m.a;
  const end = s.sentEnd[sentence] ?? m.b;
  return [Math.max(first, m.a - WINDOW_TOKENS), Math.min(end, m.b + WINDOW_TOKENS)];
}

/** Index of the first hit (or span) starting at or after `pos` (hits sorted by start). */
export function firstHitFrom(hits: readonly { start: number }[], pos: number): number {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((hits[mid]?.start ?? 0) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
