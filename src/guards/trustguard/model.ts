import { existsSync, readFileSync } from 'node:fs';
import { DIMS, hashedDot, namedFeature, normalizeForModel } from '../../text/hashed-ngrams.js';
import { decodeSparse } from '../../text/sparse-weights.js';
import { EXTRACTIVE_CAP } from './extractive.js';
import type { GroundingResult } from './grounding.js';
import type { Signal } from './signals.js';

/**
 * TrustGuard's two small logistic models, trained by `npm run train:trustguard`
 * (scripts/train-trustguard.ts) and stored in model.weights.json:
 * - grounded: the answer's word overlap with its sources plus claim measurements (coverage, novel
 *   words, entities, numbers, negation, antonyms, swapped roles; copy measures for short answers)
 *   -> probability the answer is not supported by its sources;
 * - ungrounded: hashed word n-grams of the answer (the same hashing as BiasGuard's model) plus the
 *   risk-signal counts -> probability of a hallucination when no sources are given.
 * Both are Platt-calibrated; `threshold` is the calibrated probability at the decision point.
 */

/**
 * The grounded model's inputs, every one a share or a flag in [0, 1] that points towards "not
 * supported", so the scale is the same whatever the length of the answer or of its sources and a
 * weight learned on one data set carries to another:
 * - it starts from the plain word overlap (the share of the answer's content words found in the
 *   sources, the strongest single measure across data sets) and the claim-level coverage;
 * - then the contradictions overlap cannot see: a missing name, a missing or conflicting number,
 *   negation against matching evidence, an antonym of the evidence's word, two names swapped;
 * - a response that speaks of the speaker or gives an opinion (I, my, think, love), asks or
 *   addresses the reader states no checkable knowledge: dialogue data marks it not attributable;
 * - words the sources never write: ones with a digit ("Q2", "0.15"), capitalized names inside the
 *   claim, and a negation on one side of the claim and its best passage at any coverage;
 * - how WordNet relates the new words to the sources' (wordnet.ts): a sibling of a word of the
 *   best passage or of the sources ("Tuesday" for "Monday"), an antonym, a narrower word, and the
 *   share of new words no synonym, broader or derived word of the sources explains;
 * - short answers to a question ("Delhi") get their own intercept and copy measures (verbatim
 *   trigrams, term pairs), which only question-answer data can teach;
 * - long answers (summaries: LONG_ANSWER_WORDS words or more in two claims or more or in one
 *   sentence opening with a capital, no question, at most half as long as their sources) get their own intercept and a correction to the novelty weights: a summary
 *   paraphrases, so a word the sources do not write says less there than in a one-line answer,
 *   while an opposite word, an added negation or a changed number says as much.
 *   On top of the dense logit a long answer also reads its residue lexicon (residueIndices).
 * The trainer keeps every weight except the two intercepts at or above zero, and a long answer's
 * novelty weight (shared plus correction) at or above zero: more missing support never lowers the
 * risk, so a data set where a measure says little cannot turn it around.
 */
export const GROUNDED_FEATURES = [
  'missing_words',
  'missing_terms',
  'max_novel_rate',
  'mean_novel_rate',
  'unsupported_min',
  'unsupported_mean',
  'unsupported_share',
  'uncovered_max',
  'any_novel',
  'entity_missing',
  'number_missing',
  'number_conflict',
  'negation_mismatch',
  'antonym',
  'swapped',
  'personal_share',
  'personal_any',
  'opinion_share',
  'personal_or_opinion_share',
  'asks',
  'addressee',
  'digit_missing',
  'caps_missing',
  'negation_diff',
  'negation_inserted',
  'negation_more',
  'antonym_best',
  'antonym_doc',
  'wn_sibling_best',
  'wn_sibling_doc',
  'wn_antonym',
  'wn_narrower',
  'wn_unexplained_max',
  'wn_unexplained_mean',
  'long_answer',
  'long_missing_words',
  'long_missing_terms',
  'long_max_novel_rate',
  'long_mean_novel_rate',
  'long_unsupported_min',
  'long_unsupported_mean',
  'long_unsupported_share',
  'long_uncovered_max',
  'long_any_novel',
  'short_answer',
  'short_bigrams_missing_max',
  'short_bigrams_missing_mean',
  'short_uncopied_max',
  'short_uncopied_mean',
  'short_missing_words',
  'short_any_novel',
  'short_entity_missing',
  'short_digit_missing',
  'short_caps_missing',
  'short_clause_gap',
] as const;

export const GROUNDED_DIMS = GROUNDED_FEATURES.length;
type GroundedFeature = (typeof GROUNDED_FEATURES)[number];
/** Index of the short-answer flag (its weight is the short answers' intercept). */
export const GROUNDED_SHORT = GROUNDED_FEATURES.indexOf('short_answer');
/** Index of the long-answer flag (its weight is the long answers' intercept). */
export const GROUNDED_LONG = GROUNDED_FEATURES.indexOf('long_answer');
/** The features whose weight may be any sign: the intercepts of short and of long answers. */
export const GROUNDED_FREE_SIGN: ReadonlySet<number> = new Set([GROUNDED_SHORT, GROUNDED_LONG]);
/**
 * Each long-answer novelty measure and the shared measure it corrects: its weight may be negative,
 * but never below minus the shared weight, so their sum (a long answer's weight) stays >= 0.
 */
export const LONG_OF: ReadonlyMap<number, number> = new Map(
  GROUNDED_FEATURES.flatMap((f, j) => {
    const base = f.startsWith('long_') ? GROUNDED_FEATURES.indexOf(f.slice(5) as GroundedFeature) : -1;
    return base >= 0 ? [[j, base] as const] : [];
  }),
);
/**
 * An answer with no question, this many words or more and at most half as long as its sources, is
 * judged as a summary (long): it condenses them, so it paraphrases. It takes two claims or more, or
 * one sentence written as prose (opening with a capital letter), and long answers are calibrated
 * apart (their own Platt fit, trust-train.ts). With two claims required, a quarter of SummEdits'
 * summaries (1,100 one-sentence rows of 25 words or more) were judged by the weights of dialogue
 * and question answering, and the summary parts (long block, residue lexicon) never saw them.
 * Without the capital letter, 10 BEGIN replies (8 not attributable: long lower-case chat lines
 * such as "yeah i think it would have been ...") became summaries, whose novelty weights are near
 * zero (BEGIN by folds 0.905 -> 0.890 at fold seed 7); without the separate calibration, the one
 * Platt fit over all rows (mostly SummEdits) moved the others' decision point (HaluEval 0.960 ->
 * 0.948 at seed 7, leave-one-set-out HaluEval 0.822 -> 0.812). With fewer than 200 long
 * training rows (SummEdits left out) no summary block, lexicon or calibration is fit: long answers
 * keep the shared weights. Against the two-claim rule, by document folds (seeds 99 / 7):
 * SummEdits 0.650 / 0.659 (AUC 0.705 / 0.716) against 0.636 / 0.642 (0.686 / 0.692), HaluEval
 * 0.954 / 0.958 against 0.956 / 0.960, BEGIN 0.907 / 0.905 against 0.908 / 0.905; leave one set
 * out HaluEval 0.815 (0.822), BEGIN 0.899 (0.883), SummEdits 0.578 / AUC 0.626 (0.540 / 0.561).
 */
export const LONG_ANSWER_WORDS = 25;

export function groundedFeatures(g: GroundingResult): Float64Array {
  const out = new Float64Array(GROUNDED_DIMS);
  const fs = g.features;
  const n = Math.max(1, fs.length);
  let maxNovelRate = 0;
  let meanNovelRate = 0;
  let minSupport = 1;
  let minGlobal = 1;
  let anyNovel = 0;
  let minBigrams = 1;
  let meanBigrams = 0;
  let minCopied = 1;
  let meanCopied = 0;
  let short = 0;
  // Whether the answer was given with its question (a summary has none).
  let asked = 0;
  const any = [0, 0, 0, 0, 0, 0];
  let personal = 0;
  let opinion = 0;
  let chat = 0;
  let asks = 0;
  let addressee = 0;
  let digits = 0;
  let caps = 0;
  let negDiff = 0;
  let negIns = 0;
  let negMore = 0;
  let antBest = 0;
  let antDoc = 0;
  let words = 0;
  let wnSiblingBest = 0;
  let wnSiblingDoc = 0;
  let wnAntonym = 0;
  let wnNarrower = 0;
  let wnUnexplainedMax = 0;
  let wnUnexplainedMean = 0;
  let clauseGap = 0;
  for (const f of fs) {
    clauseGap = Math.max(clauseGap, f.clauseGap);
    wnSiblingBest = Math.max(wnSiblingBest, f.wnSiblingBest);
    wnSiblingDoc = Math.max(wnSiblingDoc, f.wnSiblingDoc);
    wnAntonym = Math.max(wnAntonym, f.wnAntonym);
    wnNarrower = Math.max(wnNarrower, f.wnNarrower);
    wnUnexplainedMax = Math.max(wnUnexplainedMax, f.wnUnexplained);
    wnUnexplainedMean += f.wnUnexplained / n;
    negMore = Math.max(negMore, f.negationMore);
    antBest = Math.max(antBest, f.antonymBest);
    antDoc = Math.max(antDoc, f.antonymDoc);
    words += f.words;
    negIns = Math.max(negIns, f.negationInserted);
    personal += f.personal / n;
    opinion += f.opinion / n;
    chat += Math.max(f.personal, f.opinion) / n;
    asks = Math.max(asks, f.asks);
    addressee = Math.max(addressee, f.addressee);
    digits = Math.max(digits, f.digitMissing);
    caps = Math.max(caps, f.capsMissing);
    negDiff = Math.max(negDiff, f.negationDiff);
    maxNovelRate = Math.max(maxNovelRate, f.novelRate);
    meanNovelRate += f.novelRate / n;
    minSupport = Math.min(minSupport, f.support);
    minGlobal = Math.min(minGlobal, f.global);
    if (f.novel > 0) anyNovel = 1;
    minBigrams = Math.min(minBigrams, f.bigrams);
    meanBigrams += f.bigrams / n;
    minCopied = Math.min(minCopied, f.copied);
    meanCopied += f.copied / n;
    short = Math.max(short, f.answersQuestion);
    asked = Math.max(asked, f.withQuestion);
    any[0] = Math.max(any[0] ?? 0, f.entityMissing);
    any[1] = Math.max(any[1] ?? 0, f.numberMissing);
    any[2] = Math.max(any[2] ?? 0, f.numberConflict);
    any[3] = Math.max(any[3] ?? 0, f.negationMismatch);
    any[4] = Math.max(any[4] ?? 0, f.antonym);
    any[5] = Math.max(any[5] ?? 0, f.swapped);
  }
  // A summary: long prose, no question, condensing sources at least twice its length.
  const long =
    asked === 0 &&
    (fs.length >= 2 || (fs.length === 1 && g.capitalized)) &&
    words >= LONG_ANSWER_WORDS &&
    2 * words <= g.sourceWords
      ? 1
      : 0;
  // The novelty measures, weighed again for long answers (summaries paraphrase).
  const novelty = [
    1 - g.wordOverlap,
    1 - g.overlap,
    maxNovelRate,
    meanNovelRate,
    1 - minSupport,
    1 - g.meanSupport,
    1 - g.groundedness,
    1 - minGlobal,
    anyNovel,
  ];
  const v = [
    ...novelty,
    ...any,
    // Chat measures describe a free-standing response; a short answer is judged with its question.
    (1 - short) * personal,
    (1 - short) * (personal > 0 ? 1 : 0),
    (1 - short) * opinion,
    (1 - short) * chat,
    (1 - short) * asks,
    (1 - short) * addressee,
    digits,
    caps,
    negDiff,
    negIns,
    negMore,
    antBest,
    antDoc,
    wnSiblingBest,
    wnSiblingDoc,
    wnAntonym,
    wnNarrower,
    wnUnexplainedMax,
    wnUnexplainedMean,
    long,
    ...novelty.map((x) => long * x),
    short,
    short * (1 - minBigrams),
    short * (1 - meanBigrams),
    short * (1 - minCopied),
    short * (1 - meanCopied),
    short * (1 - g.wordOverlap),
    short * anyNovel,
    short * (any[0] ?? 0),
    short * digits,
    short * caps,
    short * clauseGap,
  ];
  v.forEach((x, i) => {
    out[i] = x;
  });
  return out;
}

/**
 * The lexicon stage of a long answer (a summary): the hashed words of its residue, the words it
 * writes that its sources never do, and their shapes (grounding.ts). A summary paraphrases, so
 * most residue words are harmless; the trainer learns, on top of the dense logit, which ones mark
 * a changed fact ("not", "only", a word with a negating prefix). Other answers read none.
 */
export function residueIndices(g: GroundingResult, features: Float64Array): Int32Array {
  if ((features[GROUNDED_LONG] ?? 0) === 0) return new Int32Array(0);
  return Int32Array.from(new Set(g.residue.map((w) => namedFeature(`r:${w}`))));
}

/** The lexicon's logit term: the sum of the indices' weights over sqrt(count), so many words do not add up linearly. */
export function residueLogit(w: ArrayLike<number> | undefined, idx: Int32Array): number {
  if (!w || idx.length === 0) return 0;
  let s = 0;
  for (const f of idx) s += w[f] ?? 0;
  return s / Math.sqrt(idx.length);
}

export const SIGNAL_TYPES = [
  'unattributed_figure',
  'unattributed_date',
  'unattributed_quote',
  'uncheckable_citation',
  'vague_authority',
  'doi',
  'reference_list',
  'overconfident',
  'refusal',
  'self_contradiction',
  'does_not_address_question',
] as const;
export const UNGROUNDED_DENSE = SIGNAL_TYPES.length + 2;

export function ungroundedDense(signals: Signal[], text: string, question: string | undefined): Float64Array {
  const out = new Float64Array(UNGROUNDED_DENSE);
  for (const s of signals) {
    const i = (SIGNAL_TYPES as readonly string[]).indexOf(s.type);
    if (i >= 0) out[i] = Math.min(3, (out[i] ?? 0) + 1) / 3;
  }
  out[SIGNAL_TYPES.length] = Math.log1p(text.length) / 8;
  out[SIGNAL_TYPES.length + 1] = question ? 1 : 0;
  return out;
}

/** The text the ungrounded model reads: the answer, with the question's words marked apart. */
export const ungroundedText = (text: string, question: string | undefined): string =>
  normalizeForModel(
    question
      ? `${text.slice(0, 4000)} \n ${question.slice(0, 1000).replace(/(\p{L}+)/gu, 'q_$1')}`
      : text.slice(0, 4000),
  );

export interface Calibrated {
  a: number;
  c: number;
  threshold: number;
  /** Median calibrated probability of the right answers in training (the low end of the scale). */
  median: number;
}

export interface TrustWeightsFile {
  version: 1;
  grounded: {
    w: number[];
    bias: number;
    /** The long answers' residue lexicon (hashed words, sparse). */
    residue?: { scale: number; idx: number[]; w: number[] };
    /** The long answers' own calibration (Platt fit on the long rows only). */
    long?: { a: number; c: number };
    /** The short answers' own calibration (answers judged with their question). */
    short?: { a: number; c: number };
  } & Calibrated;
  ungrounded: {
    dims: number;
    scale: number;
    idx: number[];
    w: number[];
    dense: number[];
    bias: number;
  } & Calibrated;
  meta: Record<string, unknown>;
}

export interface TrustModel {
  grounded: {
    w: Float64Array;
    bias: number;
    residue: Float32Array | undefined;
    long: { a: number; c: number } | undefined;
    short: { a: number; c: number } | undefined;
  } & Calibrated;
  ungrounded: { w: Float32Array; dense: Float64Array; bias: number } & Calibrated;
}

export const TRUST_WEIGHTS_URL = new URL('./model.weights.json', import.meta.url);
const SOURCE_WEIGHTS_URL = new URL('../../../../src/guards/trustguard/model.weights.json', import.meta.url);

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function decodeTrustWeights(file: TrustWeightsFile): TrustModel {
  const u = file.ungrounded;
  if (u.dims !== DIMS) throw new Error(`trustguard weights have ${u.dims} dims, expected ${DIMS}`);
  if (file.grounded.w.length !== GROUNDED_DIMS)
    throw new Error(
      `trustguard grounded weights have ${file.grounded.w.length} features, expected ${GROUNDED_DIMS}: run npm run train:trustguard`,
    );
  const w = decodeSparse(DIMS, u);
  return {
    grounded: {
      ...file.grounded,
      median: file.grounded.median ?? 0,
      w: Float64Array.from(file.grounded.w),
      residue: file.grounded.residue ? decodeSparse(DIMS, file.grounded.residue) : undefined,
      long: file.grounded.long,
      short: file.grounded.short,
    },
    ungrounded: {
      w,
      dense: Float64Array.from(u.dense),
      bias: u.bias,
      a: u.a,
      c: u.c,
      threshold: u.threshold,
      median: u.median ?? 0,
    },
  };
}

/** Calibrated probability that the answer is not supported by its sources. */
export function groundedProbability(m: TrustModel, x: Float64Array, residue?: Int32Array): number {
  let z = m.grounded.bias + (residue ? residueLogit(m.grounded.residue, residue) : 0);
  for (let i = 0; i < x.length; i++) z += (m.grounded.w[i] ?? 0) * (x[i] ?? 0);
  const cal =
    (x[GROUNDED_LONG] ?? 0) > 0 && m.grounded.long
      ? m.grounded.long
      : (x[GROUNDED_SHORT] ?? 0) > 0 && m.grounded.short
        ? m.grounded.short
        : m.grounded;
  return sigmoid(cal.a * z + cal.c);
}

/** Calibrated probability of a hallucination without sources. */
export function ungroundedProbability(m: TrustModel, normalized: string, dense: Float64Array): number {
  const u = m.ungrounded;
  const { sum, count } = hashedDot(normalized, u.w);
  let z = u.bias + (count === 0 ? 0 : sum / Math.sqrt(count));
  for (let i = 0; i < dense.length; i++) z += (u.dense[i] ?? 0) * (dense[i] ?? 0);
  return sigmoid(u.a * z + u.c);
}

/**
 * Maps a calibrated probability onto the guard's risk scale, monotone (so ranking is kept): the
 * median probability of a supported answer lands at LOW_AT (under the "medium" level), the trained
 * threshold at `at` (the flag threshold), and 1 at 1.
 */
export const LOW_AT = 0.2;
export function riskScale(p: number, threshold: number, at: number, median = 0): number {
  const m = Math.min(median, threshold * 0.99);
  if (m > 0 && p < m) return (LOW_AT * p) / m;
  if (p < threshold) {
    const lo = m > 0 ? LOW_AT : 0;
    return lo + ((at - lo) * (p - m)) / (threshold - m);
  }
  return at + ((1 - at) * (p - threshold)) / (1 - threshold);
}

/**
 * Length-weighted share of the checked claims contradicted by a conflicting number or by two
 * names in swapped roles (roles.ts; it fired on none of the HaluEval, BEGIN or SummEdits rows
 * on 2026-12-03, so it moves no figure, and the trained weight of `swapped` is 0). (Negation
 * mismatches also label a claim contradicted, but measured on the data they are not precise
 * enough to override the model. 2026-12-02, seventh session: answers with a negation-contradicted
 * claim are hallucinated in 0.667 of 12 on halueval_qa_dev, 0.750 of 8 on BEGIN, 0.853 of 251 on
 * SummEdits (number conflicts 1.000 / 1.000 / 0.944); counting them here moved
 * `TRUSTGUARD_EVAL=lodo,folds npm run eval -- trustguard` leave-one-set-out balanced accuracy
 * HaluEval 0.820 -> 0.816, BEGIN 0.898 -> 0.882, SummEdits 0.577 -> 0.580, and the BEGIN folds
 * 0.909 -> 0.892, so the model alone weighs them.)
 */
export function contradictedShare(g: GroundingResult): number {
  let total = 0;
  let bad = 0;
  g.claims.forEach((c, i) => {
    const w = c.span.end - c.span.start;
    total += w;
    const f = g.features[i];
    if (
      c.label === 'contradicted' &&
      (f?.numberConflict === 1 || f?.swapped === 1 || f?.opposite === 1 || f?.negatedSentence === 1)
    )
      bad += w;
  });
  return total === 0 ? 0 : bad / total;
}

/**
 * Grounded risk: the model's calibrated probability on the guard's scale, raised by a
 * high-precision override when a claim is contradicted outright (a conflicting number, or
 * negation against strongly matching evidence), which the data sets rarely show the model, and
 * capped at EXTRACTIVE_CAP when the answer is its evidence with words left out (extractive.ts)
 * or a sentence that restates the question around one source sentence (restated.ts).
 */
export function groundedRisk(
  p: number,
  threshold: number,
  flagAt: number,
  contradicted: number,
  median = 0,
  extractive = false,
): number {
  const fromModel = riskScale(p, threshold, flagAt, median);
  if (contradicted > 0) return Math.max(fromModel, flagAt + (1 - flagAt) * Math.min(1, 0.5 + contradicted));
  return extractive ? Math.min(fromModel, EXTRACTIVE_CAP) : fromModel;
}

let loaded: TrustModel | null | undefined;

export function loadTrustModel(): TrustModel | null {
  if (loaded !== undefined) return loaded;
  const url = [TRUST_WEIGHTS_URL, SOURCE_WEIGHTS_URL].find((u) => existsSync(u));
  loaded = url ? decodeTrustWeights(JSON.parse(readFileSync(url, 'utf8')) as TrustWeightsFile) : null;
  return loaded;
}
