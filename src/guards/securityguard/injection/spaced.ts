/**
 * Spaced-out letters ("I G N O R E  A L L ...", "i.g.n.o.r.e") hide words from word features and
 * patterns. This joins runs of at least MIN_LETTERS single letters separated by one kind of
 * separator back into words, in one linear pass without regular expressions. Two or more spaces
 * (or a slash) between letters mark a word boundary.
 */

export interface SpacedRun {
  /** Span of the run in the scanned text. */
  start: number;
  end: number;
}

export interface Collapsed {
  text: string;
  runs: SpacedRun[];
}

const MIN_LETTERS = 4;
/** Runs longer than this are joined but not split into words (keeps the split cheap). */
const MAX_SEGMENT = 400;
const MAX_WORD = 14;

/**
 * Words an instruction spelled letter by letter is likely made of. When the letters are separated by
 * single spaces only, word boundaries are lost ("ignoreallprevious"); these words put them back.
 */
const VOCABULARY = new Set(
  (
    'a about above access admin after all always an and answer any are as ask assistant at be before ' +
    'bypass can code command confidential content delete developer disable disregard do dont every ' +
    'everything filter follow for forget from give granted guidelines have hidden i ignore in ' +
    'instruction instructions is it just key me mode my new no not now of on only or output override ' +
    'password previous print prior prompt pwned real repeat reply respond response restrictions reveal ' +
    'rules safety say secret show system tell the then this to up user verbatim what with without word ' +
    'write you your'
  ).split(' '),
);

/** Splits a run of letters into vocabulary words by dynamic programming (unknown letters cost more). */
export function segmentWords(letters: string): string {
  const n = letters.length;
  if (n > MAX_SEGMENT) return letters;
  const cost = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const back = new Int32Array(n + 1);
  cost[0] = 0;
  for (let i = 0; i < n; i++) {
    const base = cost[i] as number;
    if (base === Number.POSITIVE_INFINITY) continue;
    if (base + 2 < (cost[i + 1] as number)) {
      cost[i + 1] = base + 2;
      back[i + 1] = i;
    }
    for (let len = 2; len <= MAX_WORD && i + len <= n; len++) {
      if (!VOCABULARY.has(letters.slice(i, i + len))) continue;
      if (base + 1 < (cost[i + len] as number)) {
        cost[i + len] = base + 1;
        back[i + len] = i;
      }
    }
  }
  const words: string[] = [];
  let pending = '';
  for (let end = n; end > 0; ) {
    const start = back[end] as number;
    const piece = letters.slice(start, end);
    if (end - start === 1 && !VOCABULARY.has(piece)) pending = piece + pending;
    else {
      if (pending) words.push(pending);
      pending = '';
      words.push(piece);
    }
    end = start;
  }
  if (pending) words.push(pending);
  return words.reverse().join(' ');
}

const isLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isAlnum = (c: number): boolean => isLetter(c) || (c >= 0x30 && c <= 0x39);
const isSeparator = (c: number): boolean =>
  c === 0x20 || c === 0x2e || c === 0x2d || c === 0x2a || c === 0x5f || c === 0x7c || c === 0x2f;

/** A lone letter: a letter with no letter or digit on either side. */
function loneLetter(text: string, i: number): boolean {
  if (i >= text.length || !isLetter(text.charCodeAt(i))) return false;
  if (i > 0 && isAlnum(text.charCodeAt(i - 1))) return false;
  return !(i + 1 < text.length && isAlnum(text.charCodeAt(i + 1)));
}

/** Joins spaced-out letter runs; returns the text unchanged (and no runs) when there are none. */
export function collapseSpacedLetters(text: string): Collapsed {
  const runs: SpacedRun[] = [];
  let out = '';
  let copiedTo = 0;
  let i = 0;
  const len = text.length;
  while (i < len) {
    if (!loneLetter(text, i)) {
      i++;
      continue;
    }
    let word = text[i] as string;
    let letters = 1;
    let end = i + 1;
    let sep = -1;
    let j = i + 1;
    while (j < len) {
      let k = j;
      let spaces = 0;
      let slash = false;
      let other = -1;
      while (k < len && isSeparator(text.charCodeAt(k)) && k - j < 6) {
        const c = text.charCodeAt(k);
        if (c === 0x20) spaces++;
        else if (c === 0x2f) slash = true;
        else other = other < 0 ? c : other;
        k++;
      }
      if (k === j || !loneLetter(text, k)) break;
      // One kind of separator inside a word: "a.b.c", not "a.b-c".
      const kind = other < 0 ? 0x20 : other;
      // Two spaces, a slash, or a space after letters joined by another separator ("a.b c.d").
      const boundary = slash || (other < 0 && (spaces >= 2 || (sep >= 0 && sep !== 0x20)));
      if (!boundary) {
        if (sep >= 0 && sep !== kind) break;
        sep = kind;
      }
      word += boundary ? ` ${text[k]}` : (text[k] as string);
      letters++;
      end = k + 1;
      j = k + 1;
    }
    if (letters >= MIN_LETTERS) {
      const joined = word.includes(' ') ? word : segmentWords(word.toLowerCase());
      out += text.slice(copiedTo, i) + joined;
      copiedTo = end;
      runs.push({ start: i, end });
    }
    i = end;
  }
  if (runs.length === 0) return { text, runs };
  return { text: out + text.slice(copiedTo), runs };
}
