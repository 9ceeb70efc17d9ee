import { hashString } from '../../src/guards/securityguard/pii/ner/features.js';

/** A row of the NER corpora in ../shared/datasets/ner: tokens with BIO tags. */
export interface NerRow {
  id: string;
  tokens: string[];
  tags: string[];
  source: string;
}

/** Which fifth is the validation fold (NER_FOLD=0..4; 0, the fold of every earlier figure, by default). */
export const VALIDATION_FOLD = Number(process.env.NER_FOLD ?? 0);

/** The validation fold (NER_VALIDATE=1, scripts/ner-errors.ts): a fifth of WNUT-17 train and BTC, by row id. */
export const isValidationRow = (row: NerRow, fold = VALIDATION_FOLD): boolean =>
  (row.source.startsWith('wnut17') || row.source.startsWith('btc')) &&
  hashString(row.id, 0x5eed) % 5 === fold;

const NOT_COMMENT = /^(?:[@#]|https?:|RT$)/;
const WORD = /^\p{L}{2,}$/u;
/** A word of three or more lower-case letters (scripts/ner-bias-sweep.ts NER_POST). */
export const LOWER_WORD = /^\p{Ll}{3,}$/u;
/** The patterns of this file, for test/unit/redos.test.ts. */
export const NER_ROW_PATTERNS: readonly RegExp[] = [NOT_COMMENT, WORD, LOWER_WORD];

/**
 * A post written like a comment rather than a tweet (the style of ner/wnut17_dev, decided without
 * reading it): no handle, hashtag, link or "RT", at least four words, and not a headline (at most
 * half of its words capitalized).
 */
export function isCommentLike(row: NerRow): boolean {
  let words = 0;
  let capitalized = 0;
  for (const t of row.tokens) {
    if (NOT_COMMENT.test(t) || t === '@' || t === '#') return false;
    if (!WORD.test(t)) continue;
    words++;
    if (t !== t.toLowerCase()) capitalized++;
  }
  return words >= 4 && capitalized <= 0.5 * words;
}

/**
 * BTC writes handles and hashtags as two tokens ("@ name", "# tag") and tags the name as PER; the
 * detector reads "@name" as one token and never reports it (WNUT-17 does not tag handles either).
 * The two tokens are joined and the handle tagged O, so the tagger does not learn "a word after @".
 */
export function joinHandles(row: NerRow): NerRow {
  const tokens: string[] = [];
  const tags: string[] = [];
  for (let i = 0; i < row.tokens.length; i++) {
    const t = row.tokens[i]!;
    const next = row.tokens[i + 1];
    if ((t === '@' || t === '#') && next !== undefined && /^\w/.test(next)) {
      tokens.push(t + next);
      tags.push('O');
      i++;
      continue;
    }
    tokens.push(t);
    tags.push(row.tags[i] ?? 'O');
  }
  return { ...row, tokens, tags };
}

/**
 * NER_CASE=lower writes every row in lower case, NER_CASE=names only its person names (the rest as
 * written), NER_CASE=names25 only in a quarter of the rows: how the detector copes with names typed
 * in lower case, as in many posts and comments.
 */
export function recase(row: NerRow, mode: string | undefined): NerRow {
  if (mode === 'lower') return { ...row, tokens: row.tokens.map((t) => t.toLowerCase()) };
  // names25: the names of a quarter of the rows (by id), about the share of lower-case names in comments.
  if (mode === 'names' || (mode === 'names25' && hashString(row.id, 7) % 4 === 0))
    return { ...row, tokens: row.tokens.map((t, i) => (row.tags[i]?.endsWith('PER') ? t.toLowerCase() : t)) };
  return row;
}
