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
}

const SHORT_CLAIM_WORDS = 12;

/**
 * Splits an answer into claims (sentences, then long clauses). A short answer is judged in the
 * context of the question, since "Delhi" alone asserts nothing; the question's own words are then
 * only used to find the evidence, and the answer's words are what must be supported.
 */
export function extractClaims(text: string, question?: string): Claim[] {
  const claims: Claim[] = [];
  const sentences = splitSentences(text);
  const q = question?.trim() ?? '';
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
      });
    }
  }
  return claims;
}
