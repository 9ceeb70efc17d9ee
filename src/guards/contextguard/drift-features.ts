import { cosine, normalize, type SparseVector } from '../../text/tfidf.js';
import type { TopicState } from './drift.js';
import { type DriftModel, dot, idfOf, semanticVector } from './drift-model.js';

/**
 * Features of one turn against the session so far, for the learned drift combiner. Similarities
 * come from words (TF x background IDF) and from word vectors (which see relatedness without shared
 * words); discourse cues say whether the turn continues ("it", "also", "the same"). A turn that
 * announces a change ("by the way", "unrelated question") is an override, not a feature: no
 * training conversation announces its switches, so no weight could be learned for it.
 */

export const DRIFT_FEATURES = [
  'word_cos_centroid',
  'sem_cos_centroid',
  'sem_cos_last',
  'word_cos_best_recent',
  'anaphora',
  'continuation_cue',
  'log_terms',
  'known_share',
  'sem_x_known',
  'word_cos_history',
  'max_word_cos',
  'novel_idf_share',
] as const;

// A turn that opens with a pronoun or demonstrative refers back to what came before.
const ANAPHORA_RE =
  /^\W{0,3}(?:[\w'-]{1,20}\s{1,3}){0,3}?(?:he|she|it|they|his|her|its|their|this|these|that|those|him|them)\b/i;
const CONTINUATION_RE =
  /^\W{0,3}(?:and|also|but|so|then|ok(?:ay)?|what about|how about|same|why|which one|in that case|thanks?)\b/i;
const SWITCH_RE =
  /\b(?:by the way|unrelated|change of (?:subject|topic)|different (?:topic|question|subject)|new (?:topic|question)|switching (?:gears|topics?)|on another note|off[- ]topic|something else|another question)\b/i;

export interface TurnFeatures {
  x: number[];
  /** The turn announces a new topic and shares almost no words with the session. */
  announcedSwitch: boolean;
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
): TurnFeatures {
  const word = wordVector(model, terms);
  const sem = semanticVector(model, terms);
  const centroid = new Map(state.centroid);
  const wordCos = state.n > 0 ? cosine(word, centroid) : 1;
  const semCentroid = state.sem ?? [];
  let norm = 0;
  for (const v of semCentroid) norm += v * v;
  const semCos = norm > 0 ? dot(sem, semCentroid) / Math.sqrt(norm) : 0;
  const semLast = state.semLast && state.semLast.length > 0 ? dot(sem, state.semLast) : 0;
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
  for (const t of new Set(terms)) {
    const w = idfOf(model, t);
    idfSum += w;
    if (!seen.has(t)) novelSum += w;
  }
  const x = [
    wordCos,
    semCos,
    semLast,
    best,
    ANAPHORA_RE.test(text) ? 1 : 0,
    CONTINUATION_RE.test(text) ? 1 : 0,
    Math.log1p(terms.length) / 3,
    knownShare,
    semCos * knownShare,
    histCos,
    Math.max(wordCos, best, histCos),
    state.n > 0 ? novelSum / Math.max(1e-9, idfSum) : 0,
  ];
  const announcedSwitch = SWITCH_RE.test(text) && Math.max(wordCos, best, histCos) < 0.2;
  return { x, word, sem, semCos, announcedSwitch };
}

export function switchProbability(model: DriftModel, x: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < x.length; i++) z += (model.weights[i] ?? 0) * (x[i] ?? 0);
  return 1 / (1 + Math.exp(-z));
}
