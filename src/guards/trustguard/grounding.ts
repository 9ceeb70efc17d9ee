import { Bm25Index } from '../../text/bm25.js';
import { splitSentences } from '../../text/sentences.js';
import { stem } from '../../text/stem.js';
import { STOPWORDS } from '../../text/stopwords.js';
import { contentTermsOf } from '../../text/terms.js';
import { type Token, tokenize } from '../../text/tokenize.js';
import { oppositesOf } from './antonyms.js';
import { type Claim, extractClaims } from './claims.js';
import { changeDirection } from './direction.js';
import { extractEntities, extractNumbers, isNegated, NEGATION_WORDS, type NumberFact } from './facts.js';
import { MONTH_MAY, withMonthMay } from './month-may.js';
import { NgramSet } from './ngrams.js';
import { roleTriples, swappedRole, tripleKeys } from './roles.js';
import type { ClaimLabel, ClaimResult } from './schema.js';
import { canonical } from './synonyms.js';
import { type WordnetKeys, type WordnetRelation, wordnetKeys, wordnetRelation } from './wordnet.js';

const YES_NO = new Set(['yes', 'no']);
/** Pronouns that open a sentence as its subject. */
const SUBJECT_PRONOUNS: ReadonlySet<string> = new Set(['it', 'he', 'she', 'they']);
/** A bare "yes" or "no" (any case, end punctuation allowed): it asserts the question's proposition. */
export const isBareYesNo = (text: string): boolean => {
  const t = text.trim().toLowerCase();
  let end = t.length;
  while (end > 0 && '.!,;'.includes(t[end - 1] ?? '')) end--;
  return YES_NO.has(t.slice(0, end));
};
// Support counts half from the two best passages and half from the sources as a whole, so a
// multi-hop answer drawn from another sentence is not lost, but a distractor scores lower.
const LOCAL_PASSAGES = 2;
const LOCAL_WEIGHT = 0.5;
/** Share of a word's coverage credit a WordNet synonym or derived form in the sources earns. */
const SYNONYM_CREDIT = 0.8;

/** The named entities of a text, joined: what a yes-or-no question is about. */
const namesOf = (text: string): string =>
  extractEntities(text)
    .map((e) => e.raw)
    .join(' ');

/** A source sentence (passage) with where it came from. */
interface Passage {
  sourceId: string;
  text: string;
  start: number;
  end: number;
  terms: string[];
  termSet: Set<string>;
  numbers: NumberFact[];
  negated: boolean;
  /** Negating words in the sentence (not, never, fails, n't ...). */
  negations: number;
  /** Words in the sentence. */
  words: number;
  /**
   * For a sentence that opens with a pronoun ("Its chief engineer was Joseph Strauss."), the terms
   * of what it most likely refers to: the previous sentence's subject (subjectName).
   */
  antecedent?: ReadonlySet<string>;
}

export interface GroundingOptions {
  /** Support at or above which a claim counts as supported. */
  supportThreshold: number;
}

/**
 * Caps that keep grounding linear in the request: claims beyond MAX_CLAIMS are counted, not
 * checked; passages beyond MAX_PASSAGES are not indexed; a retrieval term found in more than
 * COMMON_TERM_SHARE of the passages is too common to rank by and is skipped, so one claim touches
 * only the postings of its rare terms (an inverted index, never all claim x passage pairs).
 */
export const MAX_CLAIMS = 200;
export const MAX_PASSAGES = 5000;
const COMMON_TERM_SHARE = 0.3;

/** What the support of one claim is made of: the classifier's inputs. */
export interface ClaimFeatures {
  /** IDF-weighted share of the claim's new terms in the two best passages, and in all sources. */
  local: number;
  global: number;
  /** New terms found nowhere in the sources, as a count and as a share of the new terms. */
  novel: number;
  novelRate: number;
  /** Share of the claim's word trigrams found verbatim in the sources. */
  copied: number;
  /** Share of the claim's consecutive term pairs that also stand together in the sources. */
  bigrams: number;
  entityMissing: number;
  numberMissing: number;
  numberConflict: number;
  negationMismatch: number;
  antonym: number;
  /** The claim's two named things stand in its evidence around the same verb in the other roles (roles.ts). */
  swapped: number;
  support: number;
  withQuestion: number;
  /** The claim is judged as an answer to the question (claims.ts answersQuestion): the short-answer block. */
  answersQuestion: number;
  /** The claim speaks of the speaker (I, my, we): a personal statement, not a knowledge claim. */
  personal: number;
  /** The claim carries an opinion, hedge or chat marker (think, love, maybe, yeah). */
  opinion: number;
  /** The claim addresses the reader (you, your) or asks a question. */
  addressee: number;
  asks: number;
  /** Words with a digit ("Q2", "$914", "3.5m") not written anywhere in the sources, 0, 0.5 or 1. */
  digitMissing: number;
  /** Capitalized words inside the claim not written anywhere in the sources, 0, 0.5 or 1. */
  capsMissing: number;
  /** Negation on one side only against the best-matching passage, at any coverage. */
  negationDiff: number;
  /** A negated claim where no sentence of the sources is negated ("not" slipped in). */
  negationInserted: number;
  /** More negating words in the claim than in its best-matching passage. */
  negationMore: number;
  /** A claim term absent from the best passage whose opposite stands there ("lower" for "higher"). */
  antonymBest: number;
  /** A claim term written nowhere in the sources whose opposite is written somewhere in them. */
  antonymDoc: number;
  /** antonymBest at strong overlap (coverage 0.5 or more): the claim reverses its evidence. */
  opposite: number;
  /** Words in the claim (summed over the answer: how long it is). */
  words: number;
  /**
   * WordNet relations of the claim's new terms written nowhere in the sources (wordnet.ts): a
   * sibling of a word of the best passage ("Tuesday" where it says "Monday"), of a word anywhere
   * in the sources, an antonym of one, a narrower word than one, each 0 or 1; and the share of
   * the new terms that no synonym, broader or derived word in the sources explains.
   */
  wnSiblingBest: number;
  wnSiblingDoc: number;
  wnAntonym: number;
  wnNarrower: number;
  wnUnexplained: number;
  /**
   * Share of the claim's terms written in the sources, those it restates from the question
   * included, that stand in one sentence of its three best passages: 1 when the claim rewords the
   * question around the facts of one source sentence. (The sentence before one that opens with a
   * pronoun counted too: HaluEval's hallucinated answers capped 1 -> 5, no probe answer gained.)
   */
  colocated: number;
  /**
   * 1 when each clause of the claim ("Michael Collins stayed in lunar orbit | while the others
   * landed") has its written terms in one clause of one of its best passages ("... landed on the
   * Moon on July 20, | while Michael Collins remained in lunar orbit."): who did what stays with
   * its own clause, which sentence co-location cannot see ("Mary Earps scored the winning goal"
   * over "Olga Carmona scored the winning goal, whereas Mary Earps saved a penalty"). Computed for
   * a claim with a question that is co-located (restated.ts); 0 otherwise.
   */
  clauseColocated: number;
  /**
   * For a claim with a question that is co-located: how far co-location falls when each clause of
   * the claim must hold in one clause of a passage (1 minus the worst clause's best share; 0 when
   * it holds clause by clause, and for every other claim). A model input of the short-answer block.
   */
  clauseGap: number;
  /**
   * 1 when the claim's written terms and every term of the question the sources write stand in one
   * clause of one of its best passages ("Page and Brin, in 1998." to "Who founded the company and
   * when?" over "The company was founded in 1998 by Larry Page and Sergey Brin ..."): the answer
   * fills the question's own clause. Computed for a claim with a question; 0 otherwise (restated.ts).
   */
  inQuestionClause: number;
  /** Distinct terms the claim states, those it restates from the question included (yes and no aside). */
  stated: number;
  /** Distinct terms the claim adds beyond the question's (its terms when there is no question). */
  added: number;
  /** Distinct terms of the question the claim does not restate: conditions it leaves unsaid. */
  unstated: number;
  /**
   * A content word of the claim stands where one of its best passages writes another, and never
   * it, between the same two neighbours ("computing prime numbers" where it says "computing
   * Bernoulli numbers", "the female incubates" where it says "the male incubates"): a swapped
   * fact, whatever the rest of the claim copies. Read for answers to a question only.
   */
  substituted: number;
  /** A negated source sentence the claim states whole without a negation (not a model input). */
  negatedSentence: number;
}

/**
 * Most residue words kept per answer: the lexicon stage reads at most this many.
 */
export const MAX_RESIDUE = 64;
/** Prefixes that negate the word they stand before ("unchanged", "inconsistent", "nonbinding"). */
const NEGATING_PREFIXES = ['un', 'in', 'im', 'non', 'dis', 'ir', 'il'];

/** Words of the speaker: a response made of them states an experience, not the sources' facts. */
const FIRST_PERSON = new Set([
  'i',
  "i'm",
  "i've",
  "i'd",
  "i'll",
  'im',
  'ive',
  'me',
  'my',
  'mine',
  'myself',
  'we',
  "we're",
  "we've",
  'us',
  'our',
]);
/** Opinion, hedge and chat words. */
const OPINION = new Set([
  'think',
  'guess',
  'believe',
  'feel',
  'love',
  'loved',
  'like',
  'liked',
  'likes',
  'favorite',
  'favourite',
  'fan',
  'agree',
  'hope',
  'wish',
  'enjoy',
  'enjoyed',
  'maybe',
  'probably',
  'perhaps',
  'sure',
  'know',
  'heard',
  'seen',
  'watch',
  'watched',
  'interesting',
  'cool',
  'awesome',
  'great',
  'funny',
  'wow',
  'lol',
  'haha',
  'yeah',
  'ya',
  'yes',
  'oh',
]);
const ADDRESSEE = new Set(['you', 'your', "you're", "you've", 'yours', 'u']);
/** Words that set something apart from a claim ("except for sale items"): a negation in effect. */
export const EXCEPTING =
  /\b(?:except|excepting|excluding|unless|apart from|other than|but not|besides|barring|without)\b/i;

/** Negation words, and verbs of failing or lacking that negate too. */
const NEGATORS = new Set([...NEGATION_WORDS, 'fail', 'fails', 'failed', 'unable', 'lack', 'lacks']);
/** Negating words among tokens: a token scan, no pattern. */
const negationCount = (tokens: Token[]): number => {
  let n = 0;
  for (const t of tokens) if (NEGATORS.has(t.text) || t.text.endsWith("n't")) n++;
  return n;
};
const hasDigit = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
};
const isUpper = (ch: string): boolean => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

/**
 * A word that only spells out a number's unit: "percent", "pct", the "cent" of "per cent". The
 * tokenizer drops "%", and the number facts read all three spellings as one kind, so "12 percent"
 * against "12%" is no new word (it was: 0.42 support for a paraphrase of a supported figure).
 */
const isUnitWord = (tokens: readonly Token[], i: number): boolean => {
  const w = tokens[i]?.text;
  return w === 'percent' || w === 'pct' || (w === 'cent' && tokens[i - 1]?.text === 'per');
};

/**
 * A word that only hedges a figure or a date: "around 12,450 people", "roughly 9,300 km", "nearly
 * 5,900 metres". Sources state the exact figure, so the hedge was a claim word written nowhere, and
 * every such right answer read as unsupported (flagged at 1.00).
 */
const HEDGES = new Set([
  'around',
  'roughly',
  'approximately',
  'nearly',
  'almost',
  'circa',
  'exactly',
  'precisely',
]);

/** A hedge right before a figure: "around 9,300", "some 2,000", "close to 500". */
export const HEDGED_FIGURE =
  /\b(?:around|roughly|approximately|nearly|almost|about|circa|some|close\s+to|an\s+estimated)\s{1,3}$/i;

/** A word the comparison skips: a unit spelled out or a hedge. */
const isFiller = (tokens: readonly Token[], i: number): boolean =>
  isUnitWord(tokens, i) || HEDGES.has(tokens[i]?.text ?? '');

/** An apostrophe or comma in a token: the rare case the two word forms below must rewrite. */
const hasMarks = (w: string): boolean => w.includes("'") || w.includes('’') || w.includes(',');

/** A number joined to its unit by a hyphen ("45-cent", "30-minute", "2.5-litre"). */
const NUMBER_UNIT = /^(\d{1,9}(?:\.\d{1,6})?)-([a-z]{2,20})$/;

/** Content terms with stemming and synonym folding, as used on both sides of the comparison. */
function termsOf(tokens: Token[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || isFiller(tokens, i)) continue;
    if (t.text.length < 2 && !/\d/.test(t.text)) continue;
    if (STOPWORDS.has(t.text)) continue;
    const unit = NUMBER_UNIT.exec(t.text);
    if (unit) {
      // "45-cent", "10-year": the number and its unit, as "45 cents" and "10 years" write them.
      out.push(unit[1] as string, canonical(stem(unit[2] as string)));
      continue;
    }
    out.push(canonical(stem(hasMarks(t.text) ? t.text.replace(/['’]s$/, '').replace(/,/g, '') : t.text)));
  }
  return out;
}

/** The words of a text as grounding reads them: the shared tokenizer, with "May" the month told apart. */
const readTokens = (text: string): Token[] => withMonthMay(text, tokenize(text));

const terms = (text: string): string[] => termsOf(readTokens(text));

/** A word as written, without possessive or apostrophes, a number without its thousands commas ("8,849"). */
const rawWord = (t: Token): string =>
  hasMarks(t.text)
    ? t.text
        .replace(/['’]s$/, '')
        .replace(/['’]/g, '')
        .replace(/(\d),(?=\d)/g, '$1')
    : t.text;
const rawWords = (text: string): Set<string> => new Set(readTokens(text).map(rawWord));

/**
 * What stands left of word `i`: the word before, or with `wide` the one before that as well when
 * the first is a function word ("times per"), so the frame names the fact the word belongs to.
 */
function leftOf(texts: readonly string[], i: number, wide: boolean): string {
  const one = texts[i - 1] ?? '';
  return wide && one !== '' && STOPWORDS.has(one) ? `${texts[i - 2] ?? ''} ${one}` : one;
}

/** Key of the frame around a word: what stands left of it and the word after it. */
const frameKey = (left: string, after: string): string => `${left}\u0001${after}`;

/**
 * The content words of the passages by their frames, narrow and wide, '' past the end of a
 * sentence ("per second." gives "times per" and ''), so a claim's last word is compared too.
 */
function wordFrames(texts: readonly string[]): Map<string, Set<string>> {
  const frames = new Map<string, Set<string>>();
  for (const text of texts) {
    const ts = readTokens(text).map((t) => t.text);
    for (let i = 0; i < ts.length; i++) {
      const w = ts[i] ?? '';
      if (STOPWORDS.has(w) || w.length < 2) continue;
      for (const wide of [false, true]) {
        const key = frameKey(leftOf(ts, i, wide), ts[i + 1] ?? '');
        const set = frames.get(key) ?? new Set<string>();
        set.add(w);
        frames.set(key, set);
      }
    }
  }
  return frames;
}

/** The claim's word at `i` stands in a frame where the passages write other words, never it. */
function substitutes(
  texts: readonly string[],
  i: number,
  frames: readonly Map<string, Set<string>>[],
): boolean {
  const word = texts[i];
  const after = texts[i + 1] ?? '';
  // A word before a content word, or a sentence's last word: the place of a modifier or a head
  // noun ("prime numbers", "times per minute."), where another word is another fact. Before a
  // function word it is mostly a verb, which a right answer rewords ("described an" for
  // "contains an"). At a sentence's end a function word before ("in ...") frames any place or
  // date, so the word before it must stand in the frame too.
  const left = leftOf(texts, i, after === '');
  const bare = left.split(' ').every((w) => w === '' || STOPWORDS.has(w));
  if (!word || STOPWORDS.has(after) || (after === '' && bare)) return false;
  const key = frameKey(left, after);
  let framed = false;
  for (const passage of frames) {
    const there = passage.get(key);
    if (there === undefined) continue;
    if (there.has(word)) return false;
    framed = true;
  }
  return framed;
}

/** Splits the sources into passages, tokenizing each sentence once for both terms and raw words. */
function buildPassages(
  sources: { id: string; text: string }[],
  words: Set<string>,
  plain: Set<string>,
  parts: Set<string>,
  claimNgrams: ClaimNgrams,
): Passage[] {
  const passages: Passage[] = [];
  for (const source of sources) {
    if (passages.length >= MAX_PASSAGES) break;
    let prev: Passage | undefined;
    // The last name a sentence of this source opened with: the paragraph's topic.
    let topic: ReadonlySet<string> | undefined;
    let prevName: ReadonlySet<string> | undefined;
    for (const s of splitSentences(source.text)) {
      if (passages.length >= MAX_PASSAGES) break;
      const tokens = readTokens(s.text);
      for (const t of tokens) {
        words.add(rawWord(t));
        if (!STOPWORDS.has(t.text) && t.text.length >= 2) plain.add(stem(t.text));
        // The parts of a compound are written too: "action-adventure" writes "action".
        if (t.text.includes('-'))
          for (const part of t.text.split('-', 8)) {
            if (part.length < 2 || STOPWORDS.has(part)) continue;
            words.add(part);
            plain.add(stem(part));
            parts.add(canonical(stem(part)));
          }
      }
      const texts = tokens.map((t) => t.text);
      for (let i = 0; i + 3 <= texts.length; i++) claimNgrams.trigrams.mark(texts, i, 3);
      const t = termsOf(tokens);
      passages.push({
        sourceId: source.id,
        text: s.text,
        start: s.start,
        end: s.end,
        terms: t,
        termSet: new Set(t),
        numbers:
          /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|fifty|hundred|thousand|dozen)\b/i.test(
            s.text,
          )
            ? extractNumbers(s.text)
            : [],
        negated: isNegated(s.text),
        negations: negationCount(tokens),
        words: tokens.length,
        antecedent:
          prev && ANAPHORS.has(tokens[0]?.text.toLowerCase() ?? '')
            ? (prevName ?? prev.antecedent ?? topic ?? new Set(prev.terms.slice(0, 1)))
            : undefined,
      });
      prev = passages[passages.length - 1];
      prevName = subjectName(s.text);
      topic = prevName ?? topic;
    }
  }
  return passages;
}

/**
 * Where a sentence parts into clauses that may hold different facts: a comma or semicolon before
 * "while", "whereas", "but", "and", "although", "though", a semicolon, or "while" / "whereas" alone.
 */
export const CLAUSE_SPLIT = /[,;]\s{0,3}(?:while|whereas|but|and|although|though)\s|;|\s(?:while|whereas)\s/i;

/** Words that open a sentence and point back to the previous sentence's subject. */
const ANAPHORS: ReadonlySet<string> = new Set(['it', 'its', 'he', 'his', 'she', 'her', 'they', 'their']);
/** How far into a sentence (characters) a name still reads as its subject. */
const SUBJECT_REACH = 30;
/** Longest subject name read (characters). */
const SUBJECT_NAME_MAX = 60;

/**
 * The terms of the name a sentence opens with ("The Golden Gate Bridge opened ..."), if any. A
 * sentence that opens with a pronoun refers to the previous sentence's subject: that name, else
 * what the previous sentence's own pronoun referred to ("It lives ... Its diet ..."), else the last
 * name a sentence of the source opened with ("At the time it was ... Its chief engineer
 * was ..."), else the previous sentence's first content term ("The library is open ... It is
 * closed on Sundays"). Only the subject, not the whole previous sentence: with the whole sentence
 * counted, 5 of HaluEval's hallucinated answers (1 before) read as restatements of one sentence.
 */
function subjectName(text: string): ReadonlySet<string> | undefined {
  // Only the sentence's opening is read: a name that starts past SUBJECT_REACH is no subject.
  const name = extractEntities(text.slice(0, SUBJECT_REACH + SUBJECT_NAME_MAX))[0];
  return name && name.start <= SUBJECT_REACH
    ? new Set(name.tokens.map((t) => canonical(stem(t))))
    : undefined;
}

/**
 * The claims a SourceIndex will be asked about, read once: each claim's tokens and content terms,
 * and their word trigrams and term bigrams.
 */
interface ClaimNgrams {
  words: Map<Claim, ClaimWords>;
  trigrams: NgramSet;
  bigrams: NgramSet;
}

interface ClaimWords {
  tokens: Token[];
  terms: string[];
  /** The claim with its two conjuncts swapped ("Melbourne and Sydney" -> "Sydney and Melbourne"). */
  commuted?: { texts: string[]; terms: string[] };
}

const COORDINATORS = new Set(['and', 'or', '&']);
/** Longest conjunct (tokens) that commuted() swaps: a short answer's list, not two clauses. */
const MAX_CONJUNCT = 5;

/**
 * The tokens of a short answer "A and B" as "B and A", or null. A coordination means the same in
 * either order, and a right answer often lists what its source lists in another order ("chemistry
 * and physics" from "physics and chemistry"); read only as written it copies no trigram of the
 * source, which the model reads as a hallucination (HaluEval's right answers are copied spans).
 */
function commuted(tokens: readonly Token[]): Token[] | null {
  let at = -1;
  for (let i = 0; i < tokens.length; i++) {
    if (!COORDINATORS.has(tokens[i]?.text ?? '')) continue;
    if (at >= 0) return null;
    at = i;
  }
  if (at < 1 || at > MAX_CONJUNCT || tokens.length - at - 1 < 1 || tokens.length - at - 1 > MAX_CONJUNCT)
    return null;
  return [...tokens.slice(at + 1), tokens[at] as Token, ...tokens.slice(0, at)];
}

function ngramsOf(claims: readonly Claim[]): ClaimNgrams {
  const words = new Map<Claim, ClaimWords>();
  const trigrams = new NgramSet();
  const bigrams = new NgramSet();
  const add = (tokens: Token[]): { texts: string[]; terms: string[] } => {
    const texts = tokens.map((t) => t.text);
    for (let i = 0; i + 3 <= texts.length; i++) trigrams.add(texts, i, 3);
    const t = termsOf(tokens);
    for (let i = 0; i + 2 <= t.length; i++) bigrams.add(t, i, 2);
    return { texts, terms: t };
  };
  for (const c of claims) {
    const tokens = readTokens(c.text);
    const { terms: t } = add(tokens);
    const swapped = commuted(tokens);
    words.set(c, { tokens, terms: t, ...(swapped ? { commuted: add(swapped) } : {}) });
  }
  return { words, trigrams, bigrams };
}

/**
 * An index over the sources, built once per request and reused for every claim.
 *
 * Tried on 2026-12-02 (branch h-summ), not kept: aligning each claim word to the sources among its
 * neighbours in the claim (a source word no sentence writes beside any of them: misplaced; the
 * source terms between its two neighbours where a sentence writes them up to 4 terms apart: a
 * slot holding another number, an opposite, an unrelated word, or nothing), as six features and
 * as residue tags. SummEdits by document folds 0.632 / AUC 0.688 with the features against 0.636
 * / 0.686 without; with one-sentence summaries judged as long, 0.656 / 0.710 with features and
 * tags against 0.658 / 0.708. Consistent SummEdits summaries fire them as often as inconsistent
 * ones (misplaced 0.67 / 0.70, slot changed 0.54 / 0.48): the reference summaries paraphrase, so a
 * word out of its source context is the norm; only a slot number (0.016 / 0.083) and a slot
 * opposite (0.001 / 0.035) are precise, and number_conflict and the antonym features already see
 * most of those.
 */
export class SourceIndex {
  readonly passages: Passage[];
  private readonly clauseCache = new Map<number, ReadonlySet<string>[]>();
  private readonly frameCache = new Map<number, Map<string, Set<string>>>();
  /** Words in the indexed sources. */
  readonly words: number;
  private readonly bm25: Bm25Index;
  private readonly allTerms = new Set<string>();
  private readonly allWords = new Set<string>();
  private readonly numberValues = new Set<number>();
  private readonly sortedNumbers: number[] = [];
  /**
   * The claims' word trigrams (as written: how much of a claim is copied verbatim) and term
   * bigrams, marked where the sources have them.
   */
  private readonly claimNgrams: ClaimNgrams;
  private readonly anyNegated: boolean;
  /** Plain stems of the sources (no synonym folding): the word-overlap measure's vocabulary. */
  private readonly plainTerms = new Set<string>();
  private readonly maxDf: number;
  /** WordNet keys of all the sources' terms and of each passage used as best, built on first need. */
  private docKeys: WordnetKeys | undefined;
  private readonly passageKeys = new Map<Passage, WordnetKeys>();
  private readonly passageRoles = new Map<number, Set<string>>();

  /**
   * The index is built for the claims it will check (`measure` reads their n-grams, found while
   * the sources were scanned; see NgramSet).
   */
  constructor(sources: { id: string; text: string }[], claims: readonly Claim[]) {
    const parts = new Set<string>();
    this.claimNgrams = ngramsOf(claims);
    this.passages = buildPassages(sources, this.allWords, this.plainTerms, parts, this.claimNgrams);
    let words = 0;
    for (const p of this.passages) words += p.words;
    this.words = words;
    this.anyNegated = this.passages.some((p) => p.negated);
    this.bm25 = new Bm25Index(this.passages.map((p) => p.terms));
    for (const t of parts) this.allTerms.add(t);
    for (const p of this.passages) {
      for (const t of p.termSet) this.allTerms.add(t);
      for (const n of p.numbers) {
        this.numberValues.add(n.value);
        this.sortedNumbers.push(n.value);
      }
      for (let i = 0; i + 2 <= p.terms.length; i++) this.claimNgrams.bigrams.mark(p.terms, i, 2);
    }
    this.sortedNumbers.sort((a, b) => a - b);
    this.maxDf = Math.max(3, Math.ceil(COMMON_TERM_SHARE * this.passages.length));
  }

  /** Share of `text`'s content terms found anywhere in the sources (word overlap, stemmed). */
  overlap(text: string): number {
    const t = terms(text);
    if (t.length === 0) return 1;
    let found = 0;
    for (const x of t) if (this.allTerms.has(x)) found++;
    return found / t.length;
  }

  /**
   * Share of `text`'s content words (stemmed, no synonyms) found in the sources: the plain word
   * overlap, the strongest single source-independent measure, which the model starts from.
   */
  wordOverlap(text: string): number {
    const tokens = readTokens(text);
    const t = contentTermsOf(tokens.filter((_, i) => !isFiller(tokens, i)));
    if (t.length === 0) return 1;
    let found = 0;
    for (const x of t) if (this.plainTerms.has(x)) found++;
    return found / t.length;
  }

  /** A value within 1 % of `v` among the source numbers (binary search). */
  private hasNear(v: number): boolean {
    if (this.numberValues.has(v)) return true;
    const tol = 0.01 * Math.abs(v);
    let lo = 0;
    let hi = this.sortedNumbers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sortedNumbers[mid] ?? 0) < v - tol) lo = mid + 1;
      else hi = mid;
    }
    const near = this.sortedNumbers[lo];
    return near !== undefined && near <= v + tol;
  }

  /**
   * The source figure a hedged claim figure rounds ("around 9,300" for 9,289, "about 2,000" for
   * 1,942): within half the claim figure's own last place (its trailing zeros), else undefined.
   */
  private roundedFrom(v: number): number | undefined {
    if (!Number.isInteger(v) || v < 10) return undefined;
    let place = 1;
    while (place < 1e12 && v % (place * 10) === 0) place *= 10;
    if (place === 1) return undefined;
    const lo = v - place / 2;
    let i = 0;
    let hi = this.sortedNumbers.length;
    while (i < hi) {
      const mid = (i + hi) >> 1;
      if ((this.sortedNumbers[mid] ?? 0) < lo) i = mid + 1;
      else hi = mid;
    }
    const near = this.sortedNumbers[i];
    return near !== undefined && near <= v + place / 2 ? near : undefined;
  }

  /**
   * The claim's hedged figures that round a source figure, as claim term -> source term and the raw
   * words to pass: "roughly 9,300 kilometres" states the source's 9,289, it adds no figure.
   */
  private roundedFigures(text: string): { terms: Map<string, string>; words: Set<string> } {
    const out = { terms: new Map<string, string>(), words: new Set<string>() };
    for (const n of extractNumbers(text)) {
      if (n.kind !== 'number' || this.numberValues.has(n.value)) continue;
      if (!HEDGED_FIGURE.test(text.slice(Math.max(0, n.start - 24), n.start))) continue;
      const source = this.roundedFrom(n.value);
      if (source === undefined) continue;
      const [claimTerm] = terms(n.raw);
      const [sourceTerm] = terms(String(source));
      if (claimTerm && sourceTerm) out.terms.set(claimTerm, sourceTerm);
      out.words.add(n.raw.replace(/,/g, ''));
    }
    return out;
  }

  /** The role triples of passage `doc`, read on first need (each passage at most once). */
  private rolesOf(doc: number): Set<string> {
    let keys = this.passageRoles.get(doc);
    if (!keys) {
      keys = tripleKeys(this.passages[doc]?.text ?? '');
      this.passageRoles.set(doc, keys);
    }
    return keys;
  }

  /** How a term the sources never write relates to the best passage's words and to all of theirs. */
  private relations(t: string, best: Passage | undefined): { best: WordnetRelation; doc: WordnetRelation } {
    this.docKeys ??= wordnetKeys(this.allTerms);
    let bestKeys = best ? this.passageKeys.get(best) : undefined;
    if (best && !bestKeys) {
      bestKeys = wordnetKeys(best.termSet);
      this.passageKeys.set(best, bestKeys);
    }
    return {
      best: bestKeys ? wordnetRelation(t, bestKeys) : 'unknown',
      doc: wordnetRelation(t, this.docKeys),
    };
  }

  /**
   * The worst clause of `text`: the share of its `written` terms that the best clause of a passage
   * of `hits` holds (1 when every clause of the claim holds in one clause of the source).
   */
  private clauseShare(text: string, written: ReadonlySet<string>, hits: readonly { doc: number }[]): number {
    const sourceClauses = hits.flatMap((h) => this.clausesOf(h.doc));
    let worst = 1;
    for (const part of text.split(CLAUSE_SPLIT)) {
      const own = terms(part).filter((t) => written.has(t));
      if (own.length === 0) continue;
      let best = 0;
      for (const c of sourceClauses) {
        let n = 0;
        for (const t of own) if (c.has(t)) n++;
        best = Math.max(best, n / own.length);
      }
      worst = Math.min(worst, best);
    }
    return worst;
  }

  /**
   * Whether `opposite` (of the claim's word `t`) stands in a clause of a passage of `hits` with
   * another of the claim's words, or the claim has no other word or the sentence no other clause.
   */
  private oppositeOfClaim(
    opposite: string,
    t: string,
    claim: ReadonlySet<string>,
    hits: readonly { doc: number }[],
  ): boolean {
    if (claim.size < 2) return true;
    let found = false;
    for (const h of hits) {
      const clauses = this.clausesOf(h.doc);
      for (const c of clauses) {
        if (!c.has(opposite)) continue;
        found = true;
        if (clauses.length === 1) return true;
        for (const other of claim) if (other !== t && c.has(other)) return true;
      }
    }
    // Written nowhere in the passages found (only elsewhere in the sources): as before.
    return !found;
  }

  /** Whether every one of `wanted` stands in one clause of the passages `hits`. */
  private inOneClause(wanted: readonly string[], hits: readonly { doc: number }[]): boolean {
    return hits.some((h) => this.clausesOf(h.doc).some((c) => wanted.every((t) => c.has(t))));
  }

  /**
   * The word frames of passage `doc`, built once: every claim reads the frames of its best passages,
   * so rebuilding them per claim cost claims x passage length (a 64 KB source without a sentence end
   * took 0.7 s against a 200-claim answer).
   */
  private framesOf(doc: number): Map<string, Set<string>> {
    let frames = this.frameCache.get(doc);
    if (!frames) {
      frames = wordFrames([this.passages[doc]?.text ?? '']);
      this.frameCache.set(doc, frames);
    }
    return frames;
  }

  /** The term sets of passage `doc`'s clauses (the sentence's antecedent counts in each), built once. */
  private clausesOf(doc: number): ReadonlySet<string>[] {
    const cached = this.clauseCache.get(doc);
    if (cached) return cached;
    const p = this.passages[doc];
    const out = p
      ? p.text.split(CLAUSE_SPLIT).map((c) => new Set([...terms(c), ...(p.antecedent ?? [])]))
      : [];
    this.clauseCache.set(doc, out);
    return out;
  }

  /** Checks one claim and returns the measurements behind its label. */
  measure(
    claim: Claim,
    question: string | undefined,
    opts: GroundingOptions,
  ): { result: ClaimResult; features: ClaimFeatures; residue: string[] } {
    const issues: string[] = [];
    const read = this.claimNgrams.words.get(claim);
    if (!read) throw new Error('SourceIndex.measure: a claim the index was not built for');
    const rounded = this.roundedFigures(claim.text);
    const claimTerms =
      rounded.terms.size === 0 ? read.terms : read.terms.map((t) => rounded.terms.get(t) ?? t);
    const questionTerms = new Set(claim.withQuestion && question ? terms(question) : []);
    // The terms the claim adds beyond the question are what need support.
    let target = claimTerms.filter((t) => !questionTerms.has(t) && !YES_NO.has(t));
    const added = new Set(target).size;
    // A bare "yes" or "no" asserts the question's proposition: then what it is about (the names
    // the question asks of) must be grounded; its frame words ("same", "both") need no source.
    if (target.length === 0 && question) target = terms(namesOf(question));
    if (target.length === 0) target = [...questionTerms];
    if (target.length === 0) target = claimTerms;
    const hits = this.bm25.search(
      terms(claim.query).filter((t) => this.bm25.df(t) <= this.maxDf),
      3,
    );
    const best = hits[0] ? this.passages[hits[0].doc] : undefined;
    const window = new Set<string>();
    for (const h of hits.slice(0, LOCAL_PASSAGES))
      for (const t of this.passages[h.doc]?.termSet ?? []) window.add(t);

    // How WordNet relates each word the sources lack, read once for coverage and features.
    const related = new Map<string, { best: WordnetRelation; doc: WordnetRelation }>();
    // IDF-weighted coverage: rare words (names, numbers) count more than common ones.
    let total = 0;
    let local = 0;
    let global = 0;
    for (const t of new Set(target)) {
      const w = Math.min(4, Math.max(0.5, this.bm25.idf(t) || 4));
      total += w;
      if (window.has(t)) local += w;
      if (this.allTerms.has(t)) global += w;
      else {
        // A word the sources write in another form ("bike" for "bicycle"): most of the credit.
        const r = this.relations(t, best);
        related.set(t, r);
        if (r.best === 'synonym' || r.best === 'derived') local += SYNONYM_CREDIT * w;
        if (r.doc === 'synonym' || r.doc === 'derived') global += SYNONYM_CREDIT * w;
      }
    }
    const coverage = total === 0 ? 0 : (LOCAL_WEIGHT * local + (1 - LOCAL_WEIGHT) * global) / total;
    let support = coverage;
    let contradicted = false;
    const f: ClaimFeatures = {
      local: total === 0 ? 0 : local / total,
      global: total === 0 ? 0 : global / total,
      novel: 0,
      novelRate: 0,
      copied: 0,
      bigrams: 0,
      entityMissing: 0,
      numberMissing: 0,
      numberConflict: 0,
      negationMismatch: 0,
      antonym: 0,
      swapped: 0,
      opposite: 0,
      support: 0,
      withQuestion: claim.withQuestion ? 1 : 0,
      answersQuestion: claim.answersQuestion ? 1 : 0,
      personal: 0,
      opinion: 0,
      addressee: 0,
      asks: claim.text.includes('?') ? 1 : 0,
      digitMissing: 0,
      capsMissing: 0,
      negationDiff: 0,
      negationInserted: 0,
      negationMore: 0,
      antonymBest: 0,
      antonymDoc: 0,
      words: 0,
      wnSiblingBest: 0,
      wnSiblingDoc: 0,
      wnAntonym: 0,
      wnNarrower: 0,
      wnUnexplained: 0,
      colocated: 0,
      clauseColocated: 0,
      clauseGap: 0,
      inQuestionClause: 0,
      stated: 0,
      added: 0,
      unstated: 0,
      substituted: 0,
      negatedSentence: 0,
    };
    const stated = new Set(claimTerms.filter((t) => !YES_NO.has(t)));
    // A claim that opens with a subject pronoun ("It is in Tanzania." to "Which country is
    // Kilimanjaro in?") speaks of what the question names: those names count as stated, so the
    // claim must hold in a source sentence that writes them (restated.ts reads co-location).
    if (claim.withQuestion && question && SUBJECT_PRONOUNS.has(read.tokens[0]?.text.toLowerCase() ?? ''))
      for (const t of terms(namesOf(question))) stated.add(t);
    f.stated = stated.size;
    f.added = added;
    for (const t of questionTerms) if (!stated.has(t)) f.unstated++;
    const written = [...stated].filter((t) => this.allTerms.has(t));
    for (const h of hits) {
      const p = this.passages[h.doc];
      if (!p || written.length === 0) continue;
      let n = 0;
      for (const t of written) if (p.termSet.has(t) || p.antecedent?.has(t)) n++;
      f.colocated = Math.max(f.colocated, n / written.length);
    }
    const targetSet = new Set(target);
    let replaced = false;
    for (const t of targetSet) {
      // An opposite counts where it stands in a clause with another word of the claim: in "revenue
      // of $4.2 billion, up 8%, while net income fell 3%", "fell" is net income's, not revenue's
      // ("Revenue rose 8% to $4.2 billion" reverses nothing; probe t40a).
      const opposites = oppositesOf(t).filter((o) => this.oppositeOfClaim(o, t, targetSet, hits));
      // A word the best passage lacks while it writes its opposite: "rose" where it says "fell".
      if (best && !best.termSet.has(t) && opposites.some((o) => best.termSet.has(o))) {
        f.antonymBest = 1;
        // Only a claim that does not write the opposite too replaced it ("opens weekdays ... closed
        // Sundays" replaced neither).
        if (opposites.some((o) => best.termSet.has(o) && !targetSet.has(o) && !stated.has(o)))
          replaced = true;
      }
      if (this.allTerms.has(t)) continue;
      f.novel++;
      // An opposite of the missing word in the evidence: "rose" where the source says "fell".
      if (opposites.some((o) => window.has(o) || (best?.termSet.has(o) ?? false))) f.antonym = 1;
      if (opposites.some((o) => this.allTerms.has(o))) f.antonymDoc = 1;
      const r = related.get(t) ?? this.relations(t, best);
      if (r.best === 'sibling') f.wnSiblingBest = 1;
      if (r.doc === 'sibling') f.wnSiblingDoc = 1;
      if (r.best === 'antonym' || r.doc === 'antonym') f.wnAntonym = 1;
      if (r.doc === 'narrower') f.wnNarrower = 1;
      if (r.doc !== 'synonym' && r.doc !== 'broader' && r.doc !== 'derived') f.wnUnexplained++;
    }
    f.novelRate = targetSet.size === 0 ? 0 : f.novel / targetSet.size;
    if (claim.withQuestion && f.colocated === 1) {
      f.clauseGap = 1 - this.clauseShare(claim.text, new Set(written), hits);
      f.clauseColocated = f.clauseGap === 0 ? 1 : 0;
    }
    if (claim.withQuestion && written.length > 0) {
      const asked = [...questionTerms].filter((t) => this.allTerms.has(t) && !YES_NO.has(t));
      if (asked.length > 0 && this.inOneClause([...written, ...asked], hits)) f.inQuestionClause = 1;
    }
    f.wnUnexplained = targetSet.size === 0 ? 0 : f.wnUnexplained / targetSet.size;
    const raw = read.tokens;
    f.words = raw.length;
    const rawTexts = raw.map((t) => t.text);
    // The best passages' word frames, for an answer to a question.
    let frames: Map<string, Set<string>>[] | undefined;
    const framesOf = (): Map<string, Set<string>>[] => {
      frames ??= hits.map((h) => this.framesOf(h.doc));
      return frames;
    };
    const qRaw = claim.withQuestion && question ? rawWords(question) : new Set<string>();
    let digits = 0;
    let caps = 0;
    // The residue: the claim's words written nowhere in the sources, by word and by shape.
    const residue: string[] = [];
    raw.forEach((t, i) => {
      if (FIRST_PERSON.has(t.text)) f.personal = 1;
      if (OPINION.has(t.text)) f.opinion = 1;
      if (ADDRESSEE.has(t.text)) f.addressee = 1;
      const w = rawWord(t);
      // Only an answer to a question reads its frames (restated.ts is their one reader).
      if (
        claim.withQuestion &&
        f.substituted === 0 &&
        !qRaw.has(w) &&
        !STOPWORDS.has(t.text) &&
        w.length >= 2
      )
        if (substitutes(rawTexts, i, framesOf())) f.substituted = 1;
      if (this.allWords.has(w) || qRaw.has(w) || isFiller(raw, i) || rounded.words.has(w)) return;
      const unit = NUMBER_UNIT.exec(w);
      if (
        unit &&
        this.allWords.has(unit[1] as string) &&
        this.allTerms.has(canonical(stem(unit[2] as string)))
      )
        return;
      if (hasDigit(w)) {
        digits++;
        residue.push('#digit');
        return;
      }
      if (i > 0 && isUpper(claim.text[t.start] ?? '')) {
        caps++;
        residue.push('#caps');
      }
      if (w.length < 2 || STOPWORDS.has(t.text)) {
        if (NEGATORS.has(t.text)) residue.push(t.text);
        return;
      }
      const key = canonical(stem(w));
      if (this.allTerms.has(key)) return;
      residue.push(w);
      // How WordNet relates it to the best passage and to the sources ('#wn:sibling/synonym').
      const rel = this.relations(key, best);
      residue.push(`#wn:${rel.best}/${rel.doc}`);
      // A negating prefix on a word the sources write: "unchanged" where they say "changed".
      for (const p of NEGATING_PREFIXES)
        if (w.startsWith(p) && w.length > p.length + 2 && this.plainTerms.has(stem(w.slice(p.length)))) {
          residue.push('#prefixed');
          break;
        }
      // The sources write the word with a negating prefix: "consolidated" where they say "unconsolidated".
      for (const p of NEGATING_PREFIXES)
        if (this.plainTerms.has(stem(p + w))) {
          residue.push('#unprefixed');
          break;
        }
    });
    f.digitMissing = Math.min(2, digits) / 2;
    f.capsMissing = Math.min(2, caps) / 2;
    const copiedShare = (texts: readonly string[]): number => {
      let tri = 0;
      let triHits = 0;
      for (let i = 0; i + 3 <= texts.length; i++) {
        tri++;
        if (this.claimNgrams.trigrams.isMarked(texts, i, 3)) triHits++;
      }
      return tri === 0 ? (raw.every((t) => this.allWords.has(rawWord(t))) ? 1 : 0) : triHits / tri;
    };
    const bigramShare = (ts: readonly string[]): number => {
      let pairs = 0;
      let pairHits = 0;
      for (let i = 1; i < ts.length; i++) {
        const b = ts[i];
        if (!ts[i - 1] || !b || !targetSet.has(b)) continue;
        pairs++;
        if (this.claimNgrams.bigrams.isMarked(ts, i - 1, 2)) pairHits++;
      }
      return pairs === 0 ? 1 : pairHits / pairs;
    };
    // A coordination is read in either order (commuted()): the better of the two counts.
    const swapped = read.commuted;
    f.copied = Math.max(copiedShare(raw.map((t) => t.text)), swapped ? copiedShare(swapped.texts) : 0);
    // A bare "yes" or "no" copies no words: what it asserts is the question's proposition, so it is
    // as copied as the names it is about are found (every one of HaluEval's 27 was scored 0.78).
    if (claim.withQuestion && question !== undefined && isBareYesNo(claim.text)) f.copied = f.global;
    f.bigrams = Math.max(bigramShare(claimTerms), swapped ? bigramShare(swapped.terms) : 0);

    // Named entities of the claim (outside the question) must appear in the sources.
    const qWords = qRaw;
    const claimEntities = extractEntities(claim.text);
    for (const e of claimEntities) {
      const fresh = e.tokens.filter((t) => !qWords.has(t));
      if (fresh.length === 0) continue;
      // A capitalized "May" inside a name is the month, as the sources' words read it ("May 1937").
      const found = fresh
        .map((t) => (t === 'may' ? MONTH_MAY : t))
        .filter((t) => this.allWords.has(t) || this.allTerms.has(canonical(stem(t)))).length;
      if (found / fresh.length < 0.67) {
        issues.push(`entity not in sources: ${e.raw}`);
        support *= 0.5;
        f.entityMissing = 1;
      }
    }
    // Two named things in the claim that the evidence names in the other order ("A beat B") was
    // the swap test until 2026-12-03 (h-trust): it read a passive paraphrase ("B was acquired by
    // A") as a swap and fired on 31 of 1,648 consistent SummEdits summaries against 28 of 3,033
    // inconsistent ones (2 / 3 inconsistent, 0 consistent of HaluEval / BEGIN). Zeroing it moved
    // `TRUSTGUARD_EVAL=lodo,folds npm run eval -- trustguard` leave-one-set-out SummEdits 0.580
    // -> 0.585 (AUC 0.629 -> 0.634), folds 0.655 -> 0.656, HaluEval and BEGIN unchanged; the role
    // reading below replaces it.
    // The same two things around the same verb in the other roles: "B acquired A" where it says "A acquired B".
    const triples = hits.length > 0 ? roleTriples(claim.text, raw, claimEntities) : [];
    const role =
      triples.length > 0
        ? swappedRole(
            triples,
            hits.map((h) => this.rolesOf(h.doc)),
          )
        : undefined;
    if (role) {
      issues.push(`${role.agent} and ${role.patient} swap roles in the evidence`);
      contradicted = true;
      support *= 0.5;
      f.swapped = 1;
    }

    // Numbers must match; a different number of the same kind in the evidence is a contradiction.
    const qNumbers = new Set(
      claim.withQuestion && question ? extractNumbers(question).map((n) => n.value) : [],
    );
    for (const n of extractNumbers(claim.text)) {
      if (qNumbers.has(n.value)) continue;
      if (
        n.kind === 'year'
          ? this.numberValues.has(n.value)
          : this.hasNear(n.value) || rounded.words.has(n.raw.replace(/,/g, ''))
      ) {
        // The same figure moving the other way is a changed fact: "fell 12%" where the source says "rose 12%".
        const twin =
          n.kind === 'year' ? undefined : best?.numbers.find((s) => s.kind === n.kind && s.value === n.value);
        const claimWay = twin ? changeDirection(claim.text, n.start, n.end) : 0;
        if (
          twin &&
          best &&
          claimWay !== 0 &&
          claimWay === -changeDirection(best.text, twin.start, twin.end)
        ) {
          issues.push(`${n.raw} moves the other way in the evidence`);
          contradicted = true;
          f.numberConflict = 1;
          support *= 0.4;
        }
        continue;
      }
      const rival = best?.numbers.find((s) => s.kind === n.kind);
      if (rival && coverage >= 0.3) {
        issues.push(`number ${n.raw} conflicts with ${rival.raw} in the evidence`);
        contradicted = true;
        f.numberConflict = 1;
      } else {
        issues.push(`number not in sources: ${n.raw}`);
        f.numberMissing = 1;
      }
      support *= 0.4;
    }

    // A negation on one side only, with otherwise strong overlap, reverses the claim.
    // A bare "no" answers the question; its negation is the answer's polarity, not a reversed statement.
    const bare = claim.withQuestion && question !== undefined && isBareYesNo(claim.text);
    if (!bare && best && coverage >= 0.7 && isNegated(claim.text) !== best.negated) {
      const claimNeg = isNegated(claim.text);
      if (!(claim.withQuestion && question && isNegated(question) === claimNeg)) {
        issues.push(claimNeg ? 'claim negates what the evidence states' : 'evidence negates the claim');
        contradicted = true;
        support *= 0.5;
        f.negationMismatch = 1;
      }
    }
    // A negated sentence of the sources whose every word the claim states without any negation:
    // "Sale items can be returned within 30 days" where one sentence says "Sale items cannot be
    // returned" and the best passage is another ("returns within 30 days").
    if (
      !bare &&
      !contradicted &&
      negationCount(raw) === 0 &&
      !isNegated(claim.text) &&
      !EXCEPTING.test(claim.text)
    ) {
      const negatedHere = hits.some((h) => {
        const p = this.passages[h.doc];
        return p?.negated === true && p.termSet.size >= 2 && [...p.termSet].every((t) => stated.has(t));
      });
      if (negatedHere) {
        issues.push('evidence negates the claim');
        contradicted = true;
        support *= 0.5;
        f.negatedSentence = 1;
      }
    }
    // A word the best passage lacks while it writes the word's opposite, with otherwise strong
    // overlap, reverses the claim as a negation does: "cut its forecast" where it says "raised".
    // The swapped word is itself missing, and rare, so the bar is lower than for a negation.
    if (!bare && !contradicted && best && coverage >= 0.5 && replaced) {
      issues.push('the evidence states the opposite');
      contradicted = true;
      f.opposite = 1;
      support *= 0.5;
    }
    if (!bare && best && isNegated(claim.text) !== best.negated) {
      const claimNeg = isNegated(claim.text);
      if (!(claim.withQuestion && question && isNegated(question) === claimNeg)) f.negationDiff = 1;
    }
    if (!bare && !this.anyNegated && isNegated(claim.text)) f.negationInserted = 1;
    if (!bare && best && negationCount(raw) > best.negations) f.negationMore = 1;
    f.support = support;

    const label: ClaimLabel = contradicted
      ? 'contradicted'
      : support >= opts.supportThreshold
        ? 'supported'
        : 'unsupported';
    if (label === 'unsupported' && issues.length === 0)
      issues.push('little of the claim appears in the sources');
    const result: ClaimResult = {
      text: claim.text,
      span: claim.span,
      label,
      support: round(support),
      evidence: best
        ? { source_id: best.sourceId, text: best.text, span: { start: best.start, end: best.end } }
        : null,
      issues,
    };
    return { result, features: f, residue };
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export interface GroundingResult {
  claims: ClaimResult[];
  /** Measurements per checked claim, in claim order (the classifier's inputs). */
  features: ClaimFeatures[];
  /** Claims in the answer; only the first MAX_CLAIMS are checked. */
  claimsTotal: number;
  /** Words in the indexed sources (a summary is much shorter than what it summarizes). */
  sourceWords: number;
  /** Share of the answer's content terms found in the sources. */
  overlap: number;
  /** Share of the answer's plain content words (no synonym folding) found in the sources. */
  wordOverlap: number;
  /** Length-weighted share of supported claims. */
  groundedness: number;
  /** Length-weighted mean support, a smoother score for ranking. */
  meanSupport: number;
  /**
   * The answer's words written nowhere in the sources (lower case, distinct, at most MAX_RESIDUE)
   * and their shapes ('#digit', '#caps', '#prefixed' for a negating prefix on a source word,
   * '#unprefixed' for a source word's prefix dropped): what the lexicon stage reads.
   */
  residue: string[];
  /** The answer's first letter is a capital (written prose, not a lower-case chat reply). */
  capitalized: boolean;
}

/** Whether the first letter among the first 20 characters of a text is a capital. */
function opensCapitalized(text: string): boolean {
  const n = Math.min(text.length, 20);
  for (let i = 0; i < n; i++) {
    const ch = text[i] ?? '';
    if (ch.toLowerCase() !== ch.toUpperCase()) return isUpper(ch);
  }
  return false;
}

function distinctResidue(perClaim: string[][]): string[] {
  const out = new Set<string>();
  for (const words of perClaim)
    for (const w of words) {
      if (out.size >= MAX_RESIDUE) return [...out];
      out.add(w.toLowerCase());
    }
  return [...out];
}

export function ground(
  text: string,
  sources: { id: string; text: string }[],
  question: string | undefined,
  opts: GroundingOptions,
): GroundingResult {
  const all = extractClaims(text, question);
  const checked = all.slice(0, MAX_CLAIMS);
  const index = new SourceIndex(sources, checked);
  const measured = checked.map((c) => index.measure(c, question, opts));
  const claims = measured.map((m) => m.result);
  // A bare "yes" or "no" asserts the question's proposition: its overlap is the question's.
  const asserted = question && isBareYesNo(text) ? namesOf(question) || question : text;
  const capped = asserted.length > 20_000 ? asserted.slice(0, 20_000) : asserted;
  let total = 0;
  let supported = 0;
  let support = 0;
  for (const c of claims) {
    const w = c.span.end - c.span.start;
    total += w;
    if (c.label === 'supported') supported += w;
    if (c.label !== 'contradicted') support += w * c.support;
  }
  return {
    claims,
    features: measured.map((m) => m.features),
    claimsTotal: all.length,
    sourceWords: index.words,
    overlap: index.overlap(capped),
    wordOverlap: index.wordOverlap(capped),
    groundedness: total === 0 ? 1 : supported / total,
    meanSupport: total === 0 ? 1 : support / total,
    residue: distinctResidue(measured.map((m) => m.residue)),
    capitalized: opensCapitalized(text),
  };
}
