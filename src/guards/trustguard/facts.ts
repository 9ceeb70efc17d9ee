import type { Span } from '../contract.js';

/**
 * The checkable facts of a piece of text: numbers (with a kind, so a year is only compared with
 * years), named entities (capitalized spans) and negation. Offsets are relative to the text given.
 */
export interface NumberFact extends Span {
  value: number;
  kind: 'year' | 'percent' | 'number';
  raw: string;
}

export interface EntityFact extends Span {
  raw: string;
  /** Lower-cased content words of the entity. */
  tokens: string[];
}

export interface Facts {
  numbers: NumberFact[];
  entities: EntityFact[];
  negated: boolean;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  thousand: 1000,
  dozen: 12,
};

const NUMBER_RE =
  /(?<![\p{L}\d.])(\d{1,3}(?:,\d{3}){1,5}|\d{1,15})(?:\.(\d{1,10}))?\s{0,1}(%|percent\b|per cent\b)?|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|fifty|hundred|thousand|dozen)\b/giu;

export function extractNumbers(text: string): NumberFact[] {
  const out: NumberFact[] = [];
  NUMBER_RE.lastIndex = 0;
  for (let m = NUMBER_RE.exec(text); m !== null; m = NUMBER_RE.exec(text)) {
    if (m[4]) {
      const value = NUMBER_WORDS[m[4].toLowerCase()];
      if (value !== undefined) {
        out.push({ value, kind: 'number', raw: m[0], start: m.index, end: m.index + m[0].length });
      }
      continue;
    }
    const intPart = (m[1] ?? '').replace(/,/g, '');
    const value = Number(m[2] ? `${intPart}.${m[2]}` : intPart);
    if (!Number.isFinite(value)) continue;
    const kind = m[3]
      ? 'percent'
      : !m[2] && intPart.length === 4 && value >= 1000 && value <= 2100
        ? 'year'
        : 'number';
    out.push({ value, kind, raw: m[0].trim(), start: m.index, end: m.index + m[0].trim().length });
  }
  return out;
}

// Capitalized word runs, allowing a few lower-case connectors inside ("Bank of America").
const ENTITY_RE =
  /\b[\p{Lu}][\p{L}\p{N}'’.-]{0,30}(?:\s(?:(?:of|the|de|da|del|la|le|von|van|der|and|&|for)\s){0,2}[\p{Lu}\d][\p{L}\p{N}'’.-]{0,30}){0,6}/gu;

// Capitalized words that start sentences or are pronouns, not names.
const NOT_NAMES = new Set([
  'the',
  'a',
  'an',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'you',
  'his',
  'her',
  'its',
  'their',
  'this',
  'that',
  'these',
  'those',
  'there',
  'in',
  'on',
  'at',
  'as',
  'by',
  'for',
  'from',
  'with',
  'and',
  'but',
  'or',
  'yes',
  'no',
  'not',
  'however',
  'also',
  'after',
  'before',
  'when',
  'while',
  'although',
  'if',
  'so',
  'then',
  'both',
  'all',
  'some',
  'many',
  'most',
  'one',
  'to',
  'of',
  'is',
  'was',
  'are',
  'were',
  'what',
  'which',
  'who',
  'where',
  'why',
  'how',
  'unfortunately',
  'here',
  'our',
  'my',
  'your',
  'according',
  'overall',
  'note',
  'finally',
  'first',
  // Approximations and prepositions that open an answer ("Around 12,450 people.", "Roughly 9,300
  // kilometres.", "Since 1998."): read as a name with the figure after them, every such right
  // answer had an "entity not in sources" and was flagged at 1.00.
  'about',
  'around',
  'approximately',
  'roughly',
  'nearly',
  'almost',
  'over',
  'under',
  'just',
  'only',
  'exactly',
  'precisely',
  'circa',
  'since',
  'until',
  'during',
  'between',
  'within',
  'more',
  'less',
  'fewer',
]);

/** Drops trailing dots, apostrophes and hyphens without a regex (a `+$` pattern backtracks). */
function trimTrailingPunctuation(s: string): string {
  let end = s.length;
  while (end > 0 && ".'’-".includes(s[end - 1] ?? '')) end--;
  return s.slice(0, end);
}

export function extractEntities(text: string): EntityFact[] {
  const out: EntityFact[] = [];
  ENTITY_RE.lastIndex = 0;
  for (let m = ENTITY_RE.exec(text); m !== null; m = ENTITY_RE.exec(text)) {
    let raw = trimTrailingPunctuation(m[0]);
    let start = m.index;
    // Drop a leading sentence-start word that is not a name ("The Beatles" keeps "Beatles").
    const firstSpace = raw.indexOf(' ');
    const first = (firstSpace < 0 ? raw : raw.slice(0, firstSpace)).toLowerCase();
    if (NOT_NAMES.has(first)) {
      if (firstSpace < 0) continue;
      start += firstSpace + 1;
      raw = raw.slice(firstSpace + 1);
      // What is left may be a figure ("Around 12,450" leaves "12"): numbers are checked as numbers.
      if (!/\p{L}/u.test(raw)) continue;
    }
    // A hyphenated word keeps its capitalized parts: "Chilean-born" names Chile, not "born" (the
    // claim "the Chilean-born author" is grounded in "grew up in Chile"); "Mensah-Bonsu" keeps both.
    const tokens = raw
      // A full stop splits initials ("J.R.R."), not a version or a decimal ("Python 3.12").
      .split(/\s+|(?<!\d)\.+|\.+(?!\d)/)
      .flatMap((w) => (w.includes('-') ? w.split('-').filter((part) => /^[\p{Lu}\p{N}]/u.test(part)) : [w]))
      .map((t) =>
        t
          .toLowerCase()
          .replace(/['’]s$/, '')
          .replace(/['’]/g, ''),
      )
      .filter((t) => t.length > 0 && !NOT_NAMES.has(t));
    if (tokens.length === 0) continue;
    out.push({ raw, tokens, start, end: start + raw.length });
  }
  return out;
}

/** Words that negate what follows (besides any "n't" contraction). */
export const NEGATION_WORDS: readonly string[] = [
  'not',
  'no',
  'never',
  'none',
  'neither',
  'nor',
  'cannot',
  'without',
  'nobody',
  'nothing',
];
const NEGATION_RE = new RegExp(`\\b(?:${NEGATION_WORDS.join('|')})\\b|n['’]t\\b`, 'i');

export const isNegated = (text: string): boolean => NEGATION_RE.test(text);

export function extractFacts(text: string): Facts {
  return { numbers: extractNumbers(text), entities: extractEntities(text), negated: isNegated(text) };
}
