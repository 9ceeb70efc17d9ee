import { describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25.js';
import { findHiddenRuns, hiddenTextRisk, hiddenTextSummary, stripHidden } from './hidden.js';
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

  it('keeps a case name, chained initials and a quoted exclamation inside their sentence', () => {
    const text =
      'The plaintiff in Paul v. Clinton was born in 1968. The series is by George R.R. Martin. The host of "Splash!" won gold. It ended.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'The plaintiff in Paul v. Clinton was born in 1968.',
      'The series is by George R.R. Martin.',
      'The host of "Splash!" won gold.',
      'It ended.',
    ]);
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

  it('splits words joined by a dot but not numbers, with offsets and sentence indices', () => {
    const text = 'It ends here.Next one\nstarts';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual(['it', 'ends', 'here', 'next', 'one', 'starts']);
    for (const t of tokens) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.text);
    expect(tokens.map((t) => t.sentence)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(tokens.map((t) => t.nlBefore)).toEqual([false, false, false, false, false, true]);
  });

  it("reads the same text differently under each model's options", () => {
    const text = "O’Neil's e-mail: @ada_l wrote https://x.io/a, rock'n'roll-ish!";
    expect(tokenize(text, { joiners: "'’-", maxJoins: 3 }).map((t) => t.text)).toEqual([
      "o'neil's",
      'e-mail',
      'ada',
      'l',
      'wrote',
      'https',
      'x',
      'io',
      'a',
      "rock'n'roll-ish",
    ]);
    const ner = {
      joiners: "'’-/",
      maxJoins: 4,
      extendedWordChars: true,
      links: true,
      punctuation: true,
      keepCase: true,
    };
    expect(tokenize(text, ner).map((t) => t.text)).toEqual([
      "O’Neil's",
      'e-mail',
      ':',
      '@ada_l',
      'wrote',
      'https://x.io/a,',
      "rock'n'roll-ish",
      '!',
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

describe('hidden text', () => {
  it('groups adjacent hidden characters into runs and decodes tag characters', () => {
    const tags = [...'hi'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    const text = `a\u200b\u200bb${tags}c\u202ed`;
    const runs = findHiddenRuns(text);
    expect(runs.map((r) => [r.kind, r.count])).toEqual([
      ['zero_width', 2],
      ['tag', 2],
      ['bidi', 1],
    ]);
    expect(runs[1]?.decoded).toBe('hi');
    expect(stripHidden(text)).toBe('abcd');
    expect(hiddenTextRisk(runs)).toBe(0.9);
  });

  it('ignores a leading byte-order mark and a single zero-width joiner scores low', () => {
    expect(findHiddenRuns('\ufeffplain')).toEqual([]);
    expect(hiddenTextRisk(findHiddenRuns('family 👨\u200d👩'))).toBe(0.3);
    expect(hiddenTextSummary('p\u0430ypal login')).toEqual([{ kind: 'mixed_script', count: 1, score: 0.7 }]);
    expect(hiddenTextSummary('plain text, café')).toEqual([]);
  });
});
