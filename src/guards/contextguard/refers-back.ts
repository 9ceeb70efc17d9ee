/**
 * A turn that points back at something said before continues the conversation, whatever new words
 * it brings: "Is polars faster for a group-by on that size?", "What pace should the easy runs be
 * again?", "What about the extensions, like PostGIS, you mentioned earlier?". Its new names share
 * no words (and often no word vectors) with the session, so the drift model flagged such
 * follow-ups as switches (fresh probes c44a and c44b, 2026-12-08: 3 of 34 on-topic turns).
 *
 * Read only on a turn the model flags. Three marks: the assistant's own words cited ("you
 * mentioned", "as you said"), "again" closing a question (asking to be reminded), and a distal
 * demonstrative after a preposition ("on that size", "for those first days"), which refers to
 * something named before; after a verb "that" also opens a new thing ("What was that movie with
 * Tom Hanks?"), so it is left out there.
 */

const CITED =
  /\b(?:you\s+(?:just\s+|already\s+)?(?:mentioned|said|suggested|recommended|described|listed|showed)|as\s+you\s+(?:said|mentioned|suggested|put\s+it))\b/i;
const AGAIN = /\bagain\s{0,3}[?!.]{0,3}\s{0,3}$/i;
const POINTED =
  /\b(?:on|at|for|with|of|in|about|from|to|by|before|after|during|across|over|under|between)\s+(?:that|those)\s+(?!(?:is|was|are|were|will|would|can|could|do|does|did|has|have|had)\b)[a-z]{3,15}\b/i;

/** The regular expressions of this file, for the ReDoS test. */
export const REFERS_BACK_REGEXES: readonly RegExp[] = [CITED, AGAIN, POINTED];

/** Longest turn read this way (characters): a long turn that cites the past may still move on. */
const MAX_TURN = 300;

export function refersBack(text: string): boolean {
  if (text.length > MAX_TURN) return false;
  return CITED.test(text) || AGAIN.test(text) || POINTED.test(text);
}
