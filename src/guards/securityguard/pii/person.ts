import { AMBIGUOUS_NAMES, GIVEN_NAMES, SURNAME_SET } from './names.js';
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
const PARTICLES = new Set(['van', 'der', 'den', 'de', 'la', 'le', 'von', 'da', 'di', 'du', 'del', 'dos', 'bin', 'al', 'ibn']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md']);
// Capitalized words that are not names: sentence starters, pronouns, days, months, common nouns in titles.
const NOT_NAME = new Set(
  `i a an the this that these those my your his her our their its he she it we they you me him them
   please hello hi hey dear thanks thank yes no ok okay what when where why how who which can could would
   should will shall may might must do does did is are was were be been am have has had if then so but and or
   not for from to in on at by with of as about after before since until while there here also just
   monday tuesday wednesday thursday friday saturday sunday january february march april june july august
   september october november december street road avenue suite apt box unit office fax mobile phone email
   card account bank credit number address name mail post city state country inc ltd llc corp company group
   university school hospital north south east west new old great saint st mount lake river
   god lord mom dad sir madam team customer user admin support service`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
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

const isCap = (w: string): boolean => {
  const c = w[0] ?? '';
  return c !== c.toLowerCase() && c === c.toUpperCase();
};

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const start = m.index ?? 0;
    out.push({ text: m[0], lower: m[0].toLowerCase(), start, end: start + m[0].length, cap: isCap(m[0]) });
  }
  return out;
}

/** True when only spaces (or a single title dot) separate two tokens on the same line. */
function adjacent(text: string, a: Tok, b: Tok): boolean {
  const gap = text.slice(a.end, b.start);
  return gap.length > 0 && gap.length <= 3 && /^\.?[ \t]{1,2}$/.test(gap);
}

function sentenceStart(text: string, t: Tok): boolean {
  const before = text.slice(Math.max(0, t.start - 3), t.start);
  return t.start === 0 || /(?:[.!?:>\n"]\s{0,2}|^\s{0,2})$/.test(before);
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
    const prevText = text.slice(Math.max(0, t.start - 40), t.start);
    const prevTok = toks[i - 1];
    const cued = CUE_BEFORE.some((re) => re.test(prevText));
    const afterTitle = prevTok !== undefined && TITLE.has(prevTok.lower) && adjacent(text, prevTok, t);
    if (afterTitle && nameLike(t, false)) {
      score = 0.9;
      first = i - 1;
    } else if (cued && nameLike(t, !hasUpper || /name/i.test(prevText))) {
      score = 0.85;
    } else if (GIVEN_NAMES.has(t.lower) && (t.cap || !hasUpper) && !(AMBIGUOUS_NAMES.has(t.lower) && (!t.cap || sentenceStart(text, t)))) {
      score = 0.75;
    } else if (SURNAME_SET.has(t.lower) && t.cap) {
      score = 0.6;
    } else if (t.cap && !sentenceStart(text, t) && !NOT_NAME.has(t.lower)) {
      // Two or more capitalized words mid-sentence, the last a known surname or the first a known name.
      const n = toks[i + 1];
      if (n && n.cap && adjacent(text, t, n) && SURNAME_SET.has(n.lower)) score = 0.6;
    }
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
    // A lone capitalized word at a sentence start is weak evidence; require the lists there.
    const s = toks[first]!.start;
    const e = toks[last]!.end;
    out.push({ type: 'PERSON', value: text.slice(s, e), start: s, end: e, score: last > i ? Math.min(0.95, score + 0.1) : score });
    i = last + 1;
  }
  return out;
}
