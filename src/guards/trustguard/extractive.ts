import { STOPWORDS } from '../../text/stopwords.js';
import { CLAUSE_SPLIT, type ClaimFeatures, type GroundingResult } from './grounding.js';

/**
 * An extractive answer: every claim is its evidence sentence with words left out ("Lake Baikal,
 * at 1,642 metres." from "Lake Baikal in Siberia is the deepest lake in the world, reaching 1,642
 * metres."). Its content words stand in the passage in the same order, and nothing the grounding
 * measures flags (a novel word, a missing name or number, a negation or antonym, swapped roles).
 * Deleting words keeps a sentence's facts unless it deletes a negation, which the negation
 * measures see; reordering them is how an answer recombines source words into a false statement
 * ("First for Women was started first"), which the order test refuses.
 *
 * Why an override: the trained model reads a short answer that copies no trigram verbatim as a
 * likely hallucination (HaluEval's right answers are copied spans), so a correct compressed answer
 * got risk 0.99 while every word of it is in one sentence of the source.
 */

/** Words kept even though the stop-word list has them: dropping one would flip a claim. */
const KEEP = new Set([
  'no',
  'not',
  'nor',
  'never',
  'without',
  'only',
  'before',
  'after',
  'more',
  'most',
  'few',
]);
const WORD = /[\p{L}\p{N}]+(?:[.,'’-][\p{L}\p{N}]+)*/gu;
/** Longest evidence passage read (characters): a passage is one sentence, so this bounds nothing real. */
const MAX_PASSAGE = 4000;

/** The risk an extractive answer keeps at most: low, under the medium level. */
export const EXTRACTIVE_CAP = 0.2;

function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const w = m[0];
    if (KEEP.has(w) || !STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

/**
 * The claim's content words are a subsequence of the words of one clause of the passage (grounding.ts
 * CLAUSE_SPLIT): deleting words across ", whereas" moves a fact to another subject ("Jenner created
 * the rabies vaccine in 1885." from "... by Edward Jenner in 1796, whereas Louis Pasteur later
 * created a rabies vaccine in 1885."). Linear in both.
 */
export function inOrderWithin(claim: string, passage: string): boolean {
  const want = contentWords(claim);
  if (want.length === 0) return false;
  return passage
    .slice(0, MAX_PASSAGE)
    .split(CLAUSE_SPLIT)
    .some((clause) => {
      let j = 0;
      for (const m of clause.toLowerCase().matchAll(WORD)) {
        if (m[0] === want[j]) j++;
        if (j === want.length) return true;
      }
      return false;
    });
}

/**
 * Nothing the grounding measures flags in a claim: no missing name or number, no conflicting
 * number, negation or antonym, no swapped roles, no unwritten digits or capitalized words. The
 * caps (this file and restated.ts) start from it.
 */
export const flagsNothing = (f: ClaimFeatures): boolean =>
  f.entityMissing === 0 &&
  f.numberMissing === 0 &&
  f.numberConflict === 0 &&
  f.negationMismatch === 0 &&
  f.negationDiff === 0 &&
  f.negationInserted === 0 &&
  f.antonym === 0 &&
  f.antonymBest === 0 &&
  f.swapped === 0 &&
  f.digitMissing === 0 &&
  f.capsMissing === 0;

const clean = (f: ClaimFeatures): boolean => f.novel === 0 && flagsNothing(f);

/**
 * Content words an extractive answer needs: a bare span ("Neil Gaiman", "writer, fashion
 * designer") is what a question answered with the wrong part of the source looks like, and its
 * words say nothing of the relation the question asks about.
 */
const MIN_WORDS = 4;

/** Every claim of the answer was checked, is supported, clean and extractive of its evidence. */
export function extractiveAnswer(g: GroundingResult): boolean {
  if (g.claims.length === 0 || g.claims.length < g.claimsTotal) return false;
  let words = 0;
  for (const c of g.claims) words += contentWords(c.text).length;
  if (words < MIN_WORDS) return false;
  return g.claims.every((c, i) => {
    const f = g.features[i];
    return (
      c.label === 'supported' &&
      f !== undefined &&
      clean(f) &&
      c.evidence !== null &&
      inOrderWithin(c.text, c.evidence.text)
    );
  });
}
