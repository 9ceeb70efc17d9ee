/**
 * Adversarial suffix heuristics (GCG-style optimized gibberish). Such suffixes are made of tokens
 * that plain prose rarely has: case changes inside a word, letters glued to brackets, quotes or
 * operators, runs of rare symbols. We compare the tail of the text with its head, so a prompt that
 * is code, markup or symbols throughout does not count as a suffix attack, and skip URLs and tags.
 */

import { isSpace } from '../../../text/whitespace.js';

const PLAIN_WORD =
  /^[("'\u201c\u2018[]?[A-Za-z\u00c0-\u024f][a-z\u00e0-\u024f'\u2019-]{0,30}[)"'\u201d\u2019\]]?[.,!?:;]?[)"'\u201d\u2019]?$/;
const NUMBER = /^[(]?[$\u20ac\u00a3]?\d[\d.,:%/-]{0,20}[)]?[.,;:]?$/;
const URL_OR_TAG = /:\/\/|^www\.|^<\/?[a-z][a-z0-9]{0,10}>|^[A-Za-z0-9._%+-]{1,40}@[A-Za-z0-9.-]{1,40}$/;
const INNER_CASE = /[a-z]{2}[A-Z]|[A-Z]{2}[a-z]{2}/;
const RARE = /[[\]{}<>\\|=~#^`$@*_]/g;
const CAPITAL = /^[("'\u201c[]?[A-Z][a-z]/;
const SENTENCE_END = /[.!?:"\u201d]$/;
/** A list item ("3. Sleep", "- eggs") or a speaker's line ("PhD F: Mm - hmm") stands on its own. */
const OWN_LINE = /^[ \t]{0,8}(?:\d{1,3}[.)]|[-*\u2022]|[A-Z][\w .'-]{0,30}:)\s/;
const HEAD_MAX = 0.12;
const TAIL_MIN = 0.3;
/** A tail with almost no function words is no sentence; then fewer odd tokens are enough. */
const TAIL_MIN_UNGRAMMATICAL = 0.15;
const TAIL_FUNCTION_MAX = 0.1;
const HEAD_FUNCTION_MIN = 0.15;
const LIST_COMMAS = 0.25;
/**
 * Odd tokens proper (not merely capitalized words) a suffix's tail needs: a run of names in prose
 * ("starring Bill Murray, Dan Aykroyd, Harold Ramis") has capitals but few of these. At 3, HaluEval
 * knowledge paragraphs with a suffix found 52 -> 36 of 500, HaluEval responses 27 -> 21 of 2,320;
 * every GCG row and own suffix found before is still found (at 4, GCG 91 -> 76 of 100).
 */
const HARD_TAIL_MIN = 3;
const EDGE_PUNCT = /^[^A-Za-z\u00c0-\u024f]{1,8}|[^A-Za-z\u00c0-\u024f]{1,8}$/g;
/**
 * English function words: a sentence has one every two or three words, an optimized suffix (a
 * mixture of fragments, names and symbols) has few. Words from other languages are not listed, so a
 * French or German sentence reads as ungrammatical here; the odd-token and head conditions still
 * apply to it.
 */
const FUNCTION_WORDS = new Set(
  (
    'a an the of to in on at by for from with about into over under after before between through ' +
    'and or but nor so if then than that this these those which who whom whose what when where why how ' +
    'is are was were be been being am do does did have has had will would can could shall should may ' +
    'might must not no it its i me my we us our you your he him his she her they them their there ' +
    'as all any each some such very just also only'
  ).split(' '),
);
const CODE_LIKE =
  /[;{][ \t]{0,8}$|^[ \t]{0,8}(?:def|function|class|const|let|var|import|return|if|for|while|select|from|public|private|#include)\b|\+\+|<\/[a-z]{1,10}>|\bfunction\s*\(/m;

/** Optimized suffixes are appended to a direct request, which starts with an imperative verb. */
const IMPERATIVE =
  /^\s{0,8}(?:write|create|provide|develop|explain|give|generate|design|outline|describe|draft|compose|teach|list|suggest|produce|offer|publish|build|make|tell)\b/i;

/**
 * Tokens of code: member access (`it.price`, `r.Body`), a statement's end after a call, arrows,
 * comparisons, boolean operators, assignments, LaTeX commands, SQL keywords, command-line flags,
 * optional chaining, subscripts.
 * An optimized suffix has symbols but rarely these; a question about a line of code has several.
 */
const CODE_TOKEN =
  /\b[a-z_]\w{0,30}\.[A-Za-z_]\w{0,30}\b|\)\s{0,2};|=>|={2,3}|!==?|&&|\|\||[+\-*/%]=|(?:^|\s)=(?:\s|$)|\\[a-z]{1,20}\{|\b(?:SELECT|FROM|WHERE|JOIN)\b|(?:^|\s)-{1,2}[A-Za-z][\w-]{0,30}|\?\.|\w\[['"\w]/g;
/** A tail with this many code tokens, in a line whose brackets all close, is code, not a suffix. */
const CODE_TOKENS_MIN = 3;

/** Whether every (, [ and { of the text is closed, in order. */
function bracketsBalanced(text: string): boolean {
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b) open.push(c);
    else if (c === 0x29 || c === 0x5d || c === 0x7d) {
      const want = c === 0x29 ? 0x28 : c - 2;
      if (open.pop() !== want) return false;
    }
  }
  return open.length === 0;
}

/** A line of code quoted in a question ("what does users.filter(u => u.active) do?"). */
function quotedCode(line: string, tailStart: number): boolean {
  if (!bracketsBalanced(line)) return false;
  CODE_TOKEN.lastIndex = 0;
  let n = 0;
  const tail = line.slice(tailStart);
  while (n < CODE_TOKENS_MIN && CODE_TOKEN.exec(tail) !== null) n++;
  return n >= CODE_TOKENS_MIN;
}

export const SUFFIX_REGEXES: RegExp[] = [
  CODE_TOKEN,
  PLAIN_WORD,
  NUMBER,
  URL_OR_TAG,
  INNER_CASE,
  RARE,
  CAPITAL,
  SENTENCE_END,
  OWN_LINE,
  EDGE_PUNCT,
  CODE_LIKE,
  IMPERATIVE,
];

export interface SuffixResult {
  score: number;
  start: number;
}

const NONE = (len: number): SuffixResult => ({ score: 0, start: len });

/**
 * A lower-case ASCII word of 1-31 letters, with at most one closing . , ! ? : or ; ("data,"): most
 * tokens of prose. Such a token is plain, no capital and no link or tag, so the regular expressions
 * below need not run on it ("www." is left to them: URL_OR_TAG reads it as a link).
 */
function plainLowerWord(token: string): boolean {
  let letters = token.length;
  const last = token.charCodeAt(letters - 1);
  if (last === 0x2e || last === 0x2c || last === 0x21 || last === 0x3f || last === 0x3a || last === 0x3b)
    letters--;
  if (letters < 1 || letters > 31) return false;
  for (let i = 0; i < letters; i++) {
    const c = token.charCodeAt(i);
    if (c < 0x61 || c > 0x7a) return false;
  }
  return !(letters === 3 && last === 0x2e && token.startsWith('www'));
}

/** Whether a token is a function word, edge punctuation aside (plain: a plainLowerWord token). */
function functionWord(token: string, plain: boolean): boolean {
  // Function words are short: longer tokens skip the lookup.
  if (token.length > 12) return false;
  if (!plain) return FUNCTION_WORDS.has(token.replace(EDGE_PUNCT, '').toLowerCase());
  // Lower-case letters with at most one closing mark: only that mark to drop.
  const last = token.charCodeAt(token.length - 1);
  return FUNCTION_WORDS.has(last >= 0x61 && last <= 0x7a ? token : token.slice(0, -1));
}

/** Fewer tokens than this hold no request followed by a suffix. */
const MIN_TOKENS = 12;

/** Runs of non-space characters from `from` to the end of `text`, counted up to MIN_TOKENS. */
function countTokens(text: string, from: number): number {
  let n = 0;
  let inToken = false;
  for (let i = from; i < text.length && n < MIN_TOKENS; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inToken) n++;
    inToken = !space;
  }
  return n;
}

/**
 * Whether the line after `lastBreak` goes on from the line before it: it is too short to hold a
 * request and a suffix, the line before ends no sentence, and it is no list item or speaker's line.
 */
function continuesLine(text: string, lastBreak: number): boolean {
  if (countTokens(text, lastBreak + 1) >= MIN_TOKENS) return false;
  if (SENTENCE_END.test(text.slice(Math.max(0, lastBreak - 8), lastBreak).trimEnd())) return false;
  return !OWN_LINE.test(text.slice(lastBreak + 1, lastBreak + 48));
}

/**
 * Scores the last line of the original text. The GCG signature is a contrast within one line: a
 * request in plain prose followed by a run of odd tokens. Tables, lists and formulas span several
 * short lines or are odd throughout, so they do not score.
 */
export function adversarialSuffix(original: string): SuffixResult {
  const len = original.length;
  const trimmed = original.trimEnd();
  const lastBreak = trimmed.lastIndexOf('\n');
  // A last line too short to hold a request and a suffix is read with the line before it: a chat
  // window joins turns with line breaks, and a suffix sent as a turn of its own follows its request.
  const from =
    lastBreak > 0 && continuesLine(trimmed, lastBreak)
      ? trimmed.lastIndexOf('\n', lastBreak - 1) + 1
      : lastBreak + 1;
  const lineStart = Math.max(from, trimmed.length - 1200);
  const line = trimmed.slice(lineStart);
  if (line.length < 80 || CODE_LIKE.test(line)) return NONE(len);
  // The tokens (links and tags left out) and where each starts, in two arrays: an object per token
  // cost an allocation each on every prompt.
  const tokens: string[] = [];
  const starts: number[] = [];
  const plain: boolean[] = [];
  // The runs of up to 64 non-space characters (`\S{1,64}`), read by character codes.
  for (let i = 0; i < line.length; ) {
    if (isSpace(line.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < line.length && end - i < 64 && !isSpace(line.charCodeAt(end))) end++;
    const token = line.slice(i, end);
    const isPlain = plainLowerWord(token);
    if (isPlain || !URL_OR_TAG.test(token)) {
      tokens.push(token);
      starts.push(i);
      plain.push(isPlain);
    }
    i = end;
  }
  const n = tokens.length;
  if (n < MIN_TOKENS) return NONE(len);
  // A capitalized word after a word that ends no sentence is odd too: optimized suffixes are full of
  // stray names and foreign words; prose has some, which the head-tail contrast discounts.
  // Prefix sums of the odd tokens, and of the odd tokens proper (1, not 0.5), for the split below.
  const oddPrefix = new Float64Array(n + 1);
  const hardPrefix = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as string;
    let o = 0;
    if (plain[i]) o = 0;
    else if (INNER_CASE.test(t) || (!PLAIN_WORD.test(t) && !NUMBER.test(t))) o = 1;
    else o = CAPITAL.test(t) && !SENTENCE_END.test(tokens[i - 1] ?? '.') ? 0.5 : 0;
    oddPrefix[i + 1] = (oddPrefix[i] as number) + o;
    hardPrefix[i + 1] = (hardPrefix[i] as number) + (o === 1 ? 1 : 0);
  }
  const total = oddPrefix[n] as number;
  const hardTotal = hardPrefix[n] as number;
  // Every tail below needs HARD_TAIL_MIN odd tokens proper: most prose stops here.
  if (hardTotal < HARD_TAIL_MIN) return NONE(len);
  const fnPrefix = new Int32Array(n + 1);
  const commaPrefix = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as string;
    commaPrefix[i + 1] = (commaPrefix[i] as number) + (t.endsWith(',') ? 1 : 0);
    fnPrefix[i + 1] = (fnPrefix[i] as number) + (functionWord(t, plain[i] === true) ? 1 : 0);
  }
  const fnTotal = fnPrefix[n] ?? 0;
  const commaTotal = commaPrefix[n] ?? 0;
  let best = 0;
  let bestAt = -1;
  for (let k = 4; k <= n - 6; k++) {
    const tailLen = n - k;
    const headOdd = (oddPrefix[k] ?? 0) / k;
    const tailOddCount = total - (oddPrefix[k] ?? 0);
    const tailOdd = tailOddCount / tailLen;
    const headFn = (fnPrefix[k] ?? 0) / k;
    const tailFn = (fnTotal - (fnPrefix[k] ?? 0)) / tailLen;
    // A comma-separated list (items, keywords, ingredients) has no function words either.
    const listLike = (commaTotal - (commaPrefix[k] ?? 0)) / tailLen >= LIST_COMMAS;
    // Title-case runs (names, headings) have no function words either: count only odd tokens proper.
    const hardTail = hardTotal - (hardPrefix[k] ?? 0);
    const ungrammatical =
      tailLen >= 8 && !listLike && tailFn <= TAIL_FUNCTION_MAX && headFn >= HEAD_FUNCTION_MIN;
    const enough = tailOdd >= TAIL_MIN || (ungrammatical && tailOdd >= TAIL_MIN_UNGRAMMATICAL);
    const contrast = tailOdd - headOdd + (ungrammatical ? 0.5 * (headFn - tailFn) : 0);
    if (
      headOdd <= HEAD_MAX &&
      enough &&
      hardTail >= HARD_TAIL_MIN &&
      tailOddCount >= (ungrammatical ? 3 : 4) &&
      contrast > best
    ) {
      best = contrast;
      bestAt = k;
    }
  }
  if (bestAt < 0 || quotedCode(line, starts[bestAt] ?? 0)) return NONE(len);
  RARE.lastIndex = 0;
  const start = lineStart + (starts[bestAt] ?? 0);
  const rare = original.slice(start).match(RARE)?.length ?? 0;
  const request = IMPERATIVE.test(line) ? 0.15 : 0;
  // A long odd run (8+ tokens) is rare in prose even where a few names or symbols cluster.
  const oddTail = total - (oddPrefix[bestAt] ?? 0);
  const long = oddTail >= 8 ? 0.1 : 0;
  return { score: Math.min(0.9, 0.4 + best * 0.6 + Math.min(rare, 10) * 0.02 + request + long), start };
}
