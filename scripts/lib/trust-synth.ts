/**
 * Synthetic question-answer rows for TrustGuard's grounded model (on unless TRUSTGUARD_SYNTH=0), made from
 * the documents of the other data sets, so that a model trained without HaluEval still sees short
 * extractive answers to a question and learns their decision point. Generic, written from the
 * HaluEval README's description of its task (a short answer to a question over a passage; the
 * hallucinated answer a plausible but unsupported one), never from its rows:
 * - a sentence of a document is picked and a span in it (a capitalized name, a number or date, or
 *   the noun phrase closing a clause); the question is the sentence with the span replaced by a
 *   question word; the supported answer is the span (short form) or a verbatim window of the
 *   sentence around it (sentence form);
 * - its hallucinated twin, in the same form: the span replaced by another span of the same kind
 *   from elsewhere in the document or from another document, the span with an unsupported phrase
 *   from another document added, or (sentence form) a window with one of its words replaced by a
 *   word of another document.
 * Each row keeps the data set and group of the document it was made from (`origin`), so a
 * leave-one-set-out or document-fold evaluation drops the rows made from a held-out document.
 *
 * Tried 2026-12-05 and not kept: 30% of the short-form twins written as a sentence, both alike
 * ("It was 1937." / "It was 1933.", "The answer is ...", "That happened in ..."), because right
 * answers written as sentences score near the flag point (a fresh probe: "Guido van Rossum created
 * it." 0.51, "She was 20 years old." 1.00 from "Shelley was 20"). HaluEval left out 0.951 -> 0.924
 * (AUC 0.985 -> 0.968), the document folds 0.955 -> 0.933: the model trained without HaluEval leans
 * on "the answer copies a span" to find its decision point, and the wrapped rows blunt that.
 */

import { splitSentences } from '../../src/text/sentences.js';
import { STOPWORDS } from '../../src/text/stopwords.js';
import { mulberry32 } from '../../src/util/prng.js';
import type { GroundedRow, GroundedSet } from './trust-data.js';

/** The generator's only patterns (runs of white space), checked by test/unit/redos.test.ts. */
const SPACES = /\s+/;
const SPACES_ALL = /\s+/g;
export const SYNTH_REGEXES: readonly RegExp[] = [SPACES, SPACES_ALL];

type Kind = 'name' | 'num' | 'year' | 'phrase';

interface Span {
  kind: Kind;
  /** Word positions [start, end) in the sentence's words. */
  start: number;
  end: number;
  text: string;
}

export interface SynthDoc {
  origin: GroundedSet;
  group: string;
  text: string;
  /** Most question-answer pairs made from it. */
  max: number;
}

const PUNCT = '.,;:!?"\'()[]{}';
const strip = (w: string): string => {
  let a = 0;
  let b = w.length;
  while (a < b && PUNCT.includes(w[a] ?? '')) a++;
  while (b > a && PUNCT.includes(w[b - 1] ?? '')) b--;
  return w.slice(a, b);
};
export const hasDigit = (w: string): boolean => [...w].some((c) => c >= '0' && c <= '9');
export const isCap = (w: string): boolean => {
  const c = w[0] ?? '';
  return c !== c.toLowerCase() && c === c.toUpperCase();
};
export const isAlpha = (w: string): boolean =>
  w.length > 0 && [...w].every((c) => c.toLowerCase() !== c.toUpperCase() || c === '-');
const endsClause = (w: string): boolean => w.length > 0 && ',.;:!?'.includes(w[w.length - 1] ?? '');

/** The candidate spans of one sentence (its words split on spaces). */
function spansOf(words: string[]): Span[] {
  const out: Span[] = [];
  const clean = words.map(strip);
  for (let i = 0; i < words.length; i++) {
    const w = clean[i] ?? '';
    if (hasDigit(w)) {
      const n = Number(w);
      const kind: Kind =
        w.length === 4 && [...w].every((c) => c >= '0' && c <= '9') && n >= 1000 && n <= 2100
          ? 'year'
          : 'num';
      out.push({ kind, start: i, end: i + 1, text: w });
      continue;
    }
    // A run of capitalized words (a sentence-initial word only as part of a longer run).
    if (isCap(w) && isAlpha(w) && !isCap(clean[i - 1] ?? '')) {
      let j = i;
      while (j < words.length && j - i < 4 && isCap(clean[j] ?? '') && isAlpha(clean[j] ?? '')) {
        j++;
        if (endsClause(words[j - 1] ?? '')) break;
      }
      if (i > 0 || j - i >= 2)
        out.push({ kind: 'name', start: i, end: j, text: clean.slice(i, j).join(' ') });
    }
    // The noun phrase closing a clause: one to three content words before the punctuation.
    if (endsClause(words[i] ?? '') && isAlpha(w) && !STOPWORDS.has(w.toLowerCase()) && !isCap(w)) {
      let j = i;
      while (
        j > 0 &&
        i - j < 2 &&
        isAlpha(clean[j - 1] ?? '') &&
        !STOPWORDS.has((clean[j - 1] ?? '').toLowerCase()) &&
        !endsClause(words[j - 1] ?? '') &&
        !isCap(clean[j - 1] ?? '')
      )
        j--;
      if (i > 2) out.push({ kind: 'phrase', start: j, end: i + 1, text: clean.slice(j, i + 1).join(' ') });
    }
  }
  return out.filter((s) => s.text.length >= 2);
}

const WH: Record<Kind, string> = { name: 'who or what', num: 'how much', year: 'when', phrase: 'what' };

interface Item {
  doc: SynthDoc;
  words: string[];
  span: Span;
}

/** Content words of a text (lower case), for "not in this document" checks. */
const wordsOf = (text: string): Set<string> =>
  new Set(
    text
      .split(SPACES)
      .map((w) => strip(w).toLowerCase())
      .filter((w) => w.length > 0),
  );

export function synthRows(docs: SynthDoc[], seed = 41): GroundedRow[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(rand() * xs.length)];
  // Every document's spans, by kind, for swaps.
  const perDoc = docs.map((doc) => {
    const sentences = splitSentences(doc.text)
      .map((s) => s.text.split(SPACES).filter((w) => w.length > 0))
      .filter((w) => w.length >= 6 && w.length <= 60);
    const items: Item[] = [];
    for (const words of sentences) for (const span of spansOf(words)) items.push({ doc, words, span });
    return { doc, sentences, items, vocab: wordsOf(doc.text), lower: doc.text.toLowerCase() };
  });
  const all = perDoc.flatMap((d) => d.items);
  const byKind = new Map<Kind, Item[]>();
  for (const it of all) byKind.set(it.span.kind, [...(byKind.get(it.span.kind) ?? []), it]);
  const out: GroundedRow[] = [];
  perDoc.forEach((d, di) => {
    if (d.items.length === 0) return;
    // At most one item per sentence, names and numbers first.
    const seen = new Set<string[]>();
    const shuffled = [...d.items].sort(() => rand() - 0.5);
    const chosen: Item[] = [];
    for (const it of shuffled) {
      if (chosen.length >= d.doc.max || seen.has(it.words)) continue;
      if (it.span.kind === 'phrase' && rand() < 0.5) continue;
      seen.add(it.words);
      chosen.push(it);
    }
    chosen.forEach((it, k) => {
      const { words, span } = it;
      const before = words.slice(Math.max(0, span.start - 10), span.start).join(' ');
      const after = words.slice(span.end, span.end + 8).join(' ');
      const question = `${before} ${WH[span.kind]} ${after}`.replace(SPACES_ALL, ' ').trim();
      const q = `${stripEnd(question)}?`;
      const sentenceForm = rand() < 0.4;
      const window = (s: string) => {
        const pre = words.slice(Math.max(0, span.start - 4), span.start).join(' ');
        const post = stripEnd(words.slice(span.end, span.end + 4).join(' '));
        return `${pre} ${s} ${post}`.replace(SPACES_ALL, ' ').trim();
      };
      const good = sentenceForm ? window(span.text) : span.text;
      // An alien span: the same kind from another document, written nowhere in this one.
      const alien = (kind: Kind): string | undefined => {
        for (let t = 0; t < 20; t++) {
          const o = pick(byKind.get(kind) ?? []);
          if (o && o.doc !== it.doc && !d.lower.includes(o.span.text.toLowerCase())) return o.span.text;
        }
        return undefined;
      };
      const sibling = (): string | undefined => {
        const others = d.items.filter(
          (o) =>
            o.span.kind === span.kind &&
            o.words !== words &&
            o.span.text.toLowerCase() !== span.text.toLowerCase(),
        );
        return pick(others)?.span.text;
      };
      const type = Math.floor(rand() * 4);
      let bad: string | undefined;
      if (type === 0) {
        const s = sibling() ?? alien(span.kind);
        bad = s && (sentenceForm ? window(s) : s);
      } else if (type === 1) {
        const s = alien(span.kind);
        bad = s && (sentenceForm ? window(s) : s);
      } else if (type === 2) {
        const extra = alien(pick(['name', 'year', 'phrase'] as const) ?? 'name');
        const link = pick(['in', 'of', 'and', 'from', 'by', 'with', 'at']) ?? 'in';
        bad = extra && `${good} ${link} ${extra}`;
      } else {
        // A word of the answer's window replaced by another document's word, or a clause added.
        const other = pick(perDoc.filter((_, j) => j !== di));
        const ow = pick(other?.sentences ?? []);
        if (ow) {
          const fresh = ow
            .map(strip)
            .filter(
              (w) =>
                isAlpha(w) &&
                w.length > 3 &&
                !STOPWORDS.has(w.toLowerCase()) &&
                !d.vocab.has(w.toLowerCase()),
            );
          if (sentenceForm) {
            const win = window(span.text).split(' ');
            const slots = win
              .map((w, i) =>
                isAlpha(strip(w)) && !STOPWORDS.has(strip(w).toLowerCase()) && !span.text.includes(strip(w))
                  ? i
                  : -1,
              )
              .filter((i) => i >= 0);
            const slot = pick(slots);
            const f = pick(fresh);
            if (slot !== undefined && f) {
              win[slot] = f;
              bad = win.join(' ');
            }
          } else if (fresh.length >= 2) {
            const start = Math.floor(rand() * Math.max(1, ow.length - 5));
            const clause = stripEnd(ow.slice(start, start + 3 + Math.floor(rand() * 4)).join(' '));
            if (clause.split(' ').some((w) => fresh.includes(strip(w)))) bad = `${good}, ${clause}`;
          }
        }
      }
      const group = it.doc.group;
      const base = {
        set: 'synthqa' as const,
        origin: it.doc.origin,
        group,
        sources: [it.doc.text],
        question: q,
      };
      if (!bad || bad.toLowerCase() === good.toLowerCase()) return;
      out.push({ ...base, text: good, y: 0, synth: `${k}` });
      out.push({ ...base, text: bad, y: 1, synth: `${k}:${type}` });
    });
  });
  return out;
}

const stripEnd = (s: string): string => {
  let b = s.length;
  while (b > 0 && ',.;:!?'.includes(s[b - 1] ?? '')) b--;
  return s.slice(0, b);
};
