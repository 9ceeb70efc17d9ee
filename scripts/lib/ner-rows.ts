import { hashString } from '../../src/guards/securityguard/pii/ner/features.js';

/** A row of the NER corpora in ../shared/datasets/ner: tokens with BIO tags. */
export interface NerRow {
  id: string;
  tokens: string[];
  tags: string[];
  source: string;
}

/** The validation fold (NER_VALIDATE=1, scripts/ner-errors.ts): a fifth of WNUT-17 train and BTC, by row id. */
export const isValidationRow = (row: NerRow): boolean =>
  (row.source.startsWith('wnut17') || row.source.startsWith('btc')) && hashString(row.id, 0x5eed) % 5 === 0;

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
