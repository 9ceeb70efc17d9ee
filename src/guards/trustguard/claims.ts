import { splitClauses, splitSentences } from '../../text/sentences.js';
import type { Span } from '../contract.js';

/** A claim to check: its text and span in the answer, plus the query used to retrieve evidence. */
export interface Claim {
  text: string;
  span: Span;
  /** Retrieval text: the claim, preceded by the question when the claim alone is too short to judge. */
  query: string;
  /** Whether the question was folded into the query (short answers such as "Delhi"). */
  withQuestion: boolean;
  /**
   * Whether the claim is judged as an answer to the question on its own (the model's short-answer
   * block): with the question, in an answer that is not prose of two sentences or more. The clauses
   * of such prose paraphrase their sources, even when the question helps find their evidence.
   */
  answersQuestion: boolean;
}

const SHORT_CLAIM_WORDS = 12;
const PROSE_WORDS = 5;

/**
 * Splits an answer into claims (sentences, then long clauses). A short answer is judged in the
 * context of the question, since "Delhi" alone asserts nothing; the question's own words are then
 * only used to find the evidence, and the answer's words are what must be supported.
 */
export function extractClaims(text: string, question?: string): Claim[] {
  const claims: Claim[] = [];
  const sentences = splitSentences(text);
  const q = question?.trim() ?? '';
  // Two sentences of PROSE_WORDS words or more make prose, not a short answer; a splitter's
  // fragment ("Paul v." of "Paul v. Clinton", "George R.R.") does not count.
  const prose = sentences.filter((s) => s.text.split(/\s+/).length >= PROSE_WORDS).length >= 2;
  for (const sentence of sentences) {
    for (const clause of splitClauses(sentence)) {
      if (!/[\p{L}\p{N}]/u.test(clause.text)) continue;
      const short = clause.text.split(/\s+/).length <= SHORT_CLAIM_WORDS;
      const withQuestion = q.length > 0 && (short || sentences.length === 1);
      claims.push({
        text: clause.text,
        span: { start: clause.start, end: clause.end },
        query: withQuestion ? `${q} ${clause.text}` : clause.text,
        withQuestion,
        answersQuestion: withQuestion && !prose,
      });
    }
  }
  return claims;
}
