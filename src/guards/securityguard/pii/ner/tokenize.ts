/**
 * Tokens for the entity tagger, with offsets into the text. Words keep inner apostrophes, dots,
 * hyphens and slashes ("O'Neil", "St.", "12-B"); every other non-space character is a token of its
 * own, as in the CoNLL-style training corpora. Links, @handles and #hashtags are single tokens (and
 * never names: a handle is an account, not the person's written name). One bounded regex pass, so linear in the input.
 */
export const NER_TOKEN_RE =
  /https?:\/\/[^\s]{1,256}|[@#][\p{L}\p{N}_]{1,64}|[\p{L}\p{M}\p{N}_]{1,64}(?:['’\-/][\p{L}\p{M}\p{N}_]{1,64}){0,4}|[^\s]/gu;

export interface NerToken {
  text: string;
  start: number;
  end: number;
  /** A line break sits between the previous token and this one. */
  nlBefore: boolean;
}

export function tokenizeForNer(text: string): NerToken[] {
  const out: NerToken[] = [];
  let prevEnd = 0;
  NER_TOKEN_RE.lastIndex = 0;
  for (let m = NER_TOKEN_RE.exec(text); m !== null; m = NER_TOKEN_RE.exec(text)) {
    const start = m.index;
    // Only the gap is scanned (never ahead of the match), so the pass stays linear.
    let gapHasNl = false;
    for (let k = prevEnd; k < start; k++) if (text.charCodeAt(k) === 10) gapHasNl = true;
    out.push({ text: m[0], start, end: start + m[0].length, nlBefore: gapHasNl });
    prevEnd = start + m[0].length;
  }
  return out;
}

/** Every regular expression of the tagger, for the ReDoS test. */
export const NER_PATTERNS: readonly RegExp[] = [NER_TOKEN_RE];
