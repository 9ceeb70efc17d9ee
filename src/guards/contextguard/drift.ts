import { contentTermsOf } from '../../text/terms.js';
import { blend, cosine, normalize, type SparseVector, tfidf } from '../../text/tfidf.js';
import { type Token, tokenize } from '../../text/tokenize.js';
import type { Severity } from '../contract.js';
import { driftFeatures, switchProbability, type TurnShape } from './drift-features.js';
import { type DriftModel, loadDriftModel } from './drift-model.js';
import { editsLastAnswer } from './edit-request.js';
import { refersBack } from './refers-back.js';

/**
 * Topic drift: each turn becomes a TF-IDF vector (IDF from the session's own turns); the session's
 * topic is a decayed centroid of those vectors. A turn drifts when its cosine similarity to the
 * centroid falls below a threshold adapted to the session's own history of similarities.
 */
export interface TopicState {
  centroid: [string, number][];
  df: [string, number][];
  /** Turns folded into the centroid. */
  n: number;
  /** Recent similarities of on-topic turns, for the adaptive threshold. */
  sims: number[];
  /** Learned model only: semantic centroid, the last turn's semantic vector, recent word vectors. */
  sem?: number[];
  semLast?: number[];
  recent?: [string, number][][];
  /** Learned model only: the undecayed sum of the topic's word vectors (the first turns count as much as the last). */
  hist?: [string, number][];
  /** Learned model only: recent semantic similarities of on-topic turns (`sims` holds the word ones). */
  semSims?: number[];
  /** Learned model only: the form of the last turn (list marker, last list number, character profile). */
  shapeLast?: TurnShape;
  /** Learned model only: the last list number of the session ("3." of "3. Exercise..."), in any turn. */
  listLast?: number;
  /** Learned model only: the undecayed sum of the turns' semantic vectors. */
  semHist?: number[];
}

export const emptyTopicState = (): TopicState => ({ centroid: [], df: [], n: 0, sims: [] });

export interface TopicDrift {
  /** Cosine similarity of the turn to the session's topic (0-1), for reading; not what decides. */
  similarity: number;
  /** The point the turn is judged against: see `threshold_on`. */
  threshold: number;
  /**
   * What `threshold` applies to: `probability` (the learned model: drifted when the switch
   * probability reaches it) or `similarity` (TF-IDF rules: drifted when the similarity falls below).
   */
  threshold_on: 'probability' | 'similarity';
  drifted: boolean;
  severity: Severity;
  terms_lost: string[];
  terms_gained: string[];
  recommendation: string;
  /** Learned model only: probability that the turn switched topic. */
  probability?: number;
  /** The turn said it changes the subject ("unrelated question: ..."): a switch no veto undoes. */
  announced?: boolean;
  /**
   * Cosine of the turn to the session's earlier turns in the sentence encoder's space, when the
   * fast model flagged the turn and the encoder answered in time (semantic-veto.ts).
   */
  semantic_similarity?: number;
}

export interface DriftOptions {
  /** Floor of the adaptive threshold (TF-IDF rules, used without a model). */
  minSimilarity: number;
  /** The learned model; the committed one when absent, the TF-IDF rules when null. */
  model?: DriftModel | null;
}

export interface TopicUpdate {
  drift: TopicDrift | null;
  state: TopicState;
  /**
   * The same turn taken as on topic (a flag the semantic veto overruled): the state moves on as for
   * an unflagged turn, from the features already computed. Only on the learned path.
   */
  overrule?: () => { drift: TopicDrift | null; state: TopicState };
}

/** Turns with fewer content words than this ("ok, thanks") are too short to judge. */
const MIN_TERMS = 3;
const DECAY = 0.6;
const MAX_HISTORY = 20;
const MAX_DF_TERMS = 2000;
/** Upper bound of the adaptive threshold, so a very focused session does not flag paraphrases. */
const MAX_THRESHOLD = 0.2;

function adaptiveThreshold(sims: number[], floor: number): number {
  if (sims.length < 3) return floor;
  const mean = sims.reduce((a, b) => a + b, 0) / sims.length;
  const sd = Math.sqrt(sims.reduce((a, b) => a + (b - mean) ** 2, 0) / sims.length);
  return Math.min(MAX_THRESHOLD, Math.max(floor, mean - 2 * sd));
}

// A turn that opens with a pronoun or demonstrative ("She also...", "In 2006, it...") refers back to
// the previous turn, so it continues the topic even when it shares no words with it.
const ANAPHORA_RE =
  /^\W{0,3}(?:[\w'-]{1,20}\s{1,3}){0,3}?(?:he|she|it|they|his|her|its|their|this|these|that|those|him|them)\b/i;

const top = (v: SparseVector, k: number, exclude: (t: string) => boolean): string[] =>
  [...v]
    .filter(([t]) => !exclude(t))
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([t]) => t);

const SWITCHED =
  'The conversation changed topic: confirm the switch is intended, or start a new session so earlier context does not leak into the new topic.';

/** Scores a turn against the session topic and returns the updated state. Pure: no I/O. */
export function updateTopic(state: TopicState, text: string, opts: DriftOptions): TopicUpdate {
  // One tokenization: the content terms, and the stop words the cohesion cues read.
  const tokens = tokenize(text);
  const terms = contentTermsOf(tokens);
  if (terms.length < MIN_TERMS) return { drift: null, state };
  const model = opts.model === undefined ? loadDriftModel() : opts.model;
  if (model) return learnedUpdate(model, state, text, terms, tokens);
  const df = new Map(state.df);
  for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = state.n + 1;
  const vec = normalize(tfidf(terms, df, n));
  const centroid = new Map(state.centroid);
  let drift: TopicDrift | null = null;
  let next: SparseVector;
  const sims = [...state.sims];
  if (state.n === 0) {
    next = vec;
  } else {
    const similarity = cosine(vec, centroid);
    const threshold = adaptiveThreshold(sims, opts.minSimilarity);
    const anaphoric = ANAPHORA_RE.test(text);
    const drifted = similarity < threshold && !anaphoric && !editsLastAnswer(text) && !refersBack(text);
    const severity: Severity = !drifted ? 'info' : similarity < threshold / 2 ? 'high' : 'medium';
    drift = {
      similarity: round(similarity),
      threshold: round(threshold),
      threshold_on: 'similarity',
      drifted,
      severity,
      terms_lost: top(centroid, 5, (t) => vec.has(t)),
      terms_gained: top(vec, 5, (t) => centroid.has(t)),
      recommendation: drifted ? SWITCHED : 'On topic.',
    };
    // After a switch the centroid follows the new topic faster, so the next turn on it is not flagged.
    next = blend(centroid, vec, drifted ? 0.3 : DECAY);
    if (!drifted) {
      sims.push(similarity);
      if (sims.length > MAX_HISTORY) sims.shift();
    }
  }
  let dfEntries = [...df];
  if (dfEntries.length > MAX_DF_TERMS)
    dfEntries = dfEntries.sort((a, b) => b[1] - a[1]).slice(0, MAX_DF_TERMS);
  return {
    drift,
    state: { centroid: [...normalize(next)].map(([t, w]) => [t, round(w)]), df: dfEntries, n, sims },
  };
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The learned path: features of the turn against the session, the combiner, then the state update. */
function learnedUpdate(
  model: DriftModel,
  state: TopicState,
  text: string,
  terms: string[],
  tokens: readonly Token[],
): TopicUpdate {
  const f = driftFeatures(model, state, text, terms, tokens);
  const p = state.n > 0 ? switchProbability(model, f.x) : 0;
  const decide = (onTopic: boolean) => decideTurn(model, state, f, p, onTopic);
  const first = decide(false);
  if (!first.drift?.drifted) return first;
  // A request to rework the last answer continues the conversation (edit-request.ts); read only
  // on a turn the model flags.
  if (!f.announcedSwitch && (editsLastAnswer(text) || refersBack(text))) return decide(true);
  return { ...first, overrule: () => decide(true) };
}

/** The verdict on a scored turn (unless `onTopic`) and the session state after it. */
function decideTurn(
  model: DriftModel,
  state: TopicState,
  f: ReturnType<typeof driftFeatures>,
  p: number,
  onTopic: boolean,
): { drift: TopicDrift | null; state: TopicState } {
  const centroid = new Map(state.centroid);
  let drift: TopicDrift | null = null;
  let drifted = false;
  if (state.n > 0) {
    drifted = !onTopic && (p >= model.threshold || f.announcedSwitch);
    drift = {
      similarity: round(f.semCos),
      threshold: round(model.threshold),
      threshold_on: 'probability',
      drifted,
      severity: !drifted ? 'info' : p >= (1 + model.threshold) / 2 ? 'high' : 'medium',
      terms_lost: top(centroid, 5, (t) => f.word.has(t)),
      terms_gained: top(f.word, 5, (t) => centroid.has(t)),
      recommendation: drifted ? SWITCHED : 'On topic.',
      probability: round(p),
      ...(drifted && f.announcedSwitch ? { announced: true } : {}),
    };
  }
  // After a switch the centroid follows the new topic at once; the recent turns, the history and the
  // session's similarity levels are kept, so the next turn is compared with the whole session and
  // the switched turn alike (max similarity): a turn on the new topic matches the switched turn,
  // and a flagged turn that was not a switch does not erase the topic it belongs to.
  const keep = state.n === 0 ? 0 : drifted ? 0.2 : DECAY;
  const next = state.n === 0 ? f.word : blend(centroid, f.word, keep);
  const sem =
    (state.sem ?? []).length === 0
      ? [...f.sem]
      : [...f.sem].map((v, d) => keep * (state.sem?.[d] ?? 0) + (1 - keep) * v);
  const recent = [
    ...(state.recent ?? []),
    [...f.word].map(([t, w]) => [t, round(w)] as [string, number]),
  ].slice(-RECENT);
  const histMap = new Map(state.hist ?? []);
  for (const [t, w] of f.word) histMap.set(t, (histMap.get(t) ?? 0) + w);
  // The session's own similarity levels, for the relative features; a flagged turn's is not one of them.
  const sims =
    state.n === 0 ? [] : drifted ? state.sims : [...state.sims, round(f.wordSim)].slice(-MAX_HISTORY);
  const semSims =
    state.n === 0
      ? []
      : drifted
        ? (state.semSims ?? [])
        : [...(state.semSims ?? []), round(f.semCos)].slice(-MAX_HISTORY);
  const semHist =
    (state.semHist ?? []).length === 0 ? [...f.sem] : [...f.sem].map((v, d) => (state.semHist?.[d] ?? 0) + v);
  const hist = [...histMap]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_HIST_TERMS)
    .map(([t, w]) => [t, round(w)] as [string, number]);
  return {
    drift,
    state: {
      centroid: [...normalize(next)].map(([t, w]) => [t, round(w)]),
      df: [],
      n: state.n + 1,
      sims,
      semSims,
      shapeLast: { ...f.shape, profile: f.shape.profile.map(round) },
      listLast: f.shape.lastNumber >= 0 ? f.shape.lastNumber : state.listLast,
      sem: sem.map(round),
      semHist: semHist.map(round),
      semLast: [...f.sem].map(round),
      recent,
      hist,
    },
  };
}

/** Recent turns kept for the best-match feature. */
const RECENT = 4;
const MAX_HIST_TERMS = 300;
