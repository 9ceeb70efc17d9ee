import type { Span } from './span.js';

/** A sentence with its offsets into the original text. */
export interface Sentence extends Span {
  text: string;
}

// Abbreviations whose trailing dot does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'vs',
  // A case's parties ("Paul v. Clinton").
  'v',
  'etc',
  'e.g',
  'i.e',
  'inc',
  'ltd',
  'co',
  'corp',
  'no',
  'fig',
  'al',
  'approx',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'u.s',
  'u.k',
  'mt',
  'ft',
  'gen',
  'col',
  'lt',
  'gov',
  'sen',
  'rep',
]);

const BOUNDARY_RE = /[.!?]{1,5}["')\]]{0,3}(?=\s|$)|\n{1,10}|[.!?](?=[A-Z][a-z])/g;

/**
 * Splits text into sentences on terminal punctuation and line breaks, keeping abbreviations,
 * initials and decimals inside their sentence. Also splits "word.Word" joins, which concatenated
 * paragraphs often contain.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  BOUNDARY_RE.lastIndex = 0;
  for (let m = BOUNDARY_RE.exec(text); m !== null; m = BOUNDARY_RE.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0].startsWith('.')) {
      const before = /([A-Za-z.]{1,6})$/.exec(text.slice(Math.max(start, m.index - 6), m.index))?.[1] ?? '';
      const lower = before.toLowerCase().replace(/^\./, '');
      // Capital initials ("J. Smith", "George R.R. Martin") or a known abbreviation do not end the sentence.
      if (ABBREVIATIONS.has(lower) || /^(?:[A-Z]\.)*[A-Z]$/.test(before)) continue;
    } else if (/["')\]]$/.test(m[0]) && /^\s{1,3}\p{Ll}/u.test(text.slice(end, end + 4))) {
      // A quoted title that ends in "!" or "?" goes on in lower case: "Splash!" won, "You Bet!" and.
      continue;
    }
    push(text, start, end, out);
    start = end;
  }
  push(text, start, text.length, out);
  return out;
}

function push(text: string, start: number, end: number, out: Sentence[]): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  if (e > s) out.push({ text: text.slice(s, e), start: s, end: e });
}

// Clause boundaries: semicolons, and ", but" / ", while" / ", whereas" / ", and" before a new subject.
const CLAUSE_RE =
  /;\s{0,5}|,\s{0,5}(?=(?:but|while|whereas|although|and (?:the|it|they|he|she|this|its|their))\b)/g;

/** Splits a sentence into clauses, each with offsets into the original text. */
export function splitClauses(sentence: Sentence, minLength = 25): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  CLAUSE_RE.lastIndex = 0;
  for (let m = CLAUSE_RE.exec(sentence.text); m !== null; m = CLAUSE_RE.exec(sentence.text)) {
    if (m.index - start >= minLength && sentence.text.length - (m.index + m[0].length) >= minLength) {
      push(sentence.text, start, m.index, out);
      start = m.index + m[0].length;
    }
  }
  push(sentence.text, start, sentence.text.length, out);
  return out.map((c) => ({ text: c.text, start: c.start + sentence.start, end: c.end + sentence.start }));
}
