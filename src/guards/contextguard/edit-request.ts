/**
 * A turn that asks to rework the assistant's last answer ("Make it more polite.", "Use fewer
 * adjectives.", "Rewrite the ending so it's more emotional.", "Can you give me a version without
 * emojis?", "Translate it into Spanish.") continues the conversation whatever its words: it edits
 * what was just written. Such turns share few words with the session, and the drift model's
 * training conversations hold none, so it flagged them as switches (fresh probe c38a, 2026-12-07:
 * 4 of 18 edit follow-ups).
 *
 * Read at the start of the turn only (after a polite opener), so a new request that mentions a
 * version or a tone later on ("What's the best way to remove red wine stains? Make it quick.")
 * still reads as what it asks first. A new task ("Write a poem about the sea.", "Give me more
 * information about mortgages") names no part of an earlier answer and does not match.
 */

/** Polite openers and a modal before the request: "ok, now", "great, can you please". */
const OPENER =
  "^\\W{0,3}(?:(?:ok(?:ay)?|great|thanks|thank\\s+you|nice|good|perfect|cool|now|also|and|then|hmm|yes|no)[,!.]?\\s{1,3}){0,3}(?:(?:can|could|would|will)\\s+you\\s+(?:please\\s+)?|please\\s+|i'?d\\s+like\\s+you\\s+to\\s+|let'?s\\s+)?";

/** Verbs that only rework an existing text, with the part they rework: "shorten it", "rewrite the ending". */
const REWORK =
  '(?:rewrite|re-write|rephrase|reword|shorten|lengthen|expand(?:\\s+on)?|simplify|polish|tweak|adjust|edit|revise|condense|tighten|redo|proofread|translate|summari[sz]e|explain|say|put|tone\\s+(?:it\\s+)?(?:down|up))\\b';

/** A part of the last answer, or the answer itself, named as the thing to change. */
const PART =
  '(?:it|this|that|them|(?:the|that|this)\\s+(?:\\w+\\s+)?(?:tone|style|wording|length|intro(?:duction)?|ending|conclusion|opening|title|headline|answer|text|draft|email|letter|message|list|code|version|paragraph|summary|section|response|jokes?|sentences?|words?|post|speech|description|part|one|first|second|third|last))\\b';

/** How the part should change: "more polite", "funnier", "less formal". */
const HOW =
  '(?:(?:a\\s+(?:bit|little)\\s+|much\\s+|even\\s+|slightly\\s+)?(?:more|less)\\s+[a-z-]{3,20}|shorter|longer|simpler|funnier|clearer|friendlier|warmer|punchier|tighter|snappier|stronger|softer|formal|informal|casual|concise|polite|professional|sound\\s+[a-z\\s-]{3,30})\\b';

export const EDIT_REQUEST = new RegExp(
  `${OPENER}(?:${REWORK}(?:\\s+${PART}|\\s*[.!?]?$)|make\\s+${PART}\\s+${HOW}|make\\s+(?:the|that|this|your)\\s+[a-z-]{3,20}(?:\\s+[a-z-]{3,20})?\\s+${HOW}|make\\s+${PART}|use\\s+(?:fewer|less|more|no)\\s+[a-z-]{3,20}\\b|(?:give\\s+me|write|show\\s+me)\\s+(?:a|another|one\\s+more|two\\s+more|three\\s+more|a\\s+(?:shorter|longer|different))\\s+(?:version|variant|draft|take)s?\\b|(?:give\\s+me\\s+)?(?:a\\s+)?versions?\\s+(?:with|without)\\b|turn\\s+${PART}\\s+into\\b|add\\s+(?:a\\s+line|a\\s+sentence|a\\s+paragraph|some\\s+examples|more\\s+examples|an\\s+example|emojis|a\\s+joke|a\\s+call\\s+to\\s+action)\\b|(?:cut|drop|remove)\\s+${PART})`,
  'i',
);

/**
 * A request that brings the text to rework is a new task: "Rewrite the following paragraph: ...",
 * 'Rewrite the poem "The Road Not Taken" in your own words.', "Edit this sentence about cancer.
 * Cancer is ...". 16 of HaluEval's 2,320 user queries open with an edit verb; with these marks, a
 * colon, "following" or more than one sentence, none reads as a follow-up.
 */
const BRINGS_TEXT = /["\u201c\u201d]|'[^']{1,80}'|:|\bfollowing\b|[.!?]\s+\S/;
/** Longest follow-up read as an edit request (characters). */
const MAX_EDIT_CHARS = 160;

/** The regular expressions of this file, for the ReDoS test. */
export const EDIT_REGEXES: readonly RegExp[] = [EDIT_REQUEST, BRINGS_TEXT];

/** The turn asks to rework the last answer (see the file comment). */
export function editsLastAnswer(text: string): boolean {
  const t = text.trim();
  return t.length <= MAX_EDIT_CHARS && !BRINGS_TEXT.test(t) && EDIT_REQUEST.test(t);
}
