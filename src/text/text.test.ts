import { describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25.js';
import { splitClauses, splitSentences } from './sentences.js';
import { stem } from './stem.js';
import { contentTerms } from './terms.js';
import { cosine, termFrequencies } from './tfidf.js';
import { tokenize } from './tokenize.js';

describe('splitSentences', () => {
  it('keeps abbreviations, initials and decimals inside sentences, with offsets', () => {
    const text = 'Dr. Ada Byron was born in 1815. She lived in the U.K. for 36.5 years! J. Smith disagreed.';
    const out = splitSentences(text);
    expect(out.map((s) => s.text)).toEqual([
      'Dr. Ada Byron was born in 1815.',
      'She lived in the U.K. for 36.5 years!',
      'J. Smith disagreed.',
    ]);
    for (const s of out) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('splits paragraphs joined without a space', () => {
    expect(splitSentences('The lake is deep.The town is old.').map((s) => s.text)).toEqual([
      'The lake is deep.',
      'The town is old.',
    ]);
  });

  it('splits long clauses on semicolons, keeping offsets into the text', () => {
    const text =
      'Intro. The museum opened in the spring of that year; the library followed in the next autumn.';
    const sentence = splitSentences(text)[1];
    const clauses = sentence ? splitClauses(sentence) : [];
    expect(clauses.map((c) => text.slice(c.start, c.end))).toEqual([
      'The museum opened in the spring of that year',
      'the library followed in the next autumn.',
    ]);
  });
});

describe('tokenize and stem', () => {
  it('keeps numbers with separators as one token', () => {
    expect(tokenize('It cost 1,200.50 dollars, not 900.').map((t) => t.text)).toEqual([
      'it',
      'cost',
      '1,200.50',
      'dollars',
      'not',
      '900',
    ]);
  });

  it('maps inflections onto one stem', () => {
    expect(stem('connected')).toBe(stem('connecting'));
    expect(stem('studies')).toBe(stem('study'));
    expect(stem('relational')).toBe(stem('relate'));
  });

  it('drops stop words from content terms', () => {
    expect(contentTerms('The cats are sleeping in the garden')).toEqual(['cat', 'sleep', 'garden']);
  });
});

describe('BM25 and cosine', () => {
  it('ranks the passage sharing the rare query terms first', () => {
    const docs = [
      contentTerms('The bridge was painted grey in the winter.'),
      contentTerms('The tunnel under the river opened in spring.'),
      contentTerms('Tickets for the river ferry are sold at the pier.'),
    ];
    const index = new Bm25Index(docs);
    expect(index.search(contentTerms('when did the river tunnel open'), 1)[0]?.doc).toBe(1);
  });

  it('gives 1 for identical vectors and 0 for disjoint ones', () => {
    const a = termFrequencies(['x', 'y']);
    expect(cosine(a, a)).toBeCloseTo(1);
    expect(cosine(a, termFrequencies(['z']))).toBe(0);
  });
});
