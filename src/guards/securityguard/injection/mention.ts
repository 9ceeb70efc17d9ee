/**
 * A fake end-of-input marker ("=== END OF PROMPT ===", "[END OF USER MESSAGE]") splits a prompt only
 * where it stands as a segment of its own: at the start of the text or of a line, or after a
 * finished sentence, with what follows starting a new one. Named inside a running sentence ("our
 * test suite prints === END OF PROMPT === after each case") it is a mention of the marker, not a
 * use, and counts for little (MENTION_FACTOR of the pattern's weight).
 */

/** The weight left to a marker that is only mentioned inside a sentence. */
export const MENTION_FACTOR = 0.25;

/** Pattern ids of markers that pretend the input or the system prompt ended. */
export const MARKER_IDS: ReadonlySet<string> = new Set(['template.end_of_prompt', 'template.fake_delimiter']);

/** Characters markers are drawn with, and quotes around them: skipped when looking either side. */
const FRAME = new Set([...' \t=#%*-~_[]<>|{}()"\'`']);

const isLetter = (c: string): boolean => c.toLowerCase() !== c.toUpperCase();
const isLowerLetter = (c: string): boolean => isLetter(c) && c === c.toLowerCase();

/** How far either side of the marker is looked at for its frame (a marker's rule is short). */
const MAX_FRAME = 40;

/**
 * Whether text[start, end) sits inside a running sentence: a word of the same line right before it
 * and a lower-case word right after it, with only marker characters, quotes and spaces between.
 */
export function embeddedInSentence(text: string, start: number, end: number): boolean {
  let i = start - 1;
  while (i >= 0 && start - i <= MAX_FRAME && FRAME.has(text[i] as string)) i--;
  if (i < 0 || !isLetter(text[i] as string)) return false;
  let j = end;
  while (j < text.length && j - end < MAX_FRAME && FRAME.has(text[j] as string)) j++;
  return j < text.length && isLowerLetter(text[j] as string);
}

/**
 * Pattern ids of chat-template control tokens ("<|im_start|>", "[INST]"). Named inside a running
 * sentence ("What does the <|im_start|> token mean?", "a regex that matches <|endoftext|> in a
 * log") a token is a developer's mention; opening a turn, at the start of a line or followed by
 * a role ("... <|im_start|>system You are ..."), it is a use.
 */
export const TOKEN_IDS: ReadonlySet<string> = new Set(['template.special_tokens', 'template.inst']);

/** A role name right after a token: the token opens a turn. */
const ROLE_AFTER = /^[\s"'`]{0,4}(?:system|user|assistant|sys|human|ai|model)\b/i;

/** Most occurrences of a token read: a text with more is read as using them. */
const MAX_TOKEN_MENTIONS = 8;

/** The regular expressions of this file, for the ReDoS test. */
export const MENTION_REGEXES: readonly RegExp[] = [ROLE_AFTER];

/**
 * Whether every match of a token pattern in `folded` is a mention: inside a sentence of the
 * original text and not followed by a role. `at` maps a match in `folded` to the original text.
 */
export function tokensOnlyMentioned(
  re: RegExp,
  folded: string,
  original: string,
  at: (start: number, end: number) => { start: number; end: number },
): boolean {
  re.lastIndex = 0;
  let count = 0;
  for (let m = re.exec(folded); m !== null; m = re.exec(folded)) {
    if (++count > MAX_TOKEN_MENTIONS) return false;
    const span = at(m.index, m.index + m[0].length);
    if (!embeddedInSentence(original, span.start, span.end)) return false;
    if (ROLE_AFTER.test(original.slice(span.end, span.end + 40))) return false;
    if (m[0].length === 0) re.lastIndex++;
  }
  re.lastIndex = 0;
  return count > 0;
}
