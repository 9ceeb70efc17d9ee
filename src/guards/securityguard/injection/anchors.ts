/**
 * Anchors of a pattern: the words, or beginnings of words, of which every match must start with
 * one, read from the pattern's source. Most injection patterns open with
 * `\b(?:ignore|disregard|...)\s` or `\b(?:polic(?:y|ies)|rules)`; a text holding none of those
 * cannot match, and looking words up in a set is far cheaper than running a hundred regular
 * expressions over the text. A pattern whose opening is not of such a shape has no anchors (null)
 * and always runs, so the pre-test never changes what is found.
 */

/**
 * Calls `visit` with each `(`, `)` and `|` of `source` from `start` on that is syntax (not escaped,
 * not inside a character class) and the group depth after it; stops where `visit` returns true.
 * Returns the index it stopped at, or -1.
 */
function scanSyntax(
  source: string,
  start: number,
  visit: (c: string, at: number, depth: number) => boolean,
): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' || c === ')' || c === '|') {
      depth += c === '(' ? 1 : c === ')' ? -1 : 0;
      if (visit(c, i, depth)) return i;
    }
  }
  return -1;
}

/** The parts of `source` between top-level `|`, or null when its groups do not balance. */
function topLevelAlternatives(source: string): string[] | null {
  const parts: string[] = [];
  let from = 0;
  let balanced = true;
  let last = 0;
  scanSyntax(source, 0, (c, at, depth) => {
    if (depth < 0) balanced = false;
    if (c === '|' && depth === 0) {
      parts.push(source.slice(from, at));
      from = at + 1;
    }
    last = depth;
    return !balanced;
  });
  parts.push(source.slice(from));
  return balanced && last === 0 ? parts : null;
}

/** The index of the `)` closing the group opened at `open`, or -1. */
const groupEnd = (source: string, open: number): number =>
  scanSyntax(source, open, (c, _at, depth) => c === ')' && depth === 0);

const LEADING_WORD = /^[a-z0-9_]+/;
/** What may follow an anchor in the source: constructs that only match a non-word character. */
const ENDS_WORD = /^(?:\\s|\\b|\\x27|\\\.|['’ ,:-])/;
/** A quantifier that lets the atom before it match nothing ("words?", "(?:please)?"). */
const OPTIONAL = /^[?*{]/;
/** A lookbehind at a branch's start: it matches no characters, so the anchors lie after it. */
const LOOKBEHIND = /^\(\?<[!=]/;
/** Prefixes are looked up by their first PREFIX_HEAD characters; shorter ones cannot be. */
const PREFIX_HEAD = 4;
const PREFIX_MIN = 3;

/**
 * What a pattern's every match starts with: a whole word (`words`) or a word beginning with one of
 * `prefixes` ("polic" of `polic(?:y|ies)`, "jailbr" of `jailbr[eo]ak`).
 */
export interface Anchors {
  words: string[];
  prefixes: string[];
}

/** Adds the anchors of one alternative that starts at a word boundary; false when it has none. */
function addAlternative(alternative: string, after: string, out: Anchors): boolean {
  if (alternative.startsWith('(?:')) {
    const end = groupEnd(alternative, 0);
    if (end < 0) return false;
    const rest = alternative.slice(end + 1) + after;
    // A quantified group ("(?:a|b)?") may match nothing: no anchor.
    const alternatives = topLevelAlternatives(alternative.slice(3, end));
    if (alternatives === null || OPTIONAL.test(rest)) return false;
    return alternatives.every((a) => addAlternative(a, rest, out));
  }
  let word = LEADING_WORD.exec(alternative)?.[0];
  if (word === undefined) return false;
  let rest = alternative.slice(word.length);
  if (rest === '') rest = after;
  // "words?": the last letter may be absent, so only "word" is sure.
  if (OPTIONAL.test(rest)) word = word.slice(0, -1);
  else if (ENDS_WORD.test(rest)) {
    out.words.push(word);
    return true;
  }
  // The word may go on ("polic(?:y|ies)", "jailbr[eo]ak", "ignore\\w{0,4}"): a prefix.
  if (word.length < PREFIX_MIN) return false;
  out.prefixes.push(word);
  return true;
}

/** Anchors of `re` (a lower-case pattern without the i flag), or null when it has none. */
export function patternAnchors(re: RegExp): Anchors | null {
  if (re.flags.includes('i')) return null;
  const branches = topLevelAlternatives(re.source);
  if (branches === null) return null;
  const out: Anchors = { words: [], prefixes: [] };
  for (let branch of branches) {
    while (LOOKBEHIND.test(branch)) {
      const end = groupEnd(branch, 0);
      if (end < 0) return null;
      branch = branch.slice(end + 1);
    }
    if (!branch.startsWith('\\b') || !addAlternative(branch.slice(2), '', out)) return null;
  }
  return out;
}

/**
 * The anchors of a list of patterns, indexed by word and by a prefix's head, so that a text costs
 * one lookup per distinct word (and two per word for the heads) rather than one per anchor word of
 * every pattern.
 */
export class AnchorIndex {
  private readonly byWord = new Map<string, number[]>();
  private readonly byHead = new Map<string, number[]>();
  private readonly always: number[] = [];

  constructor(readonly anchors: readonly (Anchors | null)[]) {
    const add = (map: Map<string, number[]>, key: string, i: number) => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    };
    anchors.forEach((a, i) => {
      if (a === null) {
        this.always.push(i);
        return;
      }
      for (const w of a.words) add(this.byWord, w, i);
      for (const p of a.prefixes) add(this.byHead, p.slice(0, PREFIX_HEAD), i);
    });
  }

  /** Per pattern: 1 when some word of the text may start a match, 0 when none can (skip it). */
  candidates(text: string): Uint8Array {
    const flags = new Uint8Array(this.anchors.length);
    for (const i of this.always) flags[i] = 1;
    const mark = (list: number[] | undefined) => {
      if (list !== undefined) for (const i of list) flags[i] = 1;
    };
    for (const w of wordsOf(text)) {
      mark(this.byWord.get(w));
      if (w.length >= PREFIX_MIN) mark(this.byHead.get(w.slice(0, PREFIX_MIN)));
      if (w.length >= PREFIX_HEAD) mark(this.byHead.get(w.slice(0, PREFIX_HEAD)));
    }
    return flags;
  }
}

/** A character `\w` matches: [A-Za-z0-9_]. */
const isWordChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/**
 * The whole words of `text` as `\b` delimits them (runs of [A-Za-z0-9_]). A scan by char codes:
 * it runs on every prompt, and a regex iterator allocated a match object per word.
 */
export function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inWord = i < text.length && isWordChar(text.charCodeAt(i));
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      words.add(text.slice(start, i));
      start = -1;
    }
  }
  return words;
}

/** The regular expressions of this file, for the ReDoS test. */
export const ANCHOR_REGEXES: readonly RegExp[] = [LEADING_WORD, ENDS_WORD, OPTIONAL, LOOKBEHIND];
