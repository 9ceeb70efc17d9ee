import { cosine, normalize, type SparseVector } from '../../text/tfidf.js';
import { type Token, tokenize } from '../../text/tokenize.js';
import type { TopicState } from './drift.js';
import { centeredCosine, convIdfOf, type DriftModel, dot, idfOf, semanticVector } from './drift-model.js';

/**
 * Features of one turn against the session so far, for the learned drift combiner. Similarities
 * come from words (TF x background IDF) and from word vectors (which see relatedness without shared
 * words); discourse cues say whether the turn continues ("it", "also", "the same"). A turn that
 * announces a change ("by the way", "unrelated question") is an override, not a feature: no
 * training conversation announces its switches, so no weight could be learned for it.
 */

export const DRIFT_FEATURES = [
  'word_cos_centroid',
  'word_cos_best_recent',
  'anaphora',
  'continuation_cue',
  'log_terms',
  'known_share',
  'word_cos_history',
  'max_word_cos',
  'novel_idf_share',
  'word_cos_last',
  'word_z',
  'sem_z',
  'word_below_min',
  'sem_below_min',
  'log_word_sim',
  'below_adaptive',
  'same_lead',
  'next_in_list',
  'shape_distance',
  'word_sim_over_0.05',
  'word_sim_over_0.15',
  'word_sim_over_0.3',
  'shared_rare_word',
  'pronoun_early',
  'pronoun_rate',
  'starts_with_the',
  'personal_pronoun',
  'session_word_level',
  'session_sem_level',
  'session_no_overlap_share',
  'word_below_level',
  'sem_below_level',
  'conv_shared_idf_share',
  'conv_shared_max_idf',
  'align_mean',
  'align_strong_share',
  'connective_start',
  'next_in_session_list',
  'sem_centered_history',
  'sem_centered_centroid',
  'sem_centered_last',
] as const;

/** Hinges max(0, x - k): with them a linear model draws a piecewise-linear curve of a similarity. */
const hinge = (x: number, k: number): number => Math.max(0, x - k);

/**
 * The form of a turn, apart from its words: a list marker at its start ("3.", "-", "B."), the last
 * list number in it, and a profile of its characters (digits, punctuation, code symbols, line breaks,
 * word length; not capitals, which mark names, and names are content). A turn shaped like the one before it ("4. ..." after "3. ...", a
 * line of a poem after a line, code after code) continues it; prose after code is a change.
 */
export interface TurnShape {
  lead: string;
  lastNumber: number;
  profile: number[];
}

const LEAD_RE = /^\s{0,8}(?:(\d{1,3})[.)]|([A-Za-z]|[IVX]{1,4})[.)]\s|([-*•–]))/;
const LIST_NUMBER_RE = /(?:^|\s)(\d{1,3})[.)]\s/g;

const codes = (chars: string): Set<number> => new Set([...chars].map((ch) => ch.charCodeAt(0)));
const CODE_CHARS = codes('{}<>;=[]()#$_/\\|');
const PUNCT_CHARS = codes('!"%&\'*,-.:?@');

export function turnShape(text: string): TurnShape {
  const m = LEAD_RE.exec(text);
  const lead = !m ? '' : m[1] ? 'number' : m[2] ? 'letter' : `bullet${m[3]}`;
  let lastNumber = -1;
  LIST_NUMBER_RE.lastIndex = 0;
  for (let k = LIST_NUMBER_RE.exec(text); k !== null; k = LIST_NUMBER_RE.exec(text))
    lastNumber = Number(k[1]);
  const n = Math.max(1, text.length);
  let digit = 0;
  let punct = 0;
  let code = 0;
  let lines = 0;
  let letters = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ASCII by code (the common case); other characters by Unicode class.
    const isLetter = c < 128 ? (c >= 65 && c <= 90) || (c >= 97 && c <= 122) : /\p{L}/u.test(text[i] ?? '');
    if (isLetter) letters++;
    else if (c >= 48 && c <= 57) digit++;
    else if (c < 128 && CODE_CHARS.has(c)) code++;
    else if (c === 10) lines++;
    else if (c < 128 ? PUNCT_CHARS.has(c) : /\p{P}/u.test(text[i] ?? '')) punct++;
    if (isLetter && !inWord) words++;
    inWord = isLetter;
  }
  const profile = [
    (4 * digit) / n,
    (4 * punct) / n,
    (8 * code) / n,
    Math.min(1, (20 * lines) / n),
    Math.min(1, letters / Math.max(1, words) / 10),
  ];
  return { lead, lastNumber, profile };
}

/**
 * How far a similarity falls below the session's own history of on-topic similarities, in
 * standard deviations (clipped to [-4, 4]; 0 until three turns are known). A wandering chat and a
 * focused report have different similarity levels; the drop relative to the session's own level
 * carries from one source of conversations to another where raw similarities do not.
 */
function zBelow(x: number, sims: readonly number[] | undefined): number {
  if (!sims || sims.length < 2) return 0;
  let mean = 0;
  for (const v of sims) mean += v / sims.length;
  let v2 = 0;
  for (const v of sims) v2 += (v - mean) ** 2 / sims.length;
  const sd = Math.max(0.05, Math.sqrt(v2));
  return Math.max(-4, Math.min(4, (mean - x) / sd)) / 4;
}

/**
 * The TF-IDF rule as a feature: 1 when the similarity is under the session's adaptive threshold
 * (mean - 2 sd of its own similarities, between 0.05 and 0.2).
 */
function belowAdaptive(x: number, sims: readonly number[] | undefined): number {
  if (!sims || sims.length < 3) return x < 0.05 ? 1 : 0;
  let mean = 0;
  for (const v of sims) mean += v / sims.length;
  let v2 = 0;
  for (const v of sims) v2 += (v - mean) ** 2 / sims.length;
  return x < Math.min(0.2, Math.max(0.05, mean - 2 * Math.sqrt(v2))) ? 1 : 0;
}

/** How far below the lowest on-topic similarity of the session the turn falls (0 when above). */
function belowMin(x: number, sims: readonly number[] | undefined): number {
  if (!sims || sims.length < 2) return 0;
  let min = 1;
  for (const v of sims) min = Math.min(min, v);
  return Math.max(0, min - x);
}

// A turn that opens with a pronoun or demonstrative refers back to what came before.
const ANAPHORA_RE =
  /^\W{0,3}(?:[\w'-]{1,20}\s{1,3}){0,3}?(?:he|she|it|they|his|her|its|their|this|these|that|those|him|them)\b/i;
const CONTINUATION_RE =
  /^\W{0,3}(?:and|also|but|so|then|ok(?:ay)?|what about|how about|same|why|which one|in that case|thanks?)\b/i;
const SWITCH_RE =
  /\b(?:by the way|unrelated|change of (?:subject|topic)|different (?:topic|question|subject)|new (?:topic|question)|switching (?:gears|topics?)|on another note|off[- ]topic|something else|another question)\b/i;

/**
 * Cohesion cues of the turn's own words (Halliday and Hasan's reference): a third-person pronoun or
 * demonstrative early in the turn ("It consists of...", "Fearful, she looked over") points back to
 * something said before, so the turn continues even when it shares no content word; a definite
 * opening ("The war was fought...") presupposes it too. First-person words are no cue: a user's
 * request is full of them ("give me", "how do I") whatever its topic. One pass over the turn's tokens.
 */
const REFERRING = new Set([
  'he',
  'she',
  'it',
  'they',
  'his',
  'her',
  'its',
  'their',
  'him',
  'them',
  'this',
  'these',
  'those',
  'that',
  'such',
  'there',
]);
const PERSONAL = new Set(['he', 'she', 'his', 'her', 'him', 'they', 'them', 'their']);
/** Words read for the "early" cues. */
const EARLY_WORDS = 8;

export function cohesionCues(tokens: readonly Token[]): number[] {
  let n = 0;
  let referring = 0;
  let early = 0;
  let personal = 0;
  let startsThe = 0;
  for (const t of tokens) {
    const w = t.text;
    if (n === 0 && w === 'the') startsThe = 1;
    if (REFERRING.has(w)) {
      referring++;
      if (n < EARLY_WORDS) early = 1;
    }
    if (PERSONAL.has(w)) personal = 1;
    n++;
  }
  return [early, referring / Math.max(1, n), startsThe, personal];
}

/**
 * The session's own level of similarity: the mean word and semantic similarity of its on-topic
 * turns so far, the share of them that shared (almost) no word with the session, and how many there
 * are. A story or a poem moves on with new words at every turn; a report repeats its terms. The
 * combiner reads a turn's similarity against that level (how much this session's turns usually vary).
 * Before a session has a level (at its second turn) it gets a typical one, not a value of its own:
 * the training conversations switch topic only after two turns or more, and a feature that marks
 * the second turn would teach the combiner that nothing switches there (the length of the session
 * is no feature for the same reason).
 */
const PRIOR_WORD_LEVEL = 0.3;
const PRIOR_SEM_LEVEL = 0.5;
function sessionLevels(
  sims: readonly number[] | undefined,
  semSims: readonly number[] | undefined,
): number[] {
  const k = sims?.length ?? 0;
  let word = 0;
  let none = 0;
  for (const v of sims ?? []) {
    word += v / k;
    if (v < 0.05) none += 1 / k;
  }
  const ks = semSims?.length ?? 0;
  let sem = 0;
  for (const v of semSims ?? []) sem += v / ks;
  return [k > 0 ? word : PRIOR_WORD_LEVEL, ks > 0 ? sem : PRIOR_SEM_LEVEL, none];
}

/** Lengths of the model's int8 word vectors, computed once per model. */
const NORMS = new WeakMap<Int8Array, Float32Array>();
function vectorNorms(model: DriftModel): Float32Array {
  const cached = NORMS.get(model.vectors);
  if (cached) return cached;
  const D = model.dims;
  const out = new Float32Array(model.vectors.length / D);
  for (let i = 0; i < out.length; i++) {
    let n = 0;
    for (let d = 0; d < D; d++) n += (model.vectors[i * D + d] ?? 0) ** 2;
    out[i] = Math.sqrt(n);
  }
  NORMS.set(model.vectors, out);
  return out;
}

/**
 * Turn words and session words compared one by one: 12 x 32 pairs of 64-dimension vectors, about
 * 25 us of CPU on a 1 KB turn (24 x 48 ranked the LOSO turns about as well at three times the cost).
 */
const ALIGN_TURN = 12;
const ALIGN_SESSION = 32;

/**
 * Soft word alignment: each of the turn's most specific words is matched with its closest word of
 * the session (cosine of word vectors; 1 for the same word). Returns the IDF-weighted mean of those
 * best matches and the IDF share of the turn's words matched at 0.5 or more. A centroid averages a
 * session's words into one direction; a turn that takes up one of them ("the memory limit" after a
 * talk of pods) still finds its match here.
 */
const isWord = (t: string): boolean => {
  const c = t.charCodeAt(0);
  return c < 48 || c > 57;
};

function alignment(
  model: DriftModel,
  terms: readonly string[],
  session: readonly [string, number][],
): [number, number] {
  if (session.length === 0) return [1, 1];
  // Numbers ("1867", "45") have no meaning a word vector could carry: words only.
  const turn = [...new Set(terms)]
    .filter(isWord)
    .map((t) => [t, idfOf(model, t)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, ALIGN_TURN);
  const sessionTerms: string[] = [];
  for (const [t] of session) {
    if (sessionTerms.length >= ALIGN_SESSION) break;
    if (isWord(t)) sessionTerms.push(t);
  }
  const seen = new Set(sessionTerms);
  const rows: number[] = [];
  for (const t of sessionTerms) {
    const j = model.index.get(t);
    if (j !== undefined) rows.push(j);
  }
  const norms = vectorNorms(model);
  const V = model.vectors;
  const D = model.dims;
  // Matches are measured from the mean word of the training conversations (model.wordMean, a mean
  // of unit vectors), as the semantic similarities are from the mean turn: a generic word is close
  // to every word. cos(a - m, b - m) from a.b, a.m and b.m of unit vectors: one dot product a pair.
  const m = model.wordMean;
  let mm = 0;
  for (let d = 0; d < D; d++) mm += (m[d] ?? 0) ** 2;
  const fromMean = (i: number): [number, number] => {
    let s = 0;
    for (let d = 0; d < D; d++) s += (V[i * D + d] as number) * (m[d] ?? 0);
    const am = s / (norms[i] || 1);
    return [am, Math.sqrt(Math.max(1e-9, 1 - 2 * am + mm))];
  };
  const rowMean = rows.map(fromMean);
  let wSum = 0;
  let aSum = 0;
  let strong = 0;
  for (const [t, w] of turn) {
    let best = 0;
    let raw = 0;
    const i = model.index.get(t);
    if (seen.has(t)) {
      best = 1;
      raw = 1;
    } else if (i !== undefined && (norms[i] ?? 0) > 0) {
      const oi = i * D;
      const ni = norms[i] ?? 1;
      const [am, aLen] = fromMean(i);
      for (let r = 0; r < rows.length; r++) {
        const j = rows[r] as number;
        const oj = j * D;
        let s = 0;
        for (let d = 0; d < D; d++) s += (V[oi + d] as number) * (V[oj + d] as number);
        const c = s / (ni * (norms[j] || 1));
        const [bm, bLen] = rowMean[r] ?? [0, 1];
        raw = Math.max(raw, c);
        best = Math.max(best, (c - am - bm + mm) / (aLen * bLen));
      }
    }
    wSum += w;
    aSum += w * best;
    if (raw >= 0.5) strong += w;
  }
  return wSum > 0 ? [aSum / wSum, strong / wSum] : [0, 0];
}

/**
 * Discourse connectives that tie a sentence to the one before it (additive, contrastive, causal,
 * sequential: "However, ...", "As a result, ...", "Finally, ..."). A turn that opens with one
 * continues what was said; a new topic does not open with "However". Read from the first tokens.
 */
const CONNECTIVES = new Set([
  'additionally',
  'afterwards',
  'also',
  'alternatively',
  'anyway',
  'besides',
  'consequently',
  'finally',
  'furthermore',
  'hence',
  'however',
  'instead',
  'lastly',
  'later',
  'likewise',
  'meanwhile',
  'moreover',
  'nevertheless',
  'nonetheless',
  'otherwise',
  'overall',
  'similarly',
  'still',
  'therefore',
  'thus',
  'ultimately',
]);
const CONNECTIVE_PAIRS = new Set([
  'in addition',
  'as a',
  'for example',
  'for instance',
  'in fact',
  'on the',
  'in conclusion',
  'in contrast',
  'after that',
  'apart from',
  'even so',
  'in short',
  'in particular',
]);
const PAIR_THIRD: Record<string, string> = { 'as a': 'result', 'on the': 'other' };

export function connectiveStart(tokens: readonly Token[]): number {
  const a = tokens[0]?.text ?? '';
  if (CONNECTIVES.has(a)) return 1;
  const pair = `${a} ${tokens[1]?.text ?? ''}`;
  if (!CONNECTIVE_PAIRS.has(pair)) return 0;
  const third = PAIR_THIRD[pair];
  return third === undefined || tokens[2]?.text === third ? 1 : 0;
}

export interface TurnFeatures {
  x: number[];
  /** The turn announces a new topic and shares almost no words with the session. */
  announcedSwitch: boolean;
  shape: TurnShape;
  /** The turn's best word similarity (centroid, recent turns, history): the session keeps these. */
  wordSim: number;
  word: SparseVector;
  sem: Float32Array;
  semCos: number;
}

export function wordVector(model: DriftModel, terms: readonly string[]): SparseVector {
  const tf = new Map<string, number>();
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  const v: SparseVector = new Map();
  for (const [t, c] of tf) v.set(t, (1 + Math.log(c)) * idfOf(model, t));
  return normalize(v);
}

export function driftFeatures(
  model: DriftModel,
  state: TopicState,
  text: string,
  terms: string[],
  tokens: readonly Token[] = tokenize(text),
): TurnFeatures {
  const word = wordVector(model, terms);
  const sem = semanticVector(model, terms);
  const centroid = new Map(state.centroid);
  const wordCos = state.n > 0 ? cosine(word, centroid) : 1;
  const semCentroid = state.sem ?? [];
  let norm = 0;
  for (const v of semCentroid) norm += v * v;
  const semCos = norm > 0 ? dot(sem, semCentroid) / Math.sqrt(norm) : 0;
  let best = 0;
  for (const r of state.recent ?? []) best = Math.max(best, cosine(word, new Map(r)));
  let known = 0;
  for (const t of terms) if (model.index.has(t)) known++;
  const knownShare = known / Math.max(1, terms.length);
  const histCos = state.hist && state.hist.length > 0 ? cosine(word, new Map(state.hist)) : wordCos;
  // How topical the turn is: "thanks, that helps" has only common words and cannot switch topic.
  const seen = new Map(state.hist ?? []);
  let idfSum = 0;
  let novelSum = 0;
  // The most specific word the turn shares with the session ("Kyoto", "CrashLoopBackOff"), on the
  // background IDF scale: a switch rarely repeats a rare word of the topic it leaves.
  let sharedMax = 0;
  // The same on the scale of the training conversations: a word rare there ("sourdough") that the
  // turn shares with the session ties it to the session more than a word every chat has ("help").
  let convSum = 0;
  let convShared = 0;
  let convMax = 0;
  for (const t of new Set(terms)) {
    const w = idfOf(model, t);
    const c = convIdfOf(model, t);
    idfSum += w;
    convSum += c;
    if (!seen.has(t)) novelSum += w;
    else {
      sharedMax = Math.max(sharedMax, w);
      convShared += c;
      convMax = Math.max(convMax, c);
    }
  }
  const last = state.recent?.[state.recent.length - 1];
  const lastCos = last ? cosine(word, new Map(last)) : wordCos;
  const wordSim = Math.max(wordCos, best, histCos);
  const shape = turnShape(text);
  const prev = state.shapeLast;
  let shapeDistance = 0;
  if (prev)
    for (let d = 0; d < shape.profile.length; d++)
      shapeDistance += Math.abs((shape.profile[d] ?? 0) - (prev.profile[d] ?? 0));
  const firstNumber = Number(LEAD_RE.exec(text)?.[1] ?? -1);
  const x = [
    wordCos,
    best,
    ANAPHORA_RE.test(text) ? 1 : 0,
    CONTINUATION_RE.test(text) ? 1 : 0,
    Math.log1p(terms.length) / 3,
    knownShare,
    histCos,
    Math.max(wordCos, best, histCos),
    state.n > 0 ? novelSum / Math.max(1e-9, idfSum) : 0,
    lastCos,
    zBelow(wordSim, state.sims),
    zBelow(semCos, state.semSims),
    belowMin(wordSim, state.sims),
    belowMin(semCos, state.semSims),
    Math.log(0.02 + wordSim) / 4,
    belowAdaptive(wordSim, state.sims),
    prev && shape.lead !== '' && shape.lead === prev.lead ? 1 : 0,
    prev && firstNumber >= 0 && prev.lastNumber >= 0 && firstNumber === prev.lastNumber + 1 ? 1 : 0,
    Math.min(1, shapeDistance),
    hinge(wordSim, 0.05),
    hinge(wordSim, 0.15),
    hinge(wordSim, 0.3),
    sharedMax / Math.max(1e-9, model.maxIdf),
    ...cohesionCues(tokens),
  ];
  const levels = sessionLevels(state.sims, state.semSims);
  x.push(
    ...levels,
    (levels[0] ?? 0) - wordSim,
    (levels[1] ?? 0) - semCos,
    convShared / Math.max(1e-9, convSum),
    model.convN > 0 ? convMax / Math.log(model.convN + 1) : 0,
  );
  const listLast = state.listLast ?? -1;
  x.push(
    ...alignment(model, terms, state.hist ?? []),
    connectiveStart(tokens),
    firstNumber >= 1 && listLast >= 0 && firstNumber === listLast + 1 ? 1 : 0,
  );
  // Semantic similarities measured from the mean turn of the training conversations
  // (model.semMean): two turns of generic words (a request, a chat line) point the same way
  // whatever their topics, and a plain cosine reads that shared direction as relatedness. Against
  // the whole session (undecayed mean of its turns), the decayed centroid and the last turn.
  // Tried: the closest earlier turn (max centered cosine over the session's last 12 turns, so a
  // return to an earlier subtopic matches its turn): leave-one-source-out FD at 0.90 caught 0.087 ->
  // 0.084 on the joint SVD vectors at WordNet weight 0.7, 0.084 -> 0.084 at 0.5; not kept.
  const semHist = state.semHist ?? [];
  x.push(
    semHist.length > 0
      ? centeredCosine(
          sem,
          semHist.map((v) => v / Math.max(1, state.n)),
          model.semMean,
        )
      : 0,
    semCentroid.length > 0 ? centeredCosine(sem, semCentroid, model.semMean) : 0,
    state.semLast && state.semLast.length > 0 ? centeredCosine(sem, state.semLast, model.semMean) : 0,
  );
  const announcedSwitch = SWITCH_RE.test(text) && Math.max(wordCos, best, histCos) < 0.2;
  return { x, word, sem, semCos, wordSim, shape, announcedSwitch };
}

export function switchProbability(model: DriftModel, x: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < x.length; i++) z += (model.weights[i] ?? 0) * (x[i] ?? 0);
  return 1 / (1 + Math.exp(-z));
}
