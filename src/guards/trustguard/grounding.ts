import { Bm25Index } from '../../text/bm25.js';
import { splitSentences } from '../../text/sentences.js';
import { stem } from '../../text/stem.js';
import { STOPWORDS } from '../../text/stopwords.js';
import { type Token, tokenize } from '../../text/tokenize.js';
import { type Claim, extractClaims } from './claims.js';
import { extractEntities, extractNumbers, isNegated, type NumberFact } from './facts.js';
import type { ClaimLabel, ClaimResult } from './schema.js';
import { canonical } from './synonyms.js';

const YES_NO = new Set(['yes', 'no']);
// Support counts half from the two best passages and half from the sources as a whole, so a
// multi-hop answer drawn from another sentence is not lost, but a distractor scores lower.
const LOCAL_PASSAGES = 2;
const LOCAL_WEIGHT = 0.5;

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
}

export interface GroundingOptions {
  /** Support at or above which a claim counts as supported. */
  supportThreshold: number;
}

/** Content terms with stemming and synonym folding, as used on both sides of the comparison. */
function termsOf(tokens: Token[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (t.text.length < 2 && !/\d/.test(t.text)) continue;
    if (STOPWORDS.has(t.text)) continue;
    out.push(canonical(stem(t.text.replace(/['’]s$/, '').replace(/,/g, ''))));
  }
  return out;
}
const terms = (text: string): string[] => termsOf(tokenize(text));

const rawWord = (t: Token): string => t.text.replace(/['’]s$/, '').replace(/['’]/g, '');
const rawWords = (text: string): Set<string> => new Set(tokenize(text).map(rawWord));

/** Splits the sources into passages, tokenizing each sentence once for both terms and raw words. */
function buildPassages(sources: { id: string; text: string }[], words: Set<string>): Passage[] {
  const passages: Passage[] = [];
  for (const source of sources) {
    for (const s of splitSentences(source.text)) {
      const tokens = tokenize(s.text);
      for (const t of tokens) words.add(rawWord(t));
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
      });
    }
  }
  return passages;
}

/** An index over the sources, built once per request and reused for every claim. */
export class SourceIndex {
  readonly passages: Passage[];
  private readonly bm25: Bm25Index;
  private readonly allTerms = new Set<string>();
  private readonly allWords = new Set<string>();
  private readonly allNumbers: NumberFact[] = [];

  constructor(sources: { id: string; text: string }[]) {
    this.passages = buildPassages(sources, this.allWords);
    this.bm25 = new Bm25Index(this.passages.map((p) => p.terms));
    for (const p of this.passages) {
      for (const t of p.termSet) this.allTerms.add(t);
      this.allNumbers.push(...p.numbers);
    }
  }

  /** Checks one claim against the sources. */
  check(claim: Claim, question: string | undefined, opts: GroundingOptions): ClaimResult {
    const issues: string[] = [];
    const claimTerms = terms(claim.text);
    const questionTerms = new Set(claim.withQuestion && question ? terms(question) : []);
    // The terms the claim adds beyond the question are what need support.
    let target = claimTerms.filter((t) => !questionTerms.has(t) && !YES_NO.has(t));
    // A bare "yes" or "no" asserts the question's proposition: then that proposition must be grounded.
    if (target.length === 0) target = [...questionTerms];
    if (target.length === 0) target = claimTerms;
    const hits = this.bm25.search(terms(claim.query), 3);
    const best = hits[0] ? this.passages[hits[0].doc] : undefined;
    const window = new Set<string>();
    for (const h of hits.slice(0, LOCAL_PASSAGES))
      for (const t of this.passages[h.doc]?.termSet ?? []) window.add(t);

    // IDF-weighted coverage: rare words (names, numbers) count more than common ones.
    let total = 0;
    let local = 0;
    let global = 0;
    for (const t of new Set(target)) {
      const w = Math.min(4, Math.max(0.5, this.bm25.idf(t) || 4));
      total += w;
      if (window.has(t)) local += w;
      if (this.allTerms.has(t)) global += w;
    }
    const coverage = total === 0 ? 0 : (LOCAL_WEIGHT * local + (1 - LOCAL_WEIGHT) * global) / total;
    let support = coverage;
    let contradicted = false;

    // Named entities of the claim (outside the question) must appear in the sources.
    const qWords = question && claim.withQuestion ? rawWords(question) : new Set<string>();
    for (const e of extractEntities(claim.text)) {
      const fresh = e.tokens.filter((t) => !qWords.has(t));
      if (fresh.length === 0) continue;
      const found = fresh.filter((t) => this.allWords.has(t) || this.allTerms.has(canonical(stem(t)))).length;
      if (found / fresh.length < 0.67) {
        issues.push(`entity not in sources: ${e.raw}`);
        support *= 0.5;
      }
    }

    // Numbers must match; a different number of the same kind in the evidence is a contradiction.
    const qNumbers = new Set(
      claim.withQuestion && question ? extractNumbers(question).map((n) => n.value) : [],
    );
    for (const n of extractNumbers(claim.text)) {
      if (qNumbers.has(n.value)) continue;
      if (this.allNumbers.some((s) => sameNumber(s, n))) continue;
      const rival = best?.numbers.find((s) => s.kind === n.kind);
      if (rival && coverage >= 0.3) {
        issues.push(`number ${n.raw} conflicts with ${rival.raw} in the evidence`);
        contradicted = true;
      } else {
        issues.push(`number not in sources: ${n.raw}`);
      }
      support *= 0.4;
    }

    // A negation on one side only, with otherwise strong overlap, reverses the claim.
    if (best && coverage >= 0.7 && isNegated(claim.text) !== best.negated) {
      const claimNeg = isNegated(claim.text);
      if (!(claim.withQuestion && question && isNegated(question) === claimNeg)) {
        issues.push(claimNeg ? 'claim negates what the evidence states' : 'evidence negates the claim');
        contradicted = true;
        support *= 0.5;
      }
    }

    const label: ClaimLabel = contradicted
      ? 'contradicted'
      : support >= opts.supportThreshold
        ? 'supported'
        : 'unsupported';
    if (label === 'unsupported' && issues.length === 0)
      issues.push('little of the claim appears in the sources');
    return {
      text: claim.text,
      span: claim.span,
      label,
      support: round(support),
      evidence: best
        ? { source_id: best.sourceId, text: best.text, span: { start: best.start, end: best.end } }
        : null,
      issues,
    };
  }
}

function sameNumber(a: NumberFact, b: NumberFact): boolean {
  if (a.value === b.value) return true;
  // Rounded figures ("about 6.2 km" for 6.213) count as the same number within 1 %.
  return a.kind === b.kind && a.kind !== 'year' && Math.abs(a.value - b.value) <= 0.01 * Math.abs(a.value);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export interface GroundingResult {
  claims: ClaimResult[];
  /** Length-weighted share of supported claims. */
  groundedness: number;
  /** Length-weighted mean support, a smoother score for ranking. */
  meanSupport: number;
}

export function ground(
  text: string,
  sources: { id: string; text: string }[],
  question: string | undefined,
  opts: GroundingOptions,
): GroundingResult {
  const index = new SourceIndex(sources);
  const claims = extractClaims(text, question).map((c) => index.check(c, question, opts));
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
    groundedness: total === 0 ? 1 : supported / total,
    meanSupport: total === 0 ? 1 : support / total,
  };
}
