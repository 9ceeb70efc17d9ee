/**
 * Adversarial suffix heuristics (GCG-style optimized gibberish). Such suffixes are made of tokens
 * that plain prose rarely has: case changes inside a word, letters glued to brackets, quotes or
 * operators, runs of rare symbols. We compare the tail of the text with its head, so a prompt that
 * is code, markup or symbols throughout does not count as a suffix attack, and skip URLs and tags.
 */

const TOKEN = /\S{1,64}/g;
const PLAIN_WORD =
  /^[("'\u201c\u2018[]?[A-Za-z\u00c0-\u024f][a-z\u00e0-\u024f'\u2019-]{0,30}[)"'\u201d\u2019\]]?[.,!?:;]?[)"'\u201d\u2019]?$/;
const NUMBER = /^[(]?[$\u20ac\u00a3]?\d[\d.,:%/-]{0,20}[)]?[.,;:]?$/;
const URL_OR_TAG = /:\/\/|^www\.|^<\/?[a-z][a-z0-9]{0,10}>|^[A-Za-z0-9._%+-]{1,40}@[A-Za-z0-9.-]{1,40}$/;
const INNER_CASE = /[a-z]{2}[A-Z]|[A-Z]{2}[a-z]{2}/;
const RARE = /[[\]{}<>\\|=~#^`$@*_]/g;
const CAPITAL = /^[("'\u201c[]?[A-Z][a-z]/;
const SENTENCE_END = /[.!?:"\u201d]$/;
const HEAD_MAX = 0.12;
const TAIL_MIN = 0.3;
const CODE_LIKE =
  /[;{][ \t]{0,8}$|^[ \t]{0,8}(?:def|function|class|const|let|var|import|return|if|for|while|select|from|public|private|#include)\b|\+\+|<\/[a-z]{1,10}>|\bfunction\s*\(/m;

/** Optimized suffixes are appended to a direct request, which starts with an imperative verb. */
const IMPERATIVE =
  /^\s{0,8}(?:write|create|provide|develop|explain|give|generate|design|outline|describe|draft|compose|teach|list|suggest|produce|offer|publish|build|make|tell)\b/i;

export const SUFFIX_REGEXES: RegExp[] = [
  TOKEN,
  PLAIN_WORD,
  NUMBER,
  URL_OR_TAG,
  INNER_CASE,
  RARE,
  CAPITAL,
  SENTENCE_END,
  CODE_LIKE,
  IMPERATIVE,
];

export interface SuffixResult {
  score: number;
  start: number;
}

const NONE = (len: number): SuffixResult => ({ score: 0, start: len });

/**
 * Scores the last line of the original text. The GCG signature is a contrast within one line: a
 * request in plain prose followed by a run of odd tokens. Tables, lists and formulas span several
 * short lines or are odd throughout, so they do not score.
 */
export function adversarialSuffix(original: string): SuffixResult {
  const len = original.length;
  const trimmed = original.trimEnd();
  const lineStart = Math.max(trimmed.lastIndexOf('\n') + 1, trimmed.length - 1200);
  const line = trimmed.slice(lineStart);
  if (line.length < 80 || CODE_LIKE.test(line)) return NONE(len);
  const tokens: { text: string; index: number }[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(line); m !== null; m = TOKEN.exec(line)) {
    if (!URL_OR_TAG.test(m[0])) tokens.push({ text: m[0], index: m.index });
  }
  if (tokens.length < 12) return NONE(len);
  // A capitalized word after a word that ends no sentence is odd too: optimized suffixes are full of
  // stray names and foreign words; prose has some, which the head-tail contrast discounts.
  const odd = tokens.map((t, i) => {
    if (INNER_CASE.test(t.text) || (!PLAIN_WORD.test(t.text) && !NUMBER.test(t.text))) return 1;
    const prev = tokens[i - 1]?.text ?? '.';
    return CAPITAL.test(t.text) && !SENTENCE_END.test(prev) ? 0.5 : 0;
  });
  // Find the split that best separates a prose head from an odd tail (tail of at least 6 tokens).
  const oddPrefix = [0];
  for (const o of odd) oddPrefix.push((oddPrefix[oddPrefix.length - 1] ?? 0) + o);
  const total = oddPrefix[tokens.length] ?? 0;
  let best = 0;
  let bestAt = -1;
  for (let k = 4; k <= tokens.length - 6; k++) {
    const headOdd = (oddPrefix[k] ?? 0) / k;
    const tailOdd = (total - (oddPrefix[k] ?? 0)) / (tokens.length - k);
    const contrast = tailOdd - headOdd;
    if (headOdd <= HEAD_MAX && tailOdd >= TAIL_MIN && total - (oddPrefix[k] ?? 0) >= 4 && contrast > best) {
      best = contrast;
      bestAt = k;
    }
  }
  if (bestAt < 0) return NONE(len);
  RARE.lastIndex = 0;
  const start = lineStart + (tokens[bestAt]?.index ?? 0);
  const rare = original.slice(start).match(RARE)?.length ?? 0;
  const request = IMPERATIVE.test(line) ? 0.15 : 0;
  // A long odd run (8+ tokens) is rare in prose even where a few names or symbols cluster.
  const oddTail = total - (oddPrefix[bestAt] ?? 0);
  const long = oddTail >= 8 ? 0.1 : 0;
  return { score: Math.min(0.9, 0.4 + best * 0.6 + Math.min(rare, 10) * 0.02 + request + long), start };
}
