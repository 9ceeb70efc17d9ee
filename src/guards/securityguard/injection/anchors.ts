/**
 * Anchor words of a pattern: whole words of which every match must contain one, read from the
 * pattern's source. Most injection patterns open with `\b(?:ignore|disregard|...)\s`; a text
 * holding none of those words cannot match, and checking a set of the text's words is far cheaper
 * than running 78 regular expressions over it. A pattern whose opening is not of that simple shape
 * has no anchors (null) and always runs, so the pre-test never changes what is found.
 */

/** The parts of `source` between top-level `|`, or null when its groups do not balance. */
function topLevelAlternatives(source: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return null;
  }
  parts.push(source.slice(start));
  return depth === 0 && !inClass ? parts : null;
}

/** The index of the `)` closing the group opened at `open`, or -1. */
function groupEnd(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

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

const WORD_CHARS = /[A-Za-z0-9_]+/g;

/** The whole words of `text` as `\b` delimits them. */
export function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  for (const m of text.matchAll(WORD_CHARS)) words.add(m[0]);
  return words;
}

/** The regular expressions of this file, for the ReDoS test. */
export const ANCHOR_REGEXES: readonly RegExp[] = [LEADING_WORD, ENDS_WORD, WORD_CHARS];
