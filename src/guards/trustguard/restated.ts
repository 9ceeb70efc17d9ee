import { stem } from '../../text/stem.js';
import { STOPWORDS } from '../../text/stopwords.js';
import { flagsNothing } from './extractive.js';
import type { ClaimFeatures, GroundingResult } from './grounding.js';

/**
 * A restated answer: a sentence that rewords the question around a fact of one source sentence
 * ("The bridge was designed by Sir Thomas Bouch." to "Who designed the bridge ...?" over "The
 * bridge had been designed by Sir Thomas Bouch."). Every claim of it:
 * - restates some of the question's terms and adds terms of its own, and leaves at most
 *   MAX_UNSTATED of the question's terms unsaid;
 * - has all its terms the sources write in one source sentence, at most one word the sources
 *   never write (a reworded verb: "came out" for "published"), and more added terms written than
 *   not;
 * - puts no word where that sentence writes another between the same neighbours (grounding.ts
 *   `substituted`), and trips nothing the grounding measures flag: a missing name or number, a
 *   negation, an antonym or WordNet sibling, swapped roles, the speaker (I, my) or a question.
 * Not for a choice between options the question names, nor a claim with two numbers.
 *
 * Why an override: the trained model reads an answer to a question that copies no span verbatim
 * as a likely hallucination (HaluEval's right answers are bare spans, its hallucinated ones often
 * sentences), so a right answer written as a sentence got risk 0.98-1.00. Co-location is what the
 * bare-span cue cannot see: a sentence that asserts a wrong fact puts together words that no one
 * source sentence holds ("Jadakiss was born Albert Johnson" where the sources name Jadakiss and
 * Albert Johnson in different paragraphs). Capped like an extractive answer (EXTRACTIVE_CAP).
 */

/**
 * Most terms of the question the answer may leave unsaid. A question with many conditions ("Which
 * Lightweight division mixed martial artist founded ...?") is answered by a sentence that names
 * one of them and holds in its source sentence without meeting the others (multi-hop questions).
 */
const MAX_UNSTATED = 4;
/** Fewest words a restatement has: shorter answers are spans, which the model judges. */
const MIN_WORDS = 4;

/**
 * Nothing the grounding flags, and no sign of a reworded fact: no added negation, opposite,
 * substituted word or WordNet sibling, no speaker and no question.
 */
const unflagged = (f: ClaimFeatures): boolean =>
  flagsNothing(f) &&
  f.negationMore === 0 &&
  f.antonymDoc === 0 &&
  f.substituted === 0 &&
  f.wnSiblingBest === 0 &&
  f.wnSiblingDoc === 0 &&
  f.wnAntonym === 0 &&
  f.personal === 0 &&
  f.asks === 0;

const clean = (f: ClaimFeatures): boolean =>
  f.withQuestion === 1 &&
  f.words >= MIN_WORDS &&
  f.added > 0 &&
  f.stated > f.added &&
  f.unstated <= MAX_UNSTATED &&
  f.colocated === 1 &&
  // Every clause of the claim holds in one clause of the source (grounding.ts clauseColocated).
  f.clauseColocated === 1 &&
  // One reworded word ("came out" for "published"), or two when WordNet explains one of them
  // ("Michael Collins stayed in lunar orbit while the others landed.").
  (f.novel <= 1 || (f.novel === 2 && Math.round(f.wnUnexplained * f.added) <= 1)) &&
  2 * f.novel <= f.added &&
  unflagged(f);

/**
 * A short answer that fills the question's own clause ("Page and Brin, in 1998." to "Who founded
 * the company and when?" over "The company was founded in 1998 by Larry Page and Sergey Brin"): it
 * restates nothing, so `clean` cannot see it, but its terms and all of the question's stand in one
 * source clause, with no word the sources never write and nothing the grounding flags. The model
 * alone scored such answers 1.00 when they reorder the source's words (2026-12-07, probe t39c).
 */
const fillsQuestionClause = (f: ClaimFeatures): boolean =>
  f.withQuestion === 1 &&
  f.inQuestionClause === 1 &&
  // A span copied as written is the model's to judge (a bare span of the wrong part of the clause,
  // "Jørn Utzon" to "Who opened the Sydney Opera House?", reads the same).
  f.copied < 1 &&
  f.added > 0 &&
  f.novel === 0 &&
  unflagged(f);

/**
 * A question that offers a choice ("Who was born first, X or Y?"): its answer restates one of the
 * options, which any source sentence about that option holds, so co-location says nothing.
 */
const CHOICE = /\bor\b/i;

/**
 * A number, as written. A claim with two pairs each with a word of its sentence ("Chemistry in
 * 1903 ... Physics in 1911"), and the same words paired the other way round are co-located too.
 */
const NUMBER = /\d+(?:[.,]\d+)*/g;
/** A date's day and year are one fact: "24 May 1883", "May 24, 1883" count as one number. */
const DATE =
  /\b\d{1,2}\s(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?,?\s\d{4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?\s\d{1,2},?\s\d{4}\b/gi;
/** How many numbers a claim holds, a date counted once. */
const numbersIn = (text: string): number => (text.replace(DATE, ' 0 ').match(NUMBER) ?? []).length;

/**
 * The noun a question asks for ("under which labels", "what year"; not a name that opens a longer
 * phrase, "which Apollo 11 astronaut"): an answer that never names it restates a source sentence
 * without answering ('"Touch" is a single from "Glory Days".' to "... released under which
 * labels?"), however well that sentence holds it.
 */
const FOCUS = /\b(?:[Ww]hich|[Ww]hat)\s+([a-z]{3,20})\b/;
/** The words after "which" or "what" that are no noun asked for. */
const NOT_FOCUS: ReadonlySet<string> = new Set([
  'kind',
  'kinds',
  'type',
  'types',
  'sort',
  'part',
  'one',
  'ones',
  // Verbs: "What happened to operating costs?" asks for an event, not a noun.
  'happened',
  'happens',
  'happen',
  'occurred',
  'changed',
  'caused',
  'causes',
  'made',
  'makes',
  'led',
  'went',
]);
const CASED_WORD = /\p{L}{2,30}/gu;

/** The regular expressions above, for the ReDoS test. */
export const RESTATED_REGEXES: readonly RegExp[] = [CHOICE, NUMBER, DATE, FOCUS, CASED_WORD];

/**
 * The answer names the noun the question asks for, when it asks for one, or is itself a name
 * ("Syco Music and Columbia Records": every word but the small ones capitalized), which is what
 * such a question asks.
 */
function namesFocus(g: GroundingResult, question: string): boolean {
  const focus = FOCUS.exec(question)?.[1]?.toLowerCase();
  if (!focus || STOPWORDS.has(focus) || NOT_FOCUS.has(focus)) return true;
  const want = stem(focus);
  return g.claims.some((c) => {
    const words = c.text.match(CASED_WORD) ?? [];
    const isName = words.every((w) => STOPWORDS.has(w.toLowerCase()) || /^\p{Lu}/u.test(w));
    // A compound name holds the noun too: "Rijksmuseum" for "which museum".
    return isName || words.some((w) => stem(w.toLowerCase()).endsWith(want));
  });
}

/** Every claim of the answer was checked, answers the question and restates one source sentence. */
export function restatedAnswer(g: GroundingResult, question: string | undefined): boolean {
  if (!question || CHOICE.test(question)) return false;
  if (g.claims.length === 0 || g.claims.length < g.claimsTotal) return false;
  if (!namesFocus(g, question)) return false;
  return g.claims.every((c, i) => {
    const f = g.features[i];
    return (
      c.label !== 'contradicted' &&
      f !== undefined &&
      (clean(f) || fillsQuestionClause(f)) &&
      numbersIn(c.text) < 2
    );
  });
}
