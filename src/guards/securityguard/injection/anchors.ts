/**
 * Anchor words of a pattern: whole words of which every match must contain one, read from the
 * pattern's source. Most injection patterns open with `\b(?:ignore|disregard|...)\s`; a text
 * holding none of those words cannot match, and checking a set of the text's words is far cheaper
 * than running 78 regular expressions over it. A pattern whose opening is not of that simple shape
 * has no anchors (null) and always runs, so the pre-test never changes what is found.
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

/** The word an alternative starts with, if the alternative cannot continue it with word characters. */
function leadingWord(alternative: string, after: string): string | null {
  const word = LEADING_WORD.exec(alternative)?.[0];
  if (word === undefined) return null;
  const rest = alternative.slice(word.length);
  // At the alternative's end the word is followed by what follows the group.
  return ENDS_WORD.test(rest === '' ? after : rest) ? word : null;
}

/** Anchor words of `re` (a lower-case pattern without the i flag), or null when it has none. */
export function anchorWords(re: RegExp): readonly string[] | null {
  if (re.flags.includes('i')) return null;
  const branches = topLevelAlternatives(re.source);
  if (branches === null) return null;
  const words: string[] = [];
  for (const branch of branches) {
    if (!branch.startsWith('\\b')) return null;
    const body = branch.slice(2);
    if (body.startsWith('(?:')) {
      const end = groupEnd(body, 0);
      if (end < 0) return null;
      const alternatives = topLevelAlternatives(body.slice(3, end));
      const after = body.slice(end + 1);
      // A quantified group ("(?:a|b)?") may match nothing: no anchor.
      if (alternatives === null || /^[?*{]/.test(after)) return null;
      for (const alternative of alternatives) {
        const word = leadingWord(alternative, after);
        if (word === null) return null;
        words.push(word);
      }
    } else {
      const word = leadingWord(body, '');
      if (word === null) return null;
      words.push(word);
    }
  }
  return words;
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
export const ANCHOR_REGEXES: readonly RegExp[] = [LEADING_WORD, ENDS_WORD];
