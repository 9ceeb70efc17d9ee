/**
 * Unusual Unicode that hides content from reviewers: zero-width characters, bidirectional
 * overrides, tag characters (invisible ASCII), and words mixing Latin with Cyrillic or Greek
 * look-alikes.
 */

export interface UnicodeFinding {
  kind: 'zero_width' | 'bidi_control' | 'tag_characters' | 'mixed_script';
  count: number;
  score: number;
}

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u180E]/g;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g;
const TAGS = /[\u{E0000}-\u{E007F}]/gu;
const LETTERS = /\p{L}{2,40}/gu;
const LATIN = /\p{Script=Latin}/u;
const LOOKALIKE = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

export function scanUnicode(text: string): UnicodeFinding[] {
  const out: UnicodeFinding[] = [];
  const zw = text.match(ZERO_WIDTH)?.length ?? 0;
  if (zw > 0) out.push({ kind: 'zero_width', count: zw, score: zw > 2 ? 0.75 : 0.55 });
  const bidi = text.match(BIDI)?.length ?? 0;
  if (bidi > 0) out.push({ kind: 'bidi_control', count: bidi, score: 0.8 });
  const tags = text.match(TAGS)?.length ?? 0;
  if (tags > 0) out.push({ kind: 'tag_characters', count: tags, score: 0.95 });
  let mixed = 0;
  for (const m of text.matchAll(LETTERS)) if (LATIN.test(m[0]) && LOOKALIKE.test(m[0])) mixed++;
  if (mixed > 0) out.push({ kind: 'mixed_script', count: mixed, score: 0.7 });
  return out;
}

/** Removes invisible and direction-changing characters (the `sanitize` mitigation). */
export function stripUnusualUnicode(text: string): string {
  return text.replace(ZERO_WIDTH, '').replace(BIDI, '').replace(TAGS, '');
}
