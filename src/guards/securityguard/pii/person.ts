import { AMBIGUOUS_NAMES, GIVEN_NAMES, PLACE_LIKE_NAMES, SURNAME_SET } from './names.js';
import type { PiiEntity } from './types.js';

/**
 * Context-aware person names without a model: cue phrases ("my name is", titles, "Dear"),
 * name lists for given names and surnames, and capitalization to extend a name to its surname.
 * compromise was measured on the dev set (see eval) and is slower by an order of magnitude, so it
 * stays out of the hot path.
 */

// A word token: letters with inner apostrophes or hyphens (bounded, so linear).
export const WORD_RE = /\p{L}[\p{L}\p{M}'’-]{0,40}/gu;
const TITLE = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'madam', 'mx', 'mister']);
/** Lower-case words inside a name ("van der", "bin", "de la"). */
export const PARTICLES: ReadonlySet<string> = new Set([
  'van',
  'der',
  'den',
  'de',
  'la',
  'le',
  'von',
  'ten',
  'ter',
  'da',
  'di',
  'du',
  'del',
  'dos',
  'bin',
  'bint',
  'al',
  'ibn',
]);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md']);
// Capitalized words that are not names: sentence starters, pronouns, days, months, common nouns in titles.
const NOT_NAME = new Set(
  `i a an the this that these those my your his her our their its he she it we they you me him them
   please hello hi i'm i'd i'll i've hey dear thanks thank yes no ok okay what when where why how who which can could would
   should will shall may might must do does did is are was were be been am have has had if then so but and or
   not for from to in on at by with of as about after before since until while there here also just
   monday tuesday wednesday thursday friday saturday sunday january february march april june july august
   september october november december street road avenue suite apt box unit office fax mobile phone email
   card account bank credit number address name mail post city state country inc ltd llc corp company group
   university school hospital north south east west new old great saint st mount lake river
   god lord mom dad sir madam team customer user admin support service cool great sure well wow oh sorry
   nice perfect awesome alright right fine excellent bot`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
const ORG_AFTER =
  /^[ \t]{1,2}(?:Ltd|Inc|LLC|Corp|Corporation|Company|Group|GmbH|AG|SA|PLC|Holdings|Technologies|Solutions|International|Street|St|Avenue|Ave|Road|Rd|Lane|Drive|Boulevard|Square|Way)\b/;
const PLACE_BEFORE =
  /\b(?:in|from|at|near|to the|of the|visit|visited|city|town|capital|(?:coming|going|come|go|moved|move|flew|fly|travel|travelled|traveling|trip|welcome|back|drive|drove|sail|sailed) to)\s{1,2}$/i;
// Words before a capitalized word that usually introduce a person.
const PERSON_VERB_BEFORE =
  /\b(?:by|starring|featuring|tell|told|ask|asked|given|gave|met|meet|named|called|thank|thanks|hi|hello|hey|assistant to|married|with|says|said|commenter|author|writer|user:|customer:|agent:|wife|husband|son|daughter|brother|sister|mother|father|boss|colleague|partner|friend|uncle|aunt|cousin|coach|teacher|professor|manager)\s{1,2}$/i;
// After a capitalized word opening the text or a sentence: a vocative ("Ana, can you ...").
const VOCATIVE_AFTER =
  /^,\s{1,2}(?:can|could|would|will|please|i|we|you|thanks|thank|how|what|do|did|are|is|have|let|where|when)\b/i;
// Verbs after a sentence-initial capitalized word that usually have a human subject.
const PERSON_VERB_AFTER =
  /^(?:'s)?\s{1,2}(?:said|says|shouted|asked|told|replied|spent|lives|lived|moved|works|worked|wrote|had given|has given|is from|was from|is a \d|was born|wants|thinks|called|emailed)\b/i;
// Small structural patterns: the gap inside a name, sentence and line starts, coordination.
const NAME_GAP = /^\.?[ \t]{1,2}$/;
const SENTENCE_BREAK = /(?:[.!?:>\n"]\s{0,2}|^\s{0,2})$/;
const FIRST_LINE = /^[ \t>?*-]{0,5}$/;
const LINE_ALONE = /(?:^|\n)[ \t>?*-]{0,5}$/;
const CARD_LINE_REST = /^[ \t]{1,2}[\p{L}'’-]{2,30}(?:[ \t]{1,2}[\p{L}'’-]{2,30})?[ \t]{0,2}\n/u;
const LINK = /^(?:,[ \t]{1,2}|[ \t]{1,2}and[ \t]{1,2}|,[ \t]{1,2}and[ \t]{1,2}|[ \t]{1,2}&[ \t]{1,2})$/;
const CUE_BEFORE = [
  /\b(?:my|his|her|their|partner's|maiden|full|first|last|sur)\s{1,3}name\s{1,3}(?:is|was|:)\s{0,3}$/i,
  /\bname\s{0,2}:\s{0,3}$/i,
  /\b(?:i am|i'm|this is|it's|call me|signed|sincerely|regards|dear|contact|ask for|attn:?|cc:?)[\s,]{1,3}$/i,
];

interface Tok {
  text: string;
  lower: string;
  start: number;
  end: number;
  cap: boolean;
}

// Capitalized but not all capitals: shouting ("REAL PERSON") and codes are not names.
const isCap = (w: string): boolean => {
  const c = w[0] ?? '';
  return (
    c !== c.toLowerCase() &&
    c === c.toUpperCase() &&
    (w.length < 3 || w.slice(1) !== w.slice(1).toUpperCase())
  );
};

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const start = m.index ?? 0;
    out.push({
      text: m[0],
      lower: m[0].toLowerCase().replace(/['’]s?$/, ''),
      start,
      end: start + m[0].length,
      cap: isCap(m[0]),
    });
  }
  return out;
}

/** True when only spaces (or a single title dot) separate two tokens on the same line. */
function adjacent(text: string, a: Tok, b: Tok): boolean {
  const gap = text.slice(a.end, b.start);
  return gap.length > 0 && gap.length <= 3 && NAME_GAP.test(gap);
}

function sentenceStart(text: string, t: Tok): boolean {
  const before = text.slice(Math.max(0, t.start - 3), t.start);
  return t.start === 0 || SENTENCE_BREAK.test(before);
}

// Code, not prose: the member of a lower-case module or object ("subprocess.Popen", "os.Getenv";
// "Mr.Smith" keeps its name), a call or a lower-case member after it ("Popen(", "Popen.wait"; not
// "Garcia.She"), backticks or a scope operator around it, or an identifier's spelling (snake_case,
// camelCase).
const MEMBER_OF = /(?:^|[^\w.])[a-z_][a-z0-9_]{0,40}\.$/;
const CALLED = /^(?:\(|\.[a-z_]|`|::|_\w)/;
const CODE_BEFORE = /(?:::|->|[`_$])$/;
const CAMEL_OR_SNAKE = /^\p{Ll}+\p{Lu}|_/u;
const CODE_EDGE_BEFORE = '.:>`_$';
const CODE_EDGE_AFTER = '(.`:_';

/** True when text[start, end) is an identifier in code rather than a word of prose. */
export function codeIdentifier(text: string, start: number, end: number): boolean {
  // The common case, a capitalized word between spaces or ordinary punctuation, without a regex.
  const before = text[start - 1] ?? ' ';
  const after = text[end] ?? ' ';
  const first = text[start] ?? '';
  if (
    !CODE_EDGE_BEFORE.includes(before) &&
    !CODE_EDGE_AFTER.includes(after) &&
    first !== first.toLowerCase() &&
    !text.slice(start, end).includes('_')
  )
    return false;
  return (
    MEMBER_OF.test(text.slice(Math.max(0, start - 42), start)) ||
    CODE_BEFORE.test(text.slice(Math.max(0, start - 2), start)) ||
    CALLED.test(text.slice(end, end + 2)) ||
    CAMEL_OR_SNAKE.test(text.slice(start, end))
  );
}

const nameLike = (t: Tok, lowerOk: boolean): boolean =>
  (t.cap || lowerOk) && !NOT_NAME.has(t.lower) && t.text.length > 1;

export function detectPersons(text: string): PiiEntity[] {
  const toks = tokenize(text);
  const hasUpper = /\p{Lu}/u.test(text);
  const out: PiiEntity[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    let score = 0;
    let first = i;
    const prevTok = toks[i - 1];
    // Fast paths: single letters are initials or pronouns, not names on their own; in mixed-case
    // text a lowercase word is a name only right after a title or "is"/":".
    if (t.text.length < 2) {
      i++;
      continue;
    }
    if (
      hasUpper &&
      !t.cap &&
      !(prevTok && (TITLE.has(prevTok.lower) || prevTok.lower === 'is')) &&
      !text.slice(t.start - 2, t.start).includes(':')
    ) {
      i++;
      continue;
    }
    const prevText = text.slice(Math.max(0, t.start - 40), t.start);
    const cued = CUE_BEFORE.some((re) => re.test(prevText));
    const afterTitle = prevTok !== undefined && TITLE.has(prevTok.lower) && adjacent(text, prevTok, t);
    const titleLower = prevTok !== undefined && !prevTok.cap;
    const firstLine = FIRST_LINE.test(text.slice(0, t.start));
    if (afterTitle && nameLike(t, titleLower)) {
      score = 0.9;
      first = i - 1;
    } else if (cued && nameLike(t, !hasUpper || /name/i.test(prevText))) {
      score = 0.85;
    } else if (
      GIVEN_NAMES.has(t.lower) &&
      (t.cap || !hasUpper) &&
      !(AMBIGUOUS_NAMES.has(t.lower) && (!t.cap || sentenceStart(text, t))) &&
      !(PLACE_LIKE_NAMES.has(t.lower) && !(toks[i + 1]?.cap && adjacent(text, t, toks[i + 1]!)))
    ) {
      score = 0.75;
    } else if (SURNAME_SET.has(t.lower) && t.cap && !PLACE_BEFORE.test(prevText)) {
      score = 0.6;
    } else if (
      nameLike(t, !hasUpper && firstLine) &&
      firstLine &&
      CARD_LINE_REST.test(text.slice(t.end, t.end + 70))
    ) {
      // The first line of a contact card or signature block: two or three words alone on the line.
      score = 0.6;
    } else if (
      t.cap &&
      !NOT_NAME.has(t.lower) &&
      (PERSON_VERB_BEFORE.test(prevText) ||
        (sentenceStart(text, t) &&
          (PERSON_VERB_AFTER.test(text.slice(t.end, t.end + 24)) ||
            VOCATIVE_AFTER.test(text.slice(t.end, t.end + 12)))))
    ) {
      score = 0.55;
    } else if (t.cap && !NOT_NAME.has(t.lower) && !PLACE_BEFORE.test(prevText)) {
      // Two capitalized words mid-sentence (or alone on a line, as in a signature or contact card).
      const n = toks[i + 1];
      const lineAlone = LINE_ALONE.test(prevText);
      if (n?.cap && adjacent(text, t, n) && !NOT_NAME.has(n.lower)) {
        if (SURNAME_SET.has(n.lower)) score = 0.6;
        else if (lineAlone && GIVEN_NAMES.has(n.lower)) score = 0.5;
      }
    }
    if (score > 0 && ORG_AFTER.test(text.slice(t.end, t.end + 16))) score = 0;
    if (score > 0 && codeIdentifier(text, t.start, t.end)) score = 0;
    if (score === 0) {
      i++;
      continue;
    }
    // Extend over surnames: capitalized words (or lowercase in all-lowercase text) and particles.
    let last = i;
    for (let j = i + 1; j < toks.length && j <= i + 4; j++) {
      const prev = toks[j - 1]!;
      const n = toks[j]!;
      if (!adjacent(text, prev, n)) break;
      if (PARTICLES.has(n.lower) && toks[j + 1] && adjacent(text, n, toks[j + 1]!)) continue;
      if (SUFFIXES.has(n.lower)) {
        last = j;
        continue;
      }
      const lowerOk = !hasUpper && !NOT_NAME.has(n.lower) && score >= 0.75;
      if ((n.cap || lowerOk) && !NOT_NAME.has(n.lower)) last = j;
      else break;
    }
    const s = toks[first]!.start;
    const e = toks[last]!.end;
    out.push({
      type: 'PERSON',
      value: text.slice(s, e),
      start: s,
      end: e,
      score: last > i ? Math.min(0.95, score + 0.1) : score,
    });
    i = last + 1;
  }
  return addCoordinated(text, toks, out);
}

/**
 * Names are often listed together ("Ana, Lee and Bo"): a capitalized single word coordinated with a
 * detected person by a comma or "and" is taken as a person too.
 */
function addCoordinated(text: string, toks: Tok[], found: PiiEntity[]): PiiEntity[] {
  if (found.length === 0) return found;
  const out = [...found];
  // Which tokens a person span covers, by one merge pass over both sorted lists.
  const covered = new Uint8Array(toks.length);
  const spans = [...found].sort((a, b) => a.start - b.start);
  let j = 0;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    while (j < spans.length && spans[j]!.end < t.end) j++;
    const e = spans[j];
    if (e && e.start <= t.start && t.end <= e.end) covered[k] = 1;
  }
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!;
      if (!t.cap || covered[k] || NOT_NAME.has(t.lower)) continue;
      if (ORG_AFTER.test(text.slice(t.end, t.end + 16))) continue;
      const linked = [k - 1, k + 1, k - 2, k + 2].some((n) => {
        const other = toks[n];
        if (!other || !covered[n]) return false;
        const [a, b] = other.start < t.start ? [other, t] : [t, other];
        return b.start - a.end <= 6 && LINK.test(text.slice(a.end, b.start));
      });
      if (linked) {
        covered[k] = 1;
        out.push({ type: 'PERSON', value: t.text, start: t.start, end: t.end, score: 0.55 });
      }
    }
  }
  return out;
}

/** The person detector's cue patterns, for the ReDoS test. */
export const PERSON_PATTERNS: readonly RegExp[] = [
  ORG_AFTER,
  PLACE_BEFORE,
  PERSON_VERB_BEFORE,
  PERSON_VERB_AFTER,
  VOCATIVE_AFTER,
  NAME_GAP,
  SENTENCE_BREAK,
  FIRST_LINE,
  LINE_ALONE,
  CARD_LINE_REST,
  LINK,
  MEMBER_OF,
  CALLED,
  CODE_BEFORE,
  CAMEL_OR_SNAKE,
  ...CUE_BEFORE,
];
