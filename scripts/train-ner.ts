/**
 * `npm run train:ner`: trains the PII entity tagger (PER, LOC, ORG, ADDR) and writes
 * src/guards/securityguard/pii/ner/ner.weights.json.
 *
 * Training text: ../shared/datasets/ner/wnut17_train, btc and wikigold (MISC mapped to O), plus
 * synthetic sentences (scripts/ner-synthetic.ts) built from the name lists of ../shared/datasets/names
 * and @faker-js/faker locales. Never used: ner/wnut17_dev.jsonl and pii/dev.jsonl, which are the
 * test sets of `npm run eval -- securityguard-pii`. Unlabelled prompts and posts (injection/dev,
 * poisoning/clean_base_davidson, hallucination/halueval_general_dev) give word-case statistics only. 5% of the training sentences are held out and
 * reported as an in-distribution check only.
 *
 * Model: averaged perceptron, greedy left-to-right decoding with tag-history features (the same
 * decoder the detector runs), EPOCHS passes in a seeded shuffled order. NER_DECODER=viterbi (not the
 * default) trains a first-order structured perceptron decoded by Viterbi instead.
 *
 * Choosing settings: `NER_VALIDATE=1 npm run train:ner` holds a fifth of wnut17_train and btc
 * (posts, like the test set) out of everything and prints the whole detector's person F1 on it
 * (NER_OUT=<file> keeps the weights, the committed file stays untouched).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { fakerEN, fakerEN_AU, fakerEN_CA, fakerEN_GB, fakerEN_IN } from '@faker-js/faker';
import { DATASETS_DIR, readJsonl } from '../eval/lib/datasets.js';
import { joinTokens, personRanges, type TokenRange, tokenRanges } from '../eval/lib/spans.js';
import { detectEntities } from '../src/guards/securityguard/pii/entities.js';
import {
  allowed,
  DIM_BITS,
  DIMS,
  hashString,
  type Lexicons,
  MAX_FEATURES,
  NT,
  prevTagFeatures,
  SENT_END,
  staticFeatures,
  TAGS,
  type TokenTable,
  tagFeatures,
  tokenTable,
} from '../src/guards/securityguard/pii/ner/features.js';
import {
  decodeGlove,
  encodeGlove,
  type NerModel,
  type NerWeightsFile,
  tagTokens,
  viterbi,
} from '../src/guards/securityguard/pii/ner/model.js';
import { type NerToken, tokenizeForNer } from '../src/guards/securityguard/pii/ner/tokenize.js';
import { mulberry32 } from '../src/util/prng.js';
import { isValidationRow, joinHandles, type NerRow } from './lib/ner-rows.js';
import { buildClusters, buildDivisiveClusters, buildSvdClusters } from './ner-clusters.js';
import { buildGloveCodes } from './ner-glove.js';
import { fakerOf, generateSynthetic, LATIN } from './ner-synthetic.js';

const SEED = Number(process.env.NER_SEED ?? 20261130);
const EPOCHS = Number(process.env.NER_EPOCHS ?? 10);
/**
 * NER_COMMITTEE=k: k perceptrons, each over its own shuffled order of the same examples, weights
 * averaged into one model (same size and speed; k times the training time). Off (1): with
 * NER_JOIN_HANDLES=1 and k=3, wnut17_dev person F1 seeds 20261130/7/3 0.670/0.657/0.657 (mean
 * 0.661) -> 0.673/0.662/0.670 (mean 0.668), pii/dev F2 0.935/0.934/0.937 -> 0.934/0.936/0.932;
 * validation fold (default seed, k=3 alone) bias 0/4/8/16 0.693/0.688/0.679/0.644 ->
 * 0.703/0.692/0.675/0.639; k=3 alone, retrained on everything: wnut17_dev 0.668/0.659/0.668 (mean
 * 0.665), pii/dev F2 0.935/0.940/0.932. Within seed noise, and pii/dev F2 lower on some seeds.
 */
const COMMITTEE = Number(process.env.NER_COMMITTEE ?? 1);
/**
 * NER_DECODER=viterbi: a first-order structured perceptron (Collins 2002) instead of the greedy
 * one: each sentence is decoded exactly by Viterbi (model.ts viterbi) under the `allowed`
 * constraint, with tag-history features of the previous tag only (features.ts prevTagFeatures: the
 * greedy tagger's template 41, the two previous tags, left out), and the weights move by the
 * features of the gold path minus those of the decoded one. The weights file says `decoder:
 * 'viterbi'` and tagTokens decodes it so. Off (greedy): see the record below.
 */
const VITERBI = process.env.NER_DECODER === 'viterbi';
const DECODER = VITERBI ? { decoder: 'viterbi' as const } : {};
/*
 * Tried 2026-12-02 (third session; helper branch h-ner, code not merged: 440 lines for +0.008) and
 * not kept, NER_STACK=1: a second pass (stacking) that sees the first pass's tags on both
 * sides of each token (the right side is invisible to the greedy left-to-right pass) and the kinds
 * its word got elsewhere in the text; each training sentence's first-pass tags come from a first
 * pass trained on the other NER_STACK_FOLDS-1 folds; NER_STACK_MARGIN: tokens away from the first
 * pass's entities that it tagged O by at least this margin plus the PER bias are not rescored
 * (speed). Off: it wins on the validation fold at a fixed bias but not on wnut17_dev at the chosen one.
 * 2026-12-02 (load average 8-10): validation person F1 (NER_VALIDATE=1) at PER bias 0/4/8/16, seeds
 * 20261130/7/3: 0.693/0.688/0.679/0.644, 0.678/0.674/0.665/0.637, 0.675/0.664/0.659/0.634 ->
 * 0.703/0.700/0.687/0.659, 0.706/0.700/0.694/0.675, 0.700/0.694/0.681/0.665 (mean +0.021/+0.023/
 * +0.019/+0.028). Retrained on everything, seeds
 * 20261130/7/3 (chosen PER bias 20/12/20): wnut17_dev person F1 0.670/0.657/0.657 (mean 0.661) ->
 * 0.672/0.660/0.676 (mean 0.669, +0.008, under the +0.015 asked for a default); pii/dev F2
 * 0.935/0.934/0.938 -> 0.938/0.939/0.940 (PERSON F2 0.901 -> 0.906/0.903/0.908); weights 2.4 ->
 * 4.4 MB; detectEntities on the 1 KB bench paragraph 0.106 -> 0.129 ms (default seed, bias 20: the
 * second pass rescores tokens within 28 of O; about +5% of the guard's check). A diagnostic sweep on
 * wnut17_dev itself (read after the decision, not used for it), person F1 at PER bias 0/8/16/20:
 * committed 0.628/0.655/0.670/0.672, stacked 0.625/0.660/0.664/0.672 (default seed), 0.646/0.646/
 * 0.667/0.673 (7), 0.631/0.657/0.679/0.676 (3): no gain at equal bias, and F1 rises with the bias
 * on wnut17_dev while it falls on the validation fold (0.703 -> 0.659), so the fold is a weak guide
 * for that test set. First version with the first pass's own tag as a feature too (and margin 10,
 * not raised with the bias): validation 0.699/0.693/0.689/0.675 (default seed), 0.686/0.682/0.678/
 * 0.676 (7), 0.681/0.681/0.682/0.669 (3), but it copied the first pass and lost recall: default seed
 * wnut17_dev 0.656 (P 0.711 R 0.609), pii/dev F2 0.928 (PERSON R 0.913 -> 0.891); dropped.
 */
/*
 * Tried 2026-12-02 and not kept (code on no branch; figures read on wnut17_dev and pii/dev, so not
 * clean held-out figures): a per-word "capitalized inside a sentence" share (5 steps, counted on the
 * training and unlabelled text) as two tagger features: person F1 seeds 20261130/7/3
 * 0.651/0.668/0.662 (mean 0.660, from 0.661), 0.666 at the baseline's chosen biases; validation fold
 * bias 0 0.682 -> 0.695. The gain is smaller than the swing of the bias choice: the held-out F2 curve
 * is flat within 0.005 from bias 8 to 16, so the chosen bias moves with the seed (10-16) and moves
 * the test F1 by about 0.01. Choosing the bias on the whole detector's held-out score: 16/16/16,
 * 0.670/0.660/0.657. 20% lower-cased names: 0.663/0.667/0.656. The next step is likely a steadier
 * bias choice (a larger or fixed split), not more features. wnut17_dev recall by case: 0.505 on its
 * 109 lower-case names, 0.723 on the 361 capitalized ones.
 */
const SYNTHETIC = Number(process.env.NER_SYNTHETIC ?? 16000);
/**
 * NER_COMMENTS: the share of synthetic sentences drawn from comment-style templates (single names,
 * 30% of them in lower case; scripts/ner-synthetic.ts COMMENT_TEMPLATES). Off: at 0.15 the validation
 * person F1 over three seeds (20261130, 7, 3) was 0.709/0.691/0.700 at bias 0 and 0.646/0.642/0.647 at
 * bias 16, against 0.700/0.698/0.698 and 0.662/0.637/0.638 without.
 */
const COMMENTS = Number(process.env.NER_COMMENTS ?? 0);
/**
 * Experiment knobs (the committed weights use the defaults): NER_SEED; NER_EPOCHS (10 instead of 6:
 * validation person F1 0.670 -> 0.677 at PER bias 0, 0.604 -> 0.615 at 16); WNUT-17 train rows seen
 * NER_WNUT_REPEAT times an epoch (2 with 10 epochs: validation F1 at bias 16 0.619/0.627/0.628 over
 * three seeds, but the Italian address of generalize.test.ts is lost with some seeds: fewer
 * synthetic addresses per epoch); NER_JOIN_HANDLES=1 joins BTC's "@ name" handles into one token
 * tagged O; NER_PER_BIAS fixes the PER bias instead of choosing it on the held-out 5%. A lower bias
 * raises the validation F1 (posts written like wnut17_train) but lowers the wnut17_dev figure.
 */
const WNUT_REPEAT = Number(process.env.NER_WNUT_REPEAT ?? 1);
const JOIN_HANDLES = process.env.NER_JOIN_HANDLES === '1';
/** Half-width of the window the held-out F2 curve of the PER bias is smoothed over (NER_BIAS_WINDOW). */
const BIAS_WINDOW = Number(process.env.NER_BIAS_WINDOW ?? 6);
const FIXED_PER_BIAS = process.env.NER_PER_BIAS === undefined ? undefined : Number(process.env.NER_PER_BIAS);
/**
 * Posts and comments often write names in lower case ("listening to kendrick lamar"): 10% of the
 * posts (wnut17_train, btc) are trained on with their person names lower-cased (NER_LOWER_NAMES) and
 * 5% entirely in lower case (NER_LOWER_ROWS). The word lists are built before, from the text as written.
 * Validation person F1 over three seeds (scripts/ner-errors.ts), bias 0: 0.689/0.684/0.694 ->
 * 0.701/0.688/0.706; bias 16 as written 0.639/0.630/0.634 -> 0.632/0.632/0.636; rows lower-cased
 * (NER_CASE=lower) 0.589/0.568/0.584 -> 0.591/0.603/0.606; names lower-cased (NER_CASE=names)
 * 0.489/0.461/0.484 -> 0.508/0.507/0.496. 15%/10% gave about the same but lost "Siobhan" of
 * generalize.test.ts with the default seed (a margin under 1).
 */
const LOWER_NAMES = Number(process.env.NER_LOWER_NAMES ?? 0.1);
const LOWER_ROWS = Number(process.env.NER_LOWER_ROWS ?? 0.05);
/**
 * Name-list features from faker's given and family names of every Latin-script locale the synthetic
 * sentences use (NER_ALL_LOCALES=0: English locales only, as before). Validation person F1 over three
 * seeds, bias 0: 0.677/0.679/0.689 -> 0.689/0.684/0.694; bias 16: 0.615/0.622/0.615 -> 0.639/0.630/0.634;
 * with the names lower-cased (scripts/ner-errors.ts NER_CASE=names, bias 16) 0.438 -> 0.489.
 */
const ALL_LOCALES = process.env.NER_ALL_LOCALES !== '0';
/*
 * Tried and left out (validation person F1, scripts/ner-errors.ts; seeds 20261130, 7, 3 where three
 * are given): whole-text case features (no capitals / mostly capitals / mixed, crossed with the word
 * lists, the shape and the previous word), together with entities.ts trimOrdinaryTail, bias 0
 * 0.701/0.693/0.698 -> 0.700/0.698/0.698, bias 16 0.632/0.638/0.648 -> 0.662/0.637/0.638 (wnut17_dev
 * unchanged at 0.652): within seed noise, for three more features a scored token. Default seed only,
 * none beyond noise: a bit for the popular names of ../shared/datasets/names, how a word is written
 * elsewhere in the same text, elongated words ("sooo"), averaging the weights of three seeds, a margin
 * floor for one-word names, the bias on LOC/ORG as well as PER (the same precision/recall curve).
 * Word-case statistics and clusters also from the documents of hallucination/summedits (common words
 * 7,290 -> 7,892), three seeds: bias 0 0.698/0.693/0.689, bias 16 0.634/0.632/0.640.
 * 2026-12-01, with the proper-noun list (validation person F1 at bias 4 / 16, default seed): 8,000
 * synthetic sentences instead of 16,000, 0.686/0.644 -> 0.684/0.640; 16 epochs, 0.688/0.644 ->
 * 0.685/0.648; taking the capitalized word right before a tagged name into it (entities.ts),
 * 0.688/0.645 -> 0.680/0.640. Without the proper-noun list the smoothed bias choice still jumped
 * (14/2/20 over seeds 20261130/7/3; wnut17_dev 0.642/0.638/0.659, pii/dev F2 0.933/0.928/0.936).
 * Not trimming titles from the start of a name (President, Prince, Dr ... ; entities.ts ROLES) gives
 * 0.688/0.645 -> 0.706/0.660: BTC and WNUT-17 put the title inside the name, presidio's pii/dev and
 * this project's tests leave it out (a TITLE of its own), so the trim stays.
 * 2026-12-02, validation fold, default seed, PER bias 0/4/8/16 (base 0.693/0.688/0.679/0.644):
 * NER_JOIN_HANDLES=1 0.703/0.685/0.679/0.644 (retrained on everything, seeds 20261130/7/3:
 * wnut17_dev 0.660/0.662/0.657, pii/dev F2 0.933/0.934/0.931; left out); 2^20 hashed features instead of 2^18
 * 0.689/0.687/0.670/0.636; place list from every Latin-script faker locale, many-word places also
 * word by word (2,134 -> 14,854 words) 0.709/0.684/0.674/0.643. At the chosen bias (10), not in
 * training: beam search (width 4, every token scored) P 0.617 -> 0.709, R 0.743 -> 0.683, but at
 * equal precision less recall than greedy (bias 24: R 0.730 against 0.763 greedy at bias 16);
 * scoring lower-case words off the common list (no pruning of unknown words) 0.674 -> 0.669 as
 * written, 0.571 -> 0.599 with every name lower-cased, 0.652 -> 0.655 with a quarter of the rows'
 * names lower-cased (scripts/ner-errors.ts NER_CASE=names25), and more tokens scored in prose.
 */
/**
 * NER_WORD_DROP=p (off): on a share p of the training tokens each epoch the current token's
 * word-identity features (templates 1 and 24, and the previous tag with the word) go to one shared
 * bucket, so the tagger leans on context, shape and word lists. NER_W_SYNTH (1): the perceptron's
 * step size on the synthetic sentences (the posts and wikigold take 1).
 *
 * Tried 2026-12-02 (fourth session, helper branch h-ner; issue 10, person F1 >= 0.70 on
 * wnut17_dev). Settings were looked at on the validation fold only (NER_VALIDATE=1, which now also
 * prints the F1 at the bias the held-out 5% chooses); the wnut17_dev figures below were read after,
 * to decide about a default. Base, retrained on everything with this script (the default seed
 * gives the committed file byte for byte), seeds 20261130/7/3: wnut17_dev person F1
 * 0.670/0.657/0.657 (mean 0.661), pii/dev F2 0.939/0.937/0.941 (PERSON F2 0.905/0.900/0.905).
 * Validation person F1 at PER bias 0/4/8/16, mean of seeds 20261130/7/3 (base
 * 0.682/0.675/0.668/0.638; at the bias the held-out 5% chooses 0.674/0.678/0.634, biases 10/0/16):
 * - Error buckets of the base (default seed, bias 10, scripts/ner-errors.ts): 75 missed one-word
 *   capitalized names, 63+33+25+9 false one-word capitalized words (O/LOC/ORG/MISC, many in
 *   Indonesian, Tagalog, Spanish posts), 35 names cut short, 28 false lower-case words, 12 missed
 *   lower-case names: one-word names, not long names or handles, are the errors.
 * - NER_WORD_DROP=0.2: 0.691/0.682/0.672/0.642; 0.4: 0.675/0.675/0.667/0.639. Retrained on
 *   everything (0.2; chosen bias 12/10/14): wnut17_dev 0.670/0.657/0.657 (mean 0.661) ->
 *   0.664/0.656/0.661 (mean 0.660), pii/dev F2 0.937/0.935/0.933 (PERSON 0.898/0.896/0.893).
 * - Name-list bits cleared on 30% of the synthetic sentences' tokens (gazetteer dropout; code not
 *   kept): 0.669/0.659/0.648/0.616, worse at every bias.
 * - NER_W_SYNTH=0.5: 0.698/0.686/0.669/0.630 (better at low bias, worse at 16); retrained on
 *   everything (chosen bias 12/8/18): wnut17_dev 0.666/0.659/0.672 (mean 0.666), pii/dev F2
 *   0.936/0.932/0.938 (PERSON 0.897/0.889/0.904). With NER_WORD_DROP=0.2: 0.698/0.683/0.666/0.633.
 * - A text-language feature (code not kept, features.ts): the share of a text's words on the common
 *   (English) word list in quarters, crossed with the token's word-list bits and case class
 *   (`mix(36, pair(eng, gaz(t, i) * 8 + cap(t, i)))`; 4 when under 4 words), aimed at the false
 *   names in non-English posts: 0.697/0.694/0.680/0.639, higher at bias 0-8 on every seed (default
 *   seed, bias 8: false one-word capitalized 63 -> 55, LOC 30 -> 23; lower-case robustness unchanged,
 *   NER_CASE=names25 0.655 -> 0.655). Retrained on everything (chosen bias 14/8/14): wnut17_dev
 *   0.664/0.665/0.662 (mean 0.664), pii/dev F2 0.939/0.934/0.934 (PERSON 0.904/0.897/0.898). With
 *   NER_W_SYNTH=0.5 as well: validation 0.707/0.697/0.682/0.639; wnut17_dev (bias 14/10/14)
 *   0.660/0.671/0.665 (mean 0.665), pii/dev F2 0.935/0.936/0.938. Not the default: the means are
 *   within the seed spread, the default seed is lower (0.664, 0.660 against 0.670) and pii/dev F2
 *   falls 0.939 -> 0.936 (mean of the three seeds).
 * The validation fold keeps preferring a lower PER bias than wnut17_dev does (see the stacking note
 * above), and the bias the held-out 5% chooses moves by 6-14 from seed to seed; the gains the fold
 * shows at a fixed bias do not survive that choice. On this evidence, feature and training-mix
 * changes that win on the fold do not move wnut17_dev beyond the seed spread; the likelier limits are
 * the bias choice and the gap between the fold (tweets) and wnut17_dev (comments, 109 of its 470
 * names in lower case).
 */
/*
 * Tried 2026-12-02 (fifth session, helper branch h-ner; issue 10). Settings were chosen on folds of
 * wnut17_train and btc only; wnut17_dev was read once per candidate, at the end, to decide about a
 * default (none adopted). Base (the committed file and its seeds, `npm run eval --
 * securityguard-pii`), seeds 20261130/7/3: wnut17_dev person F1 0.670/0.657/0.657 (mean 0.661,
 * spread 0.013), pii/dev F2 0.939/0.937/0.941 (PERSON F2 0.905/0.900/0.905).
 * - Why the held-out choice of the PER bias swings: out-of-fold curves over all five folds
 *   (`NER_VALIDATE=1 NER_FOLD=0..4`, pooled by scripts/ner-bias-sweep.ts: every post of wnut17_train
 *   and btc scored once, 3,091 names), default seed: the whole detector's person F2 is flat from bias
 *   4 to 20 (0.711-0.714) and F1 is best at bias 0 (0.702), because a fold shares its celebrities
 *   with the rest of the same tweets. WNUT-17 built its dev and test sets from new names (emerging
 *   entities). NER_NOVEL=1 leaves out the training rows that hold a word of a fold's person names:
 *   then F2, mean of seeds 20261130/7/3, rises to a peak, 0.585/0.627/0.649/0.656 at bias
 *   0/8/16/22, best after smoothing (+-6, as BIAS_WINDOW) at 22 (per seed 24/20/22, against 10-16
 *   with a swing of 6-14 for the held-out 5%); F1 0.615/0.623/0.608/0.588 (best 4-10). Comment-like
 *   posts only (lib/ner-rows.ts isCommentLike: no handle, hashtag, link or RT, not a headline; 564
 *   names): F2 best at 22-30, flat from 16.
 * - NER_PER_BIAS=22 (that choice, fixed), retrained on everything: wnut17_dev 0.665/0.663/0.660
 *   (mean 0.663, spread 0.005; default seed P 0.668 -> 0.629, R 0.672 -> 0.706), pii/dev F2
 *   0.943/0.940/0.941 (PERSON F2 0.914/0.906/0.908). Steadier, pii/dev F2 a little higher, but the
 *   mean gain (+0.002) is far inside the old seed spread: not the default. Each seed at its own
 *   novel out-of-fold choice (24/20/22; the bias set in the weights file, no retraining): 0.661/
 *   0.659/0.660 (mean 0.660), pii/dev F2 0.942/0.941/0.941.
 * - The same with every example trained on (nothing held out once the bias is fixed; knob not
 *   kept): 0.663/0.659/0.661 (mean 0.661), pii/dev F2 0.938/0.937/0.941.
 * - NER_SUBST=0.5 (mention replacement, below): novel out-of-fold, mean of seeds at bias 22, F1
 *   0.588 -> 0.592, F2 0.656 -> 0.659 (comment-like 0.578 -> 0.591, 0.660 -> 0.677); its own
 *   smoothed choice 24 (flat 22-26; retrained at 22): wnut17_dev 0.662/0.658/0.668 (mean 0.663),
 *   pii/dev F2 0.942/0.941/0.940. Off.
 * - Lower-case names from the name lists after the detector (scripts/ner-bias-sweep.ts NER_POST;
 *   standard folds 0-2, default seed, bias 12): "one", in a text without a capital a listed given
 *   name that is no common word (with a listed next word): rows all in lower case P 0.577 -> 0.469,
 *   R 0.662 -> 0.677 (F1 0.617 -> 0.554), as written F1 0.666 -> 0.662; "pair", a listed given name
 *   in lower case and the next lower-case word that is no common word: lower-case rows F1 0.617 ->
 *   0.610, comment-like names25 0.593 -> 0.593. Ten points of precision for 1.5 of recall: the lists
 *   (15,062 given names of 100 countries and the faker locales) hold many words of other languages
 *   and slang. Not put in entities.ts.
 * - Error buckets of the novel folds at bias 22 (scripts/ner-errors.ts NER_FOLD=0..4, default seed,
 *   summed): 570 false one-word capitalized O words (interjections "Niiiiice", "Shhhhh", words of
 *   other languages, products, some unlabelled names), 288 missed one-word capitalized names,
 *   249 + 229 false ORG/LOC words, 219 names cut short (mostly titles, "President Obama", "Prince
 *   William", which entities.ts trims by design), 100 missed one-word lower-case names: no bucket a
 *   rule of this size would empty.
 * On this evidence wnut17_dev person F1 sits at 0.66 +- 0.01 for PER biases 16-22 with or without
 * these changes; a steadier bias rule does not lift it, and the 0.70 of issue 10 needs a better
 * tagger (its one-word names), not a better choice of bias.
 */
/*
 * Tried 2026-12-02 (seventh session) and not kept: names of the Vietnamese and Hungarian faker
 * locales written family name first ("Nguyen Thi Mai", 40% without diacritics) in 70% of their
 * synthetic full names, drawn from a PRNG stream of their own so the other sentences stay as they
 * were. "Nguyen Thi Mai" is tagged ADDR today and dropped (the detector finds "Nguyễn Thị Mai" and
 * "Tran Van Duc", not "Nguyen Thi Mai" or "Lê Thị Hoa"). Seeds 20261130/7/3: pii/dev F2
 * 0.939/0.937/0.941 -> 0.923/0.937/0.938, wnut17_dev person F1 0.670/0.657/0.657 -> 0.652/0.660/0.665;
 * the four probe names found 2/4 -> 3-4/4. Not worth the pii/dev loss on the default seed.
 */
const WORD_DROP = Number(process.env.NER_WORD_DROP ?? 0);
/**
 * NER_SUBST=q (off): a share q of the training posts with a person name (wnut17_train, btc) is added
 * a second time with other names from the name lists in their names' place (mention replacement), so
 * the tagger learns names from their context rather than by heart, for the new names of wnut17_dev.
 */
const SUBST = Number(process.env.NER_SUBST ?? 0);
/**
 * NER_SELF_MARGIN=m (off): self-training on unlabelled posts and prompts (SELF_SOURCES); texts the
 * first model tags with every decision won by m are trained on with its tags, then retrained.
 * NER_SELF_NAMES=1 keeps only those with a person name.
 */
const SELF_MARGIN = Number(process.env.NER_SELF_MARGIN ?? 0);
const SELF_NAMES_ONLY = process.env.NER_SELF_NAMES === '1';
const SELF_SOURCES: [string, string][] = [
  ['poisoning/clean_base_davidson.jsonl', 'text'],
  ['injection/dev.jsonl', 'text'],
];
const W_WIKI = Number(process.env.NER_W_WIKI ?? 1);
const W_BTC = Number(process.env.NER_W_BTC ?? 1);
const MARGIN = Number(process.env.NER_MARGIN ?? 0);
const W_SYNTH = Number(process.env.NER_W_SYNTH ?? 1);
const TRAIN_FILES = ['ner/wnut17_train.jsonl', 'ner/btc.jsonl', 'ner/wikigold.jsonl'];
/** Unlabelled text read only for word-case statistics (which words are ordinary lower-case words). */
const COMMON_WORD_SOURCES: [string, string][] = [
  ['injection/dev.jsonl', 'text'],
  ['poisoning/clean_base_davidson.jsonl', 'text'],
  ['hallucination/halueval_general_dev.jsonl', 'query'],
];
const OUT =
  process.env.NER_OUT ??
  fileURLToPath(new URL('../src/guards/securityguard/pii/ner/ner.weights.json', import.meta.url));
/**
 * NER_VALIDATE=1: a fifth of wnut17_train and btc (social-media posts, like the test set) is held
 * out of training, word lists and clusters, and the person F1 of the whole detector (detectEntities)
 * on it is printed: the split that settings of this script are chosen on. Never ner/wnut17_dev.
 */
const VALIDATE = process.env.NER_VALIDATE === '1';
/**
 * NER_NOVEL=1 (with NER_VALIDATE=1): training rows that hold a word of a validation person name are
 * left out too, so every name of the fold is new to the model, as WNUT-17 built its dev and test
 * sets (emerging entities, few surface forms of the training set). Without it a fifth of the same
 * tweets shares its celebrities with training and prefers a low PER bias.
 */
const NOVEL = process.env.NER_NOVEL === '1';
/** Lower-case words of a row's person names (one letter or more than one). */
const personWords = (row: NerRow): string[] =>
  row.tokens.filter((t, i) => row.tags[i]?.endsWith('PER') && t.length > 1).map((t) => t.toLowerCase());

interface Example {
  text: string;
  tokens: NerToken[];
  gold: Int8Array;
  source: string;
}

const TAG_INDEX = new Map<string, number>(TAGS.map((t, i) => [t, i]));
const kindIndex = (kind: string, begin: boolean): number =>
  TAG_INDEX.get(`${begin ? 'B' : 'I'}-${kind}`) ?? 0;

/** Char spans onto runtime tokens: a token inside a span gets B- if it opens it, else I-. */
function project(
  text: string,
  spans: { kind: string; start: number; end: number }[],
  source: string,
): Example {
  const tokens = tokenizeForNer(text);
  const gold = new Int8Array(tokens.length);
  let s = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (s < spans.length && spans[s]!.end <= t.start) s++;
    const sp = spans[s];
    // Handles, hashtags and links are never entities here (BTC tags handles, WNUT-17 does not).
    if (/^(?:[@#]|https?:)/.test(t.text)) continue;
    if (sp && sp.start < t.end && t.start < sp.end) {
      const opens = i === 0 || tokens[i - 1]!.end <= sp.start;
      gold[i] = kindIndex(sp.kind, opens);
      // Two person names side by side ("Lady Gaga Nicki Minaj") cannot be told apart: the decoder
      // never opens a name right after another one (allowed), so the gold tags read one name.
      if (gold[i] === 1 && i > 0 && !allowed(gold[i - 1]!, 1)) gold[i] = 2;
    }
  }
  return { text, tokens, gold, source };
}

function fromCorpus(row: NerRow): Example {
  let text = '';
  const spans: { kind: string; start: number; end: number }[] = [];
  for (let i = 0; i < row.tokens.length; i++) {
    if (i > 0) text += ' ';
    const start = text.length;
    text += row.tokens[i];
    const tag = row.tags[i] ?? 'O';
    const kind = tag.slice(2);
    if (kind !== 'PER' && kind !== 'LOC' && kind !== 'ORG') continue;
    const last = spans[spans.length - 1];
    if (tag.startsWith('I-') && last && last.kind === kind && last.end === start - 1) last.end = text.length;
    else spans.push({ kind, start, end: text.length });
  }
  return project(text, spans, row.source);
}

function readCsvColumns(file: string, columns: string[]): string[] {
  const lines = readFileSync(`${DATASETS_DIR}/${file}`, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\n');
  const header = (lines[0] ?? '').split(',');
  const idx = columns.map((c) => header.indexOf(c));
  const out: string[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    for (const i of idx) {
      const v = cells[i]?.trim();
      if (v) out.push(v);
    }
  }
  return out;
}

/**
 * Context clusters (Lexicons.clusters). NER_CLUSTERS=svd (not the default): hierarchical codes by
 * bisecting 2-means over a PPMI + truncated SVD embedding of each word's left and right neighbours
 * (scripts/ner-clusters.ts buildSvdClusters); NER_CLUSTER_EXTRA=1 adds EXTRA_CLUSTER_SOURCES to the
 * clustering text (2.1M tokens, 25,716 words coded instead of 12,396). Tried 2026-12-02 (helper
 * branch h-ner), both with NER_CLUSTER_EXTRA=1. Validation fold (NER_VALIDATE=1), person F1 at PER
 * bias 0/4/8/16, mean of seeds 20261130/7/3: projection codes 0.682/0.675/0.668/0.638; SVD codes
 * 0.697/0.688/0.676/0.642; SVD codes plus three cluster features in features.ts (after template 35:
 * `mix(36, pair(c0, cap(t, i)))`, `mix(37, pair(top(clu(t, i - 1), 6), top(clu(t, i + 1), 6)))`,
 * `mix(38, pair(top(c0, 9), t.sentStart[i]! * 8 + cap(t, i)))`) 0.700/0.692/0.682/0.650; the
 * projection codes over the same extra text (default seed) 0.688/0.677/0.670/0.644, so the text
 * alone is no gain; the three features with the projection codes 0.688/0.679/0.666/0.635 (no gain:
 * they help only on the SVD codes). Retrained on everything (chosen PER bias: projection 16/14/16, SVD 14/14/16,
 * SVD + features 16/12/20), `npm run eval -- securityguard-pii`, seeds 20261130/7/3: projection (today's default) wnut17_dev person F1 0.670/0.657/0.657 (mean 0.661),
 * pii/dev F2 0.937/0.936/0.939; SVD codes 0.668/0.664/0.664 (mean 0.665), F2 0.937/0.936/0.932;
 * SVD codes plus the three features 0.661/0.672/0.688 (mean 0.674), F2 0.933/0.934/0.936 (PERSON
 * F2 0.897/0.898/0.902 against 0.904/0.899/0.905). Not the default: the SVD codes alone are within
 * the seed spread, and with the three features the default seed's model is lower on wnut17_dev
 * (0.661) and misses the lower-case name of phones-names.test.ts "We miss you agnieszka" (margin
 * 0.3 under the runner-up). Two more seeds, 11/42 (chosen PER bias projection 18/2, SVD + features
 * 18/12): wnut17_dev 0.651/0.640 -> 0.678/0.661, pii/dev F2 0.940/0.924 -> 0.931/0.935; over the five
 * seeds person F1 mean 0.655 -> 0.672 (higher on 4 of 5), pii/dev F2 mean 0.935 -> 0.934. Weights 2.5 -> 2.7-2.8 MB, model load about +150 ms (25,716 cluster
 * words), detectEntities on 1 KB +2.5% in process with the three features.
 *
 * NER_CLUSTERS=projection: the earlier default codes (signs of a 16-wide random projection of the
 * contexts, whose prefixes group unrelated words: "john" with "rehabilitation").
 *
 * NER_CLUSTERS=divisive: hierarchical word classes split along principal directions of idf-weighted
 * context vectors (scripts/ner-clusters.ts buildDivisiveClusters, a Brown-clustering stand-in) instead
 * of the projection codes. Not the default (figures of an earlier day, against the projection codes).
 * Validation fold person F1 (NER_VALIDATE=1, seeds 20261130/7/3) at PER bias 0: 0.693/0.678/0.675 -> 0.718/0.688/0.699; bias 4:
 * 0.688/0.674/0.664 -> 0.697/0.677/0.691; bias 8: 0.679/0.665/0.659 -> 0.672/0.665/0.673; bias 16:
 * 0.644/0.637/0.634 -> 0.638/0.628/0.635; best smoothed held-out PER F2 (what the bias is chosen on)
 * 0.667/0.625/0.617 -> 0.670/0.642/0.635. Retrained on everything (chosen PER bias 14/8/16), the test
 * sets: wnut17_dev person F1 0.662/0.658/0.679 (mean 0.666; 0.661 before), pii/dev F2
 * 0.928/0.930/0.930 (0.935/0.934/0.937 before; PERSON F2 0.901 -> 0.888 at the default seed). Left out
 * after reading those test figures: no person gain beyond seed noise and a PII F2 loss on every seed.
 * Also tried on the validation fold: contexts two words away (weight 1/2) and the Wikipedia/business
 * prose of PROPER_SOURCES in the clustering text, seeds 20261130/7: bias 0 0.695/0.686, bias 16
 * 0.639/0.630, F2 0.675/0.638 (no better than one-word contexts); with the divisive codes, two more
 * features of a word's code (all 16 bits, and 3, each with its case class): bias 0 0.706/0.686, bias 8
 * 0.681/0.675, bias 16 0.647/0.635, F2 0.658/0.627.
 */
const CLUSTERS = process.env.NER_CLUSTERS ?? 'projection';
/**
 * GloVe word codes (scripts/ner-glove.ts; Lexicons.glove) as tagger features, the default since
 * 2026-12-04 (tenth session, helper branch h-ner; issue 10); NER_GLOVE=0 leaves them out. Per word of
 * the GloVe vocabulary: its hierarchical spherical k-means cluster (64/256/1,024) and a name-likeness
 * bucket (a logistic model on the vector, listed given names and surnames against the common words),
 * crossed with the case class; the neighbours' 256-cluster too (features.ts templates 45-50). Not for
 * lower-case tokens (they share one value). 335,671 words by 32-bit hash: 2 MB of the 5.2 MB file.
 * Chosen on the validation fold (NER_VALIDATE=1), person F1 at PER bias 0/4/8/16, seeds 20261130/7/3:
 * base 0.693/0.688/0.679/0.644, 0.678/0.674/0.665/0.637, 0.675/0.664/0.659/0.634 (mean
 * 0.682/0.675/0.668/0.638); features on every scored token (first version) 0.718/0.712/0.707/0.689,
 * 0.719/0.716/0.712/0.681, 0.716/0.715/0.702/0.687 (mean 0.718/0.714/0.707/0.686); not for lower-case
 * tokens (kept) 0.718/0.721/0.717/0.702, 0.719/0.718/0.710/0.697, 0.705/0.715/0.703/0.687 (mean
 * 0.714/0.718/0.710/0.695); all six features one value for lower-case tokens (neighbours too)
 * 0.706/0.705/0.708/0.691, 0.708/0.708/0.702/0.683 (two seeds, lower; dropped). Test sets
 * (scripts/ner-testsets.ts), seeds 20261130/7/3: base wnut17_dev person F1 0.672/0.659/0.664 (mean
 * 0.665), pii/dev F2 0.939/0.937/0.941; every token 0.693/0.682/0.682 (mean 0.686), F2
 * 0.938/0.947/0.941, but it fails two unit tests on the default seed ("olleh" in reversed lower-case
 * text, a brand in GloVe, on all three seeds; "We miss you agnieszka" missed on two); kept variant
 * 0.678/0.677/0.676 (mean 0.677), F2 0.942/0.942/0.943. It too failed the reversed-text test
 * ("ecnetnes siht") and "Paul met Anna de la Cruz" (one name over the verb) on the default seed, so
 * entities.ts got two rules (unknownWordsText: no names in capital-free text of mostly unknown
 * words; splitAtCommonWord); with them 0.678/0.676/0.684 (mean 0.679, +0.014; every seed above every
 * base seed), pii/dev F2 0.942/0.942/0.943 (PERSON F2 0.905 -> 0.909 default seed). The split rule
 * alone moves the old tagger 0.672/0.659/0.664 -> 0.667/0.654/0.658 (read after; a narrower split,
 * e.g. not at "the"/"of", is a candidate). In-development probes, default seed (old tagger with the
 * new rules -> new): names_world exact 0.970 -> 0.981, pii_german 24/24 -> 23/24, pii_german_fresh
 * 10/10 -> 9/10 (one name each). Weights 2.5 -> 5.2 MB, decode + parse about
 * +100 ms (load average 8), detectEntities 1 KB pii/dev text 463 -> 491 us in process (load 8).
 */
/*
 * 2026-12-04 (eleventh session, helper branch h-ner; issue 10: lower-case names). Chosen on the
 * validation fold only (NER_VALIDATE=1, seeds 20261130/7/3; the whole detector's person F1 on the
 * fold as written, with a quarter of its rows' names lower-cased (scripts/ner-errors.ts
 * NER_CASE=names25, about wnut17_dev's share of lower-case names) and all in lower case
 * (NER_CASE=lower)). Base (the committed tagger and rules), at the bias each seed chooses (14/16/20):
 * as written 0.706/0.701/0.677 (mean 0.695), names25 0.681/0.675/0.650 (0.669), lower
 * 0.609/0.602/0.601 (0.604); at fixed PER bias 8 / 16, means: 0.714/0.698, 0.689/0.672, 0.621/0.603.
 * - Kept (rules, no retraining): in mixed-case text a lower-case word off the lists whose GloVe
 *   name-likeness bucket is 5 or more is scored (model.ts GLOVE_NAME_SCORED; buckets 4/5/6/7, default
 *   seed: as written 0.702/0.703/0.704/0.705 against 0.706 off, names25 0.685/0.686/0.685/0.682
 *   against 0.681), and a tagged name is not split at "of"/"the" (entities.ts splitAtCommonWord; off
 *   altogether 0.707/0.702/0.678, not at "of"/"the" the same, against 0.706/0.701/0.677: one or two
 *   spans a seed, "the Duchess of Cambridge"). Both, at the chosen bias: as written 0.704/0.700/0.676
 *   (mean 0.693), names25 0.687/0.682/0.656 (0.675), lower unchanged; at bias 8 as written unchanged
 *   (0.720/0.714/0.707), names25 0.695/0.686/0.686 -> 0.701/0.694/0.692.
 * - Re-chosen, unchanged: the caseless-text threshold of entities.ts unknownWordsText (unlisted names
 *   dropped in capital-free text with fewer known words than this share) 0/0.4/0.5/0.6/0.7/0.8/0.9/
 *   0.95/1.01, default seed: as written 0.705/0.706/0.706/0.706/0.707/0.707/0.709/0.709/0.709, lower
 *   0.603/0.607/0.609/0.609/0.611/0.613/0.615/0.614/0.617 (recall 0.654 -> 0.607); 0.9 is +0.001 to
 *   +0.002 as written on every seed, under the noise and at a recall cost in lower-case text; with
 *   the lower-case GloVe features below the curve is flat from 0.4 to 0.9. 0.6 stays.
 * - Not kept: GloVe features for lower-case words (features.ts templates 45-48, which give them one
 *   shared value today), retrained, with the kept rules: at fixed bias 8 / 16 as written 0.710/0.691,
 *   names25 0.696/0.680, lower 0.663/0.651 (+0.042/+0.048 on the base); at the chosen bias (14/12/24)
 *   0.711/0.691/0.663, 0.696/0.683/0.653, 0.652/0.660/0.626. The name-likeness bucket alone for them
 *   (template 48): lower 0.647/0.633 at bias 8/16. Only in text without capitals (a caseless flag on
 *   the token table): as written 0.710/0.694, names25 0.690/0.677, lower 0.659/0.633 at bias 8/16
 *   (chosen bias 10/20/18: 0.713/0.681/0.680, 0.689/0.662/0.666, 0.653/0.611/0.633). Every variant
 *   passes the reversed-text test now (unknownWordsText), but retrained on everything the default
 *   seed and seed 3 lose the unit test "We miss you agnieszka" (phones-names.test.ts; tagged O, the
 *   committed tagger has B-PER by 15.7): all lower-case GloVe features, O by 7.5 (default seed); caseless
 *   text only, O by 2.9 / 8.0 (seed 7 finds it by 19.1), though its features in that mixed-case sentence
 *   are the base's: the caseless rows move the shared weights. With NER_LOWER_NAMES=0.2 too, O by 4.5.
 *   The validation models (a fifth less data) find it on every seed. A candidate if that test can go
 *   another way (e.g. a rule for lower-case listed names) or for a stronger tagger.
 * Test sets (scripts/ner-testsets.ts; read after the choice, not used for it), seeds 20261130/7/3,
 * the kept rules on the committed tagger (retrained here: the default seed gives the committed file
 * byte for byte, bias 16): wnut17_dev person F1 0.678/0.676/0.684 (mean 0.679), pii/dev F2
 * 0.942/0.942/0.943, names_world exact 0.981/0.965/0.993: the same figures as before the rules
 * (old rules on the same weights: person P 0.708/0.717/0.684 -> 0.707/0.715/0.682, seed 3 R 0.683 ->
 * 0.685; a few more lower-case names found and as many false ones).
 * detectEntities on the 1 KB bench paragraph 97 -> 104 us in process (three alternating runs, the
 * GloVe look-ups of lower-case words off the common list). Read after the lower-case GloVe variants
 * were dropped (for the record only): caseless-text variant wnut17_dev 0.695/0.692/0.676 (mean
 * 0.688), pii/dev F2 0.947/0.945/0.943, names_world exact 0.973/0.966/0.980 (lower on two seeds);
 * all lower-case words 0.690/0.673/0.680 (mean 0.681), F2 0.938/0.942/0.941, names_world
 * 0.966/0.964/0.978.
 */
/*
 * 2026-12-04 (twelfth session, helper branch h-ner2; issue 10). Tried and not kept (code in commit
 * 1675b97 of branch h-ner2, NER_RTL=1, removed in the next commit): a right-to-left tagger beside
 * the left-to-right one (model.ts reverseTokens/fromReversed/combinePersons, scripts/
 * ner-rtl-sweep.ts): the same features and examples read backwards (each entity's B- on its last
 * word), its own shuffled order, 2.0 MB more weights (5.2 -> 7.3 MB). The
 * two taggings are joined on person names only (RTL_COMBINE): 'add' puts in the right-to-left
 * names where the left-to-right tagger has only O, 'best' also lets a surer one replace an
 * overlapping name, 'agree' keeps a left-to-right name only where a right-to-left name overlaps it.
 * Chosen on the validation fold (NER_VALIDATE=1, whole-detector person F1; scripts/ner-rtl-sweep.ts),
 * default seed, left-to-right PER bias 0/8/16/24: off 0.721/0.720/0.704/0.676; 'add' (right-to-left
 * bias -8..16) at most 0.720/0.715/0.701/0.674, 'best' at most 0.720/0.713/0.699/0.677: the added
 * names are mostly false. 'agree', left-to-right bias 8-20 and right-to-left bias 0-16, 0.714-0.738
 * on every seed (20261130/7/3), flat: at the held-out choice of the left-to-right bias (20/16/16) and
 * right-to-left bias 16, 0.695/0.700/0.686 -> 0.723/0.721/0.719 (P up 0.06-0.09, R down 0.02-0.03);
 * names25 (scripts/ner-errors.ts NER_CASE) 0.678/0.682/0.667 -> 0.704/0.701/0.698 at bias 20/16/16.
 * The right-to-left bias: the held-out 5% curve (both taggers, 'agree') is flat from 12 up and its
 * smoothed maximum fell at the end of the range (32, default seed, all data), so it was fixed
 * instead, before any test figure was read: the largest bias whose mean validation F1 over the three
 * seeds (left-to-right bias 16) is within 0.01 of the best (0.729 at 0-4; 16: 0.722), 16.
 * Test sets (scripts/ner-testsets.ts; read once, after that choice), seeds 20261130/7/3, base (the
 * left-to-right tagger alone, byte for byte the committed file with the default seed) -> 'agree' at
 * right-to-left bias 16: wnut17_dev person F1 0.678/0.676/0.684 (mean 0.679) -> 0.667/0.676/0.671
 * (mean 0.671; default seed P 0.707 -> 0.739, R 0.651 -> 0.609), pii/dev F2 0.942/0.942/0.943 ->
 * 0.937/0.940/0.940 (PERSON F2 0.909/0.906/0.909 -> 0.900/0.901/0.903), names_world exact
 * 0.981/0.965/0.993 -> 0.946/0.931/0.944. detectEntities on the 1 KB bench paragraph about 200 ->
 * 360 us in process (both taggers score every text with a name; load average 4). Worse on every
 * test figure, so not kept. Afterwards, as a diagnostic (not used for any choice): the validation
 * fold with every name new to the model (NER_NOVEL=1, default seed) shows the drop the fold hides:
 * off 0.660/0.658/0.640 at bias 8/16/24, 'agree' at most 0.668 (16/8), 0.667 at 16/16, and 'add' at
 * most 0.661. On new names the agreement buys precision with as much recall, as on wnut17_dev: the
 * standard fold overstates any change that trades recall for precision (its celebrities are in the
 * training tweets too), so the NOVEL fold is the better guide for such changes. Not measured after
 * this: a token-level sum of the two taggers' margins (between 'add' and 'agree').
 * Noticed and left alone: the exact-span gap on wnut17_dev (overlap F1 0.759 against exact 0.678,
 * default seed) is large, and on the validation fold (bias 16) the biggest "too short" bucket is
 * titles kept out of the name by design (President Obama, Prince William, Dr . Henry Kissinger: 20
 * of its 37 boundary errors); the unit tests (generalize.test.ts "Dear Mr. Tanaka", pii.test.ts
 * "Dr. Okonkwo") fix that convention.
 */
/*
 * 2026-12-04 (sixteenth session, helper branch h-ner2; issue 10). Nothing kept. The feature and
 * pruning variants are env knobs in commit 21d672f of branch h-ner2 (defaults as before), removed in
 * the next commit; the training-only knobs NER_MARGIN, NER_W_WIKI, NER_W_BTC and NER_SELF_MARGIN stay
 * (off by default: the default training gives the committed weights byte for byte). Chosen on the
 * validation folds only: NER_VALIDATE=1 (standard fold) and NER_VALIDATE=1 NER_NOVEL=1 (every validation name new to the model, the better guide per the twelfth
 * session); no test set was read. Whole-detector person F1 at PER bias 0/4/8/16, then at the bias the
 * held-out 5% chooses (bias:F1). Base (today's defaults):
 *   standard 20261130 0.721/0.723/0.720/0.704 (20:0.695), 7 0.720/0.722/0.714/0.700 (16:0.700),
 *            3 0.708/0.718/0.707/0.686 (16:0.686);
 *   novel    20261130 0.635/0.650/0.660/0.658 (18:0.657), 7 0.650/0.649/0.648/0.653 (14:0.654),
 *            3 0.640/0.654/0.656/0.646 (20:0.644).
 * Default seed only unless said:
 * - Previous tag crossed with the GloVe name-likeness bucket and case class (tagFeatures,
 *   `mix(51, pair(prev, gname(g0) * 8 + cap))`, NER_TAG_GLOVE=1): standard 0.714/0.719/0.711/0.687
 *   (14:0.688); with the previous tag crossed with the 64-cluster too (NER_TAG_GLOVE=2)
 *   0.715/0.711/0.710/0.694 (8:0.710). Lower at every bias.
 * - Neighbour words crossed with the token's name-likeness bucket and case (`pair(word[i-1],
 *   gname * 8 + cap)`, same for word[i+1]; NER_CTX_GLOVE=1): standard 0.725/0.716/0.712/0.697 (4:0.716),
 *   novel 0.640/0.660/0.661/0.652 (22:0.641); the neighbours' name-likeness buckets with the token's
 *   (NER_CTX_GLOVE=2): standard 0.719/0.716/0.710/0.702 (12:0.704), novel 0.636/0.651/0.657/0.671
 *   (20:0.655). Within noise.
 * - GloVe frequency rank (the package's word order) as 3 more code bits, log buckets <1k/4k/16k/48k/
 *   120k/240k/rest (NER_GLOVE_FREQ=1), a feature with case and sentence start (NER_FREQ_FEAT=1):
 *   standard 0.707/0.714/0.715/0.698 (10:0.713), novel 0.645/0.653/0.657/0.647 (14:0.656); also
 *   crossed with the name-likeness bucket (NER_FREQ_FEAT=2): 0.708/0.709/0.707/0.701 (2:0.713), novel
 *   0.633/0.646/0.659/0.648 (16:0.648). No gain.
 * - Training with the decoder's pruning (NER_TRAIN_PRUNE=1: in mixed-case text the tokens tagTokens
 *   skips are not trained on either, model.ts `skipped` shared): standard 0.729/0.719/0.713/0.692
 *   (2:0.721; the held-out F2 curve now peaks at bias 0-2), novel 0.650/0.656/0.660/0.657 (14:0.657):
 *   the same precision/recall curve shifted towards recall; at equal recall no better. Training
 *   about 30% faster.
 * - Margin perceptron (NER_MARGIN=m: also update when gold wins by less than m, against its
 *   runner-up): m=2, seeds 20261130/7/3, standard 0.718/0.711/0.710/0.692 (8:0.710),
 *   0.719/0.723/0.714/0.680 (22:0.669), 0.717/0.713/0.708/0.692 (0:0.717); novel
 *   0.654/0.663/0.669/0.669 (24:0.646), 0.663/0.664/0.662/0.659 (22:0.646), 0.650/0.644/0.653/0.643
 *   (20:0.625): novel at fixed bias +0.009 mean, but the held-out bias choice moves (0-24) and at it
 *   novel F1 falls (mean 0.652 -> 0.639). m=8 (default seed): standard 0.712/0.706/0.718/0.699
 *   (20:0.695), novel 0.650/0.656/0.663/0.662 (24:0.638).
 *   m=4, seeds 20261130/7/3: standard 0.717/0.715/0.714/0.710 (2:0.716), 0.724/0.720/0.710/0.691
 *   (16:0.691), 0.729/0.725/0.709/0.686 (16:0.686); novel 0.650/0.651/0.664/0.656 (12:0.661),
 *   0.650/0.658/0.652/0.657 (22:0.652), 0.640/0.658/0.658/0.664 (32:0.621): at the chosen bias
 *   standard mean 0.694 -> 0.698, novel 0.652 -> 0.645.
 * - Self-training (NER_SELF_MARGIN=m): the first model (bias 0) tags the unlabelled posts and
 *   prompts of poisoning/clean_base_davidson and injection/dev; a text whose every entity token and
 *   scored O token wins by m joins the training set with those tags, and the model is trained again.
 *   m=30, default seed, novel (11,808 texts, 499 names): 0.643/0.647/0.664/0.660 (14:0.666). m=10
 *   (13,742 texts, 1,150 names), seeds 20261130/7/3: standard 0.710/0.705/0.704/0.698 (6:0.702),
 *   0.711/0.708/0.707/0.695 (20:0.687), 0.714/0.708/0.710/0.695 (32:0.636); novel
 *   0.653/0.659/0.660/0.664 (14:0.665), 0.649/0.649/0.647/0.654 (20:0.646), 0.651/0.651/0.656/0.663
 *   (18:0.654): novel means at fixed bias +0.009/+0.002/-0.001/+0.008 and at the chosen bias 0.652 ->
 *   0.655, standard lower at bias 0-8 (mean 0.716/0.721/0.714 -> 0.712/0.707/0.707) and at the chosen
 *   bias 0.694 -> 0.675 (seed 3's held-out choice went to 32). Within noise on the novel fold, a loss
 *   on the standard one; training time doubled.
 * - Step size of wikigold rows 0.5 (NER_W_WIKI=0.5), seeds 20261130/7/3: standard
 *   0.720/0.728/0.722/0.703 (12:0.712), 0.712/0.712/0.703/0.684 (16:0.684), 0.721/0.715/0.705/0.684
 *   (8:0.705); novel 0.644/0.658/0.662/0.655 (24:0.633), 0.653/0.668/0.668/0.655 (14:0.659),
 *   0.636/0.647/0.646/0.630 (14:0.634): means at the chosen bias standard 0.694 -> 0.700, novel
 *   0.652 -> 0.642. BTC rows at 0.5 (NER_W_BTC=0.5), seeds 20261130/7: standard
 *   0.711/0.712/0.702/0.687 (14:0.698), 0.716/0.711/0.702/0.669 (14:0.682); novel
 *   0.651/0.662/0.659/0.644 (18:0.633), 0.630/0.650/0.656/0.643 (10:0.652): lower.
 * Every change here moves the folds by about the seed spread (0.01-0.02) and none wins at the chosen
 * bias on both folds, so no retraining and no test figure. Not tried for lack of time: a
 * Viterbi-trained (structured) perceptron (beam search at decoding alone was tried before).
 */
/*
 * 2026-12-04 (seventeenth session, helper branch h-vit; issue 10). Tried and not made the default:
 * NER_DECODER=viterbi (above), a first-order structured perceptron with exact Viterbi decoding.
 * Only the previous tag may enter the features for the search to be exact, so the greedy tagger's
 * template 41 (the two previous tags) is left out (features.ts prevTagFeatures; 40/42/43/44 kept);
 * `allowed` is kept as a hard constraint and gold tags it forbids are mapped as the greedy trainer
 * maps them. At run time (model.ts viterbiTokens) the greedy decoder's pruning carries over: in
 * mixed-case text a token tagTokens would skip after an O is O without scoring unless the best
 * path to the token before ends in an entity. (A first version scored every such token right
 * after a scored one, and the second of two before a scored one: detectEntities on 1 KB 199 us
 * against 120 greedy; standard 20261130 0.736/0.732/0.725/0.715 (20:0.704), standard 7 the same as
 * the kept rule, novel 20261130 0.680/0.682/0.683/0.686 (32:0.655).) Under tsx an imported binding
 * (NT, allowed) read in an inner loop is a getter call: model.ts copies them into module locals.
 * Chosen on the validation folds only; no test set was read. Whole-detector person F1
 * at PER bias 0/4/8/16, then bias:F1 at the bias the held-out 5% chooses:
 *   greedy (the base, figures of the sixteenth session; standard 20261130 rerun here, identical):
 *     standard 20261130 0.721/0.723/0.720/0.704 (20:0.695), 7 0.720/0.722/0.714/0.700 (16:0.700),
 *              3 0.708/0.718/0.707/0.686 (16:0.686); mean 0.716/0.721/0.714/0.697 (chosen 0.694)
 *     novel    20261130 0.635/0.650/0.660/0.658 (18:0.657), 7 0.650/0.649/0.648/0.653 (14:0.654),
 *              3 0.640/0.654/0.656/0.646 (20:0.644); mean 0.642/0.651/0.655/0.652 (chosen 0.652)
 *   Viterbi:
 *     standard 20261130 0.733/0.735/0.728/0.717 (20:0.708), 7 0.721/0.717/0.722/0.719 (24:0.696),
 *              3 0.723/0.722/0.719/0.716 (32:0.670); mean 0.726/0.725/0.723/0.717 (chosen 0.691)
 *     novel    20261130 0.680/0.682/0.679/0.682 (32:0.659), 7 0.665/0.667/0.671/0.665 (20:0.662),
 *              3 0.688/0.688/0.690/0.686 (32:0.646); mean 0.678/0.679/0.680/0.678 (chosen 0.656)
 *   control, greedy without template 41 (NER_DECODER=greedy1, code in commit 77b297c of branch
 *   h-vit, removed in the next):
 *     standard 0.708/0.705/0.705/0.689 (8:0.705), 0.717/0.705/0.702/0.685 (14:0.691),
 *              0.705/0.704/0.704/0.678 (10:0.700); mean 0.710/0.705/0.704/0.684 (chosen 0.699)
 *     novel    0.639/0.653/0.660/0.650 (22:0.635), 0.641/0.645/0.655/0.648 (18:0.650),
 *              0.633/0.646/0.645/0.640 (18:0.636); mean 0.638/0.648/0.653/0.646 (chosen 0.640)
 * At every fixed bias the Viterbi mean is above greedy's on both folds: novel +0.025 to +0.036
 * (every seed and bias), standard +0.004 to +0.020 (one seed-bias pair lower: seed 7 at bias 4,
 * -0.005). The gain is the decoder's and its training, not the dropped template (without it greedy
 * falls). Precision rises most (standard, default seed, bias 0: P 0.724 -> 0.752, R 0.719 -> 0.716).
 * But the held-out 5% then chooses higher PER biases (20-32 against 14-20; its smoothed F2 rises to
 * the end of the grid, 32, on 3 of 6 runs: novel 20261130 and 3, standard 3), where F1 falls: at
 * the chosen bias standard -0.002 and novel +0.004 (means), inside the seed spread, so by the rule
 * of this session (a win at the chosen bias on both folds) no retraining and no test figure.
 * Training 3 s an epoch against 1 s (about 2.5 min a validation run either way, most of it the
 * word lists). detectEntities on the 1 KB bench paragraph in process
 * (alternating runs): 120 us greedy (committed) -> 146 us Viterbi (default seed, all data, chosen
 * bias 32, NER_OUT outside the repository); load time and file size unchanged. Those weights put
 * in place of the committed file fail 4 of the 172 unit tests of src/guards/securityguard/pii/
 * (generalize.test.ts "J. Smith" found as "Smith", the Japan and Dar es Salaam addresses;
 * code-addresses-names.test.ts "Marshal.Copy" read as a name).
 * Afterwards, as a diagnostic (default seed only, not used for the decision above): the pooled
 * novel out-of-fold curves (NER_VALIDATE=1 NER_NOVEL=1 NER_FOLD=0..4 NER_OUT=..., then
 * scripts/ner-bias-sweep.ts; every post of wnut17_train and btc scored once, 3,091 names), whole
 * detector, PER bias 0/4/8/12/16/20/24/28/32/40:
 *   greedy  F1 0.648/0.656/0.662/0.664/0.659/0.653/0.639/0.626/0.611/0.564,
 *           F2 0.621/0.639/0.656/0.669/0.678/0.686/0.685/0.685/0.685/0.664
 *   Viterbi F1 0.683/0.688/0.689/0.688/0.687/0.680/0.673/0.667/0.657/0.633,
 *           F2 0.647/0.660/0.669/0.677/0.685/0.689/0.691/0.695/0.697/0.694
 * (at bias 16: greedy P 0.630 R 0.691, Viterbi P 0.691 R 0.684; comment-like posts, 564 names, F1
 * best 0.672 greedy, 0.713 Viterbi). Viterbi's curve lies above greedy's: more precision at the
 * same recall. Best F1 0.664 (bias 12) -> 0.689 (bias 8), best F2 0.686 (20) -> 0.697 (32). The F2
 * rule that picks the bias spends the precision on recall, so at the F2-best bias F1 is about equal
 * (0.653 -> 0.657): the gain shows as F2 (the PII measure), or as F1 only with a lower bias than the
 * F2 rule picks. For issue 10 the open question is the bias rule, not the decoder; a candidate is
 * Viterbi with the bias fixed on this pooled curve (e.g. F1-best, 8) before any test figure is read.
 * Lead, the same session: that candidate, the bias fixed at 8 from the pooled validation curve before
 * any test figure was read (`NER_DECODER=viterbi NER_PER_BIAS=8 NER_OUT=... npm run train:ner`, default
 * seed, all training data), then `npm run eval -- securityguard-pii` read once with its weights:
 * wnut17_dev person F1 0.678 -> 0.660 (P 0.708 -> 0.739, R 0.651 -> 0.596), pii/dev F2 0.942 ->
 * 0.936 (PERSON 0.909 -> 0.904, ADDRESS 0.970 -> 0.959). Worse on both test sets: the validation
 * folds' gain in precision does not carry to WNUT-17 dev, and recall falls. Not adopted; the committed
 * greedy weights stay.
 */
const GLOVE = process.env.NER_GLOVE !== '0';
/** NER_CLUSTER_EXTRA=1: more unlabelled text, for the clusters only (never wnut17_dev or pii/dev); each text once. */
const CLUSTER_EXTRA = process.env.NER_CLUSTER_EXTRA === '1';
const EXTRA_CLUSTER_SOURCES: [string, string][] = [
  ['hallucination/halueval_qa_dev.jsonl', 'knowledge'],
  ['hallucination/summedits.jsonl', 'doc'],
  ['hallucination/begin_dev.jsonl', 'knowledge'],
  ['hallucination/begin_dev.jsonl', 'message'],
  ['hallucination/halueval_general_dev.jsonl', 'response'],
  ['injection/extra.jsonl', 'text'],
  ['injection/indirect_train.jsonl', 'text'],
  ['injection/harmful_requests.jsonl', 'text'],
  ['bias/bbq.jsonl', 'context'],
  ['bias/toxigen_dev.jsonl', 'text'],
];
/**
 * NER_PROPER=0 leaves out the proper-noun list (Lexicons.proper): words written capitalized at least
 * PROPER_SHARE of the time inside a sentence, in the training text and the unlabelled prose.
 */
const PROPER = process.env.NER_PROPER !== '0';
const PROPER_SHARE = Number(process.env.NER_PROPER_SHARE ?? 0.6);
const PROPER_MIN = Number(process.env.NER_PROPER_MIN ?? 3);
/** More prose read for the proper-noun list only: Wikipedia paragraphs and business documents (each once). */
const PROPER_SOURCES: [string, string][] = [
  ['hallucination/halueval_qa_dev.jsonl', 'knowledge'],
  ['hallucination/summedits.jsonl', 'doc'],
];
const LETTER_WORD = /^\p{L}[\p{L}'’-]*$/u;

/**
 * Counts how each word is written inside a sentence (not its first word, not after a line break or
 * sentence punctuation): capitalized ("Trump") or in lower case ("trump"). Titles and headlines
 * (most words capitalized) and shouted text (most in capitals) say nothing and are skipped.
 */
function countMidSentenceCase(
  tokens: readonly { text: string; nlBefore?: boolean }[],
  capitalized: Map<string, number>,
  lower: Map<string, number>,
): void {
  let wordsSeen = 0;
  let capsSeen = 0;
  for (const t of tokens) {
    if (!LETTER_WORD.test(t.text) || t.text.length < 2) continue;
    wordsSeen++;
    if (t.text !== t.text.toLowerCase()) capsSeen++;
  }
  if (wordsSeen === 0 || (wordsSeen >= 4 && capsSeen > 0.5 * wordsSeen)) return;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    const w = t.text;
    if (t.nlBefore || SENT_END.has(tokens[i - 1]!.text) || w.length < 2 || !LETTER_WORD.test(w)) continue;
    const l = w.toLowerCase();
    if (w === l) lower.set(l, (lower.get(l) ?? 0) + 1);
    else if (w.slice(1) === l.slice(1)) capitalized.set(l, (capitalized.get(l) ?? 0) + 1);
  }
}

const words = (list: readonly string[]): string[] =>
  [...new Set(list.map((s) => s.toLowerCase()).filter((s) => /^[\p{L}'’-]{2,}$/u.test(s)))].sort();

function buildLexicons(corpus: NerRow[]): NerWeightsFile['lexicons'] {
  // Name lists: ../shared/datasets/names plus faker's name lists of the Latin-script locales (ALL_LOCALES).
  const fakerGiven: string[] = [];
  const fakerSurname: string[] = [];
  const nameLocales = ALL_LOCALES
    ? LATIN.map(fakerOf)
    : [fakerEN, fakerEN_GB, fakerEN_AU, fakerEN_CA, fakerEN_IN];
  for (const f of nameLocales) {
    try {
      const d = f.definitions.person;
      for (const list of Object.values(d?.first_name ?? {})) fakerGiven.push(...(list ?? []));
      for (const list of Object.values(d?.last_name ?? {})) fakerSurname.push(...(list ?? []));
    } catch {
      // Not every locale defines every list.
    }
  }
  const given = words([
    ...readCsvColumns('names/forenames_by_country.csv', ['Localized Name', 'Romanized Name']),
    ...fakerGiven,
  ]);
  const surname = words([
    ...readCsvColumns('names/surnames_by_country.csv', ['Localized Name', 'Romanized Name']),
    ...fakerSurname,
  ]);
  const placeSource: string[] = [];
  for (const f of [fakerEN, fakerEN_GB, fakerEN_AU, fakerEN_CA, fakerEN_IN]) {
    for (const key of ['country', 'state', 'city_name'] as const) {
      try {
        placeSource.push(...(f.definitions.location?.[key] ?? []));
      } catch {
        // Not every locale defines every list.
      }
    }
  }
  const place = words(placeSource);
  // Words written in lower case most of the time in the training text.
  const lower = new Map<string, number>();
  const total = new Map<string, number>();
  for (const row of corpus) {
    for (const t of row.tokens) {
      if (!/^\p{L}{2,}$/u.test(t)) continue;
      const l = t.toLowerCase();
      total.set(l, (total.get(l) ?? 0) + 1);
      if (t === l) lower.set(l, (lower.get(l) ?? 0) + 1);
    }
  }
  // Plus ordinary prose and posts that carry no entity labels (prompts, questions, tweets).
  for (const [file, field] of COMMON_WORD_SOURCES) {
    for (const row of readJsonl<Record<string, unknown>>(file)) {
      const text = row[field];
      if (typeof text !== 'string') continue;
      for (const m of text.matchAll(/\p{L}{2,}/gu)) {
        const t = m[0];
        const l = t.toLowerCase();
        total.set(l, (total.get(l) ?? 0) + 1);
        if (t === l) lower.set(l, (lower.get(l) ?? 0) + 1);
      }
    }
  }
  const common = [...lower]
    .filter(([w, c]) => c >= 3 && c >= 0.7 * (total.get(w) ?? c))
    .map(([w]) => w)
    .sort();
  // Context clusters from the same labelled corpora (labels unused) and the unlabelled prose.
  const sentences: string[][] = corpus.map((r) => r.tokens);
  const capitalized = new Map<string, number>();
  const lowerMid = new Map<string, number>();
  for (const row of corpus)
    countMidSentenceCase(
      row.tokens.map((text) => ({ text })),
      capitalized,
      lowerMid,
    );
  for (const [file, field] of COMMON_WORD_SOURCES) {
    for (const row of readJsonl<Record<string, unknown>>(file)) {
      const text = row[field];
      if (typeof text !== 'string') continue;
      const tokens = tokenizeForNer(text);
      sentences.push(tokens.map((t) => t.text));
      countMidSentenceCase(tokens, capitalized, lowerMid);
    }
  }
  const extraSeen = new Set<string>();
  for (const [file, field] of CLUSTER_EXTRA ? EXTRA_CLUSTER_SOURCES : []) {
    for (const row of readJsonl<Record<string, unknown>>(file)) {
      const text = row[field];
      if (typeof text !== 'string' || extraSeen.has(text)) continue;
      extraSeen.add(text);
      sentences.push(tokenizeForNer(text).map((t) => t.text));
    }
  }
  const clusters =
    CLUSTERS === 'divisive'
      ? buildDivisiveClusters(sentences)
      : CLUSTERS === 'svd'
        ? buildSvdClusters(sentences)
        : buildClusters(sentences);
  const seen = new Set<string>();
  for (const [file, field] of PROPER_SOURCES) {
    for (const row of readJsonl<Record<string, unknown>>(file)) {
      const text = row[field];
      if (typeof text !== 'string' || seen.has(text)) continue;
      seen.add(text);
      countMidSentenceCase(tokenizeForNer(text), capitalized, lowerMid);
    }
  }
  const proper = PROPER
    ? [...capitalized]
        .filter(([w, c]) => c >= PROPER_MIN && c >= PROPER_SHARE * (c + (lowerMid.get(w) ?? 0)))
        .map(([w]) => w)
        .sort()
    : [];
  const glove = GLOVE ? cachedGlove(new Set([...given, ...surname]), new Set(common)) : undefined;
  return { given, surname, place, common, clusters, proper, ...(glove ? { glove } : {}) };
}

/**
 * NER_GLOVE_CACHE=<file>: the GloVe codes kept in a file keyed by their inputs (the name and common
 * word lists), so runs over the same split skip the k-means (experiments only; same codes).
 */
function cachedGlove(names: Set<string>, common: Set<string>): { hashes: string; codes: string } {
  const cache = process.env.NER_GLOVE_CACHE;
  const key = hashString(`${[...names].sort().join('\n')}\t${[...common].sort().join('\n')}`).toString(16);
  if (cache && existsSync(cache)) {
    const hit = JSON.parse(readFileSync(cache, 'utf8')) as {
      key: string;
      glove: { hashes: string; codes: string };
    };
    if (hit.key === key) return hit.glove;
  }
  const glove = encodeGlove(buildGloveCodes(names, common));
  if (cache) writeFileSync(cache, JSON.stringify({ key, glove }));
  return glove;
}

/** Exact-span PER F2 over the examples. */
function perF2(examples: Example[], predict: (e: Example) => Int8Array): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const per = (tags: Int8Array): Set<string> => {
    const out = new Set<string>();
    let open = -1;
    for (let i = 0; i <= tags.length; i++) {
      const t = i < tags.length ? (TAGS[tags[i]!] ?? 'O') : 'O';
      if (open >= 0 && t !== 'I-PER') {
        out.add(`${open}:${i}`);
        open = -1;
      }
      if (t === 'B-PER' || (t === 'I-PER' && open < 0)) open = i;
    }
    return out;
  };
  for (const e of examples) {
    const g = per(e.gold);
    const p = per(predict(e));
    for (const k of p) g.has(k) ? tp++ : fp++;
    for (const k of g) if (!p.has(k)) fn++;
  }
  const p = tp / (tp + fp || 1);
  const r = tp / (tp + fn || 1);
  return p + r === 0 ? 0 : (5 * p * r) / (4 * p + r);
}

function f1Report(label: string, examples: Example[], predict: (e: Example) => Int8Array): void {
  const per = new Map<string, { tp: number; fp: number; fn: number }>();
  const spans = (tags: Int8Array): Set<string> => {
    const out = new Set<string>();
    let open = -1;
    let kind = '';
    for (let i = 0; i <= tags.length; i++) {
      const t = i < tags.length ? (TAGS[tags[i]!] ?? 'O') : 'O';
      const k = t.slice(2);
      if (open >= 0 && (t === 'O' || t.startsWith('B-') || k !== kind)) {
        out.add(`${kind}:${open}:${i}`);
        open = -1;
      }
      if (t !== 'O' && open < 0) {
        open = i;
        kind = k;
      }
    }
    return out;
  };
  for (const e of examples) {
    const g = spans(e.gold);
    const p = spans(predict(e));
    for (const s of p) {
      const c = per.get(s.split(':')[0]!) ?? { tp: 0, fp: 0, fn: 0 };
      if (g.has(s)) c.tp++;
      else c.fp++;
      per.set(s.split(':')[0]!, c);
    }
    for (const s of g) {
      if (p.has(s)) continue;
      const c = per.get(s.split(':')[0]!) ?? { tp: 0, fp: 0, fn: 0 };
      c.fn++;
      per.set(s.split(':')[0]!, c);
    }
  }
  const parts = [...per].sort().map(([k, c]) => {
    const p = c.tp / (c.tp + c.fp || 1);
    const r = c.tp / (c.tp + c.fn || 1);
    return `${k} P=${p.toFixed(3)} R=${r.toFixed(3)} F1=${((2 * p * r) / (p + r || 1)).toFixed(3)}`;
  });
  console.log(`${label}: ${parts.join(' | ')}`);
}

/** A post with its person names, or all of it, in lower case (LOWER_NAMES, LOWER_ROWS); other rows as they are. */
function recase(row: NerRow, rnd: () => number): NerRow {
  if (!(row.source.startsWith('wnut17') || row.source.startsWith('btc'))) return row;
  const r = rnd();
  if (r < LOWER_ROWS) return { ...row, tokens: row.tokens.map((t) => t.toLowerCase()) };
  if (r < LOWER_ROWS + LOWER_NAMES)
    return { ...row, tokens: row.tokens.map((t, i) => (row.tags[i]?.endsWith('PER') ? t.toLowerCase() : t)) };
  return row;
}

/** The row with each person name's words replaced by listed names (given name first), written in the same case. */
function substituteNames(
  row: NerRow,
  lists: { given: string[]; surname: string[] },
  rnd: () => number,
): NerRow {
  const pick = (l: string[]) => l[Math.floor(rnd() * l.length)] ?? 'x';
  const tokens = row.tokens.map((t, i) => {
    const tag = row.tags[i] ?? 'O';
    if (!tag.endsWith('PER') || !/^\p{L}/u.test(t)) return t;
    const opens = tag.startsWith('B-') || !row.tags[i - 1]?.endsWith('PER');
    const w = pick(opens ? lists.given : lists.surname);
    if (t === t.toLowerCase()) return w;
    if (t.length > 1 && t === t.toUpperCase()) return w.toUpperCase();
    return w.charAt(0).toUpperCase() + w.slice(1);
  });
  return { ...row, tokens, source: `${row.source}-subst` };
}

/** Gold PER token ranges of a corpus row (handles excluded: the detector never reports them). */
function goldPersons(row: NerRow): TokenRange[] {
  return personRanges(row.tags).filter(([a, b]) => !(a === b && /^[@#]/.test(row.tokens[a] ?? '')));
}

/**
 * Person F1 (exact token span, as `npm run eval -- securityguard-pii` measures it on wnut17_dev) of
 * the whole entity detector on validation rows, with the error kinds: boundary (overlaps a gold
 * name, other span), missed, false.
 */
function validationReport(label: string, rows: NerRow[], model: NerModel): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let boundary = 0;
  let missed = 0;
  let falsePos = 0;
  for (const row of rows) {
    const { text, offsets } = joinTokens(row.tokens);
    const gold = goldPersons(row);
    const pred = tokenRanges(
      detectEntities(text, model).filter((e) => e.type === 'PERSON'),
      offsets,
    );
    const key = (r: [number, number]) => `${r[0]}:${r[1]}`;
    const g = new Set(gold.map(key));
    const p = new Set(pred.map(key));
    const ov = (a: [number, number], b: [number, number]) => a[0] <= b[1] && b[0] <= a[1];
    for (const r of pred) {
      if (g.has(key(r))) tp++;
      else {
        fp++;
        if (gold.some((x) => ov(r, x))) boundary++;
        else falsePos++;
      }
    }
    for (const x of gold) {
      if (p.has(key(x))) continue;
      fn++;
      if (!pred.some((r) => ov(r, x))) missed++;
    }
  }
  const p = tp / (tp + fp || 1);
  const r = tp / (tp + fn || 1);
  const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  console.log(
    `${label}: person F1=${f1.toFixed(3)} P=${p.toFixed(3)} R=${r.toFixed(3)} (tp ${tp}; wrong-boundary preds ${boundary}, missed ${missed}, false ${falsePos})`,
  );
  return f1;
}

/** EPOCHS passes of the averaged perceptron over `train` in an order shuffled by `rnd`; the averaged weights. */
function trainPerceptron(
  train: Example[],
  tables: TokenTable[],
  statics: Int32Array[],
  STATIC: number,
  rnd: () => number,
  t0: number,
): Float32Array {
  if (VITERBI) return trainStructured(train, tables, statics, STATIC, rnd, t0);
  const w = new Float64Array(DIMS * NT);
  const u = new Float64Array(DIMS * NT);
  let c = 1;
  const feats = new Int32Array(MAX_FEATURES);
  const scores = new Float64Array(NT);
  const order = train.map((_, i) => i);
  const steps = train.map((e) =>
    e.source === 'synthetic'
      ? W_SYNTH
      : e.source.startsWith('wikigold')
        ? W_WIKI
        : e.source.startsWith('btc')
          ? W_BTC
          : 1,
  );
  const dropRnd = mulberry32(SEED ^ 0xd40f);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let errors = 0;
    let tokens = 0;
    for (const k of order) {
      const e = train[k]!;
      const st = statics[k]!;
      const step = steps[k]!;
      let prev = 0;
      let prev2 = 0;
      for (let i = 0; i < e.tokens.length; i++) {
        feats.set(st.subarray(i * STATIC, (i + 1) * STATIC), 0);
        const n = tagFeatures(tables[k]!, i, prev, prev2, feats, STATIC);
        if (WORD_DROP > 0 && dropRnd() < WORD_DROP) {
          // One shared bucket for the word's identity: the rest of the features must carry the token.
          feats[1] = DIMS - 1;
          feats[24] = DIMS - 2;
          feats[STATIC + 2] = DIMS - 3;
        }
        scores.fill(0);
        for (let f = 0; f < n; f++) {
          const base = feats[f]! * NT;
          for (let y = 0; y < NT; y++) scores[y]! += w[base + y]!;
        }
        let best = 0;
        for (let y = 1; y < NT; y++) if (allowed(prev, y) && scores[y]! > scores[best]!) best = y;
        // Gold the decoder can reach from its own previous tag: after a wrong O, the gold I-X of a
        // name's second word is scored as its B-X (otherwise every such update pushes an I- tag the
        // decoder cannot choose and teaches nothing about where names end).
        let gold = e.gold[i]!;
        if (!allowed(prev, gold)) gold = gold % 2 === 0 ? gold - 1 : 2;
        // NER_MARGIN: also update when the gold tag wins by less than MARGIN (against its runner-up).
        let rival = best;
        if (best === gold && MARGIN > 0) {
          rival = -1;
          for (let y = 0; y < NT; y++)
            if (y !== gold && allowed(prev, y) && (rival < 0 || scores[y]! > scores[rival]!)) rival = y;
          if (rival < 0 || scores[gold]! - scores[rival]! >= MARGIN) rival = gold;
        }
        if (best !== gold) errors++;
        if (rival !== gold) {
          for (let f = 0; f < n; f++) {
            const base = feats[f]! * NT;
            w[base + gold]! += step;
            u[base + gold]! += c * step;
            w[base + rival]! -= step;
            u[base + rival]! -= c * step;
          }
        }
        c++;
        tokens++;
        prev2 = prev;
        prev = best;
      }
    }
    console.log(
      `epoch ${epoch + 1}: token error rate ${(errors / tokens).toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  const avg = new Float32Array(DIMS * NT);
  for (let i = 0; i < avg.length; i++) avg[i] = w[i]! - u[i]! / c;
  return avg;
}

/**
 * The structured perceptron (NER_DECODER=viterbi): EPOCHS passes in an order shuffled by `rnd`; each
 * sentence is decoded by exact first-order Viterbi with the current weights, and where the decoded
 * path differs from the gold one, the gold path's features (previous tag and tag at each token) gain
 * the step and the decoded path's lose it. Gold tags the constraint forbids are mapped as the greedy
 * trainer maps them (an I- after another tag opens its entity, a name right after a name goes on).
 * Averaged weights (Collins 2002), counted per sentence.
 */
function trainStructured(
  train: Example[],
  tables: TokenTable[],
  statics: Int32Array[],
  STATIC: number,
  rnd: () => number,
  t0: number,
): Float32Array {
  const w = new Float64Array(DIMS * NT);
  const u = new Float64Array(DIMS * NT);
  let c = 1;
  const feats = new Int32Array(MAX_FEATURES);
  const order = train.map((_, i) => i);
  const steps = train.map((e) =>
    e.source === 'synthetic'
      ? W_SYNTH
      : e.source.startsWith('wikigold')
        ? W_WIKI
        : e.source.startsWith('btc')
          ? W_BTC
          : 1,
  );
  const golds = train.map((e) => {
    const g = Int8Array.from(e.gold);
    for (let i = 0; i < g.length; i++) {
      const prev = i === 0 ? 0 : g[i - 1]!;
      if (!allowed(prev, g[i]!)) g[i] = g[i]! % 2 === 0 ? g[i]! - 1 : 2;
    }
    return g;
  });
  const update = (f: Int32Array, from: number, to: number, y: number, step: number) => {
    for (let j = from; j < to; j++) {
      const at = f[j]! * NT + y;
      w[at]! += step;
      u[at]! += c * step;
    }
  };
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let errors = 0;
    let tokens = 0;
    for (const k of order) {
      const e = train[k]!;
      const st = statics[k]!;
      const step = steps[k]!;
      const gold = golds[k]!;
      const pred = new Int8Array(e.tokens.length);
      viterbi(w, undefined, tables[k]!, pred, { statics: st, nStatic: STATIC });
      tokens += pred.length;
      for (let i = 0; i < pred.length; i++) {
        const g = gold[i]!;
        const p = pred[i]!;
        const gPrev = i === 0 ? 0 : gold[i - 1]!;
        const pPrev = i === 0 ? 0 : pred[i - 1]!;
        if (g !== p) errors++;
        if (g === p && gPrev === pPrev) continue;
        if (g !== p) {
          feats.set(st.subarray(i * STATIC, (i + 1) * STATIC), 0);
          update(feats, 0, STATIC, g, step);
          update(feats, 0, STATIC, p, -step);
        }
        let n = prevTagFeatures(tables[k]!, i, gPrev, feats, 0);
        update(feats, 0, n, g, step);
        n = prevTagFeatures(tables[k]!, i, pPrev, feats, 0);
        update(feats, 0, n, p, -step);
      }
      c++;
    }
    console.log(
      `epoch ${epoch + 1}: token error rate ${(errors / tokens).toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  const avg = new Float32Array(DIMS * NT);
  for (let i = 0; i < avg.length; i++) avg[i] = w[i]! - u[i]! / c;
  return avg;
}

function main(): void {
  const t0 = Date.now();
  const all = TRAIN_FILES.flatMap((f) => readJsonl<NerRow>(f)).map((r) =>
    JOIN_HANDLES ? joinHandles(r) : r,
  );
  const validation = VALIDATE ? all.filter((r) => isValidationRow(r)) : [];
  let corpus = VALIDATE ? all.filter((r) => !isValidationRow(r)) : all;
  if (VALIDATE && NOVEL) {
    // Every validation name new to the model, as in WNUT-17's dev and test sets (emerging entities).
    const heldNames = new Set(validation.flatMap(personWords));
    corpus = corpus.filter((r) => !personWords(r).some((w) => heldNames.has(w)));
  }
  const lexFile = buildLexicons(corpus);
  const lex: Lexicons = {
    given: new Set(lexFile.given),
    surname: new Set(lexFile.surname),
    place: new Set(lexFile.place),
    common: new Set(lexFile.common),
    clusters: new Map(Object.entries(lexFile.clusters ?? {})),
    proper: new Set(lexFile.proper ?? []),
    ...(lexFile.glove ? { glove: decodeGlove(lexFile.glove) } : {}),
  };
  const caseRnd = mulberry32(SEED ^ 0x1c45e);
  const synthetic = generateSynthetic(
    SYNTHETIC,
    {
      given: lexFile.given.filter((w) => /^[\p{Script=Latin}'-]+$/u.test(w)),
      surname: lexFile.surname.filter((w) => /^[\p{Script=Latin}'-]+$/u.test(w)),
    },
    SEED,
    COMMENTS,
  );
  const fromRows = corpus.map((row) => fromCorpus(recase(row, caseRnd)));
  const examples: Example[] = [
    ...fromRows,
    ...synthetic.map((s) => project(s.text, s.spans, 'synthetic')),
  ].filter((e) => e.tokens.length > 0);
  const rnd = mulberry32(SEED);
  const heldOut: Example[] = [];
  const train: Example[] = [];
  for (const e of examples) (rnd() < 0.05 ? heldOut : train).push(e);
  if (SUBST > 0) {
    // Posts trained on a second time with other names in their names' place (never a held-out post).
    const held = new Set(heldOut);
    const substRnd = mulberry32(SEED ^ 0x5b57);
    const latin = (l: string[]) => l.filter((w) => /^[\p{Script=Latin}'-]{2,}$/u.test(w));
    const lists = { given: latin(lexFile.given), surname: latin(lexFile.surname) };
    corpus.forEach((row, k) => {
      if (
        held.has(fromRows[k]!) ||
        !/^(?:wnut17|btc)/.test(row.source) ||
        !row.tags.some((t) => t.endsWith('PER'))
      )
        return;
      if (substRnd() < SUBST) train.push(fromCorpus(substituteNames(row, lists, substRnd)));
    });
  }
  // Posts like the target text count more: WNUT-17 train rows are seen WNUT_REPEAT times an epoch.
  const repeats = train.filter((e) => e.source.startsWith('wnut17'));
  for (let r = 1; r < WNUT_REPEAT; r++) train.push(...repeats);
  console.log(
    `examples: ${train.length} train, ${heldOut.length} held out (corpus ${corpus.length}, synthetic ${synthetic.length}); lexicons given=${lex.given.size} surname=${lex.surname.size} place=${lex.place.size} common=${lex.common.size} proper=${lex.proper?.size ?? 0}`,
  );

  // Static features once per token.
  const tables = train.map((e) => tokenTable(e.tokens, lex));
  const STATIC = staticFeatures(tables[0]!, 0, new Int32Array(MAX_FEATURES), 0);
  const statics = train.map((e, k) => {
    const buf = new Int32Array(e.tokens.length * STATIC);
    const tmp = new Int32Array(MAX_FEATURES);
    for (let i = 0; i < e.tokens.length; i++) {
      staticFeatures(tables[k]!, i, tmp, 0);
      buf.set(tmp.subarray(0, STATIC), i * STATIC);
    }
    return buf;
  });

  // A committee of COMMITTEE perceptrons, each over its own shuffled order, weights averaged (the
  // first member draws from the same stream as a single model would).
  let avg = trainPerceptron(train, tables, statics, STATIC, rnd, t0);
  if (SELF_MARGIN > 0) {
    // Self-training: unlabelled posts tagged by this model, kept when every entity token and every
    // scored O token wins by SELF_MARGIN, join the training set; the model is trained again.
    const first = { weights: avg, tagBias: new Float32Array(NT), lex, ...DECODER };
    const extra: Example[] = [];
    let names = 0;
    for (const [file, field] of SELF_SOURCES) {
      for (const row of readJsonl<Record<string, unknown>>(file)) {
        const text = row[field];
        if (typeof text !== 'string') continue;
        const tokens = tokenizeForNer(text);
        if (tokens.length === 0) continue;
        const { tags, margins } = tagTokens(first, tokens, text);
        let ok = true;
        for (let i = 0; i < tokens.length && ok; i++) {
          const m = margins[i]!;
          if ((tags[i] !== 0 || m > 0) && m < SELF_MARGIN) ok = false;
        }
        if (!ok) continue;
        if (SELF_NAMES_ONLY && !tags.includes(1)) continue;
        names += tags.filter((y) => y === 1).length;
        extra.push({ text, tokens, gold: Int8Array.from(tags), source: 'self' });
      }
    }
    console.log(`self-training: ${extra.length} unlabelled texts kept, ${names} person names`);
    for (const e of extra) {
      const table = tokenTable(e.tokens, lex);
      const buf = new Int32Array(e.tokens.length * STATIC);
      const tmp = new Int32Array(MAX_FEATURES);
      for (let i = 0; i < e.tokens.length; i++) {
        staticFeatures(table, i, tmp, 0);
        buf.set(tmp.subarray(0, STATIC), i * STATIC);
      }
      train.push(e);
      tables.push(table);
      statics.push(buf);
    }
    avg = trainPerceptron(train, tables, statics, STATIC, mulberry32(SEED ^ 0x5e1f), t0);
  }
  for (let m = 1; m < COMMITTEE; m++) {
    const member = trainPerceptron(train, tables, statics, STATIC, mulberry32(SEED + 0x9e37 * m), t0);
    for (let i = 0; i < avg.length; i++) avg[i]! += member[i]!;
  }
  let maxAbs = 0;
  for (let i = 0; i < avg.length; i++) {
    avg[i]! /= COMMITTEE;
    maxAbs = Math.max(maxAbs, Math.abs(avg[i]!));
  }
  const scale = 32000 / (maxAbs || 1);
  const q = new Int16Array(avg.length);
  for (let i = 0; i < avg.length; i++) q[i] = Math.round(avg[i]! * scale);
  const file: NerWeightsFile = {
    version: 1,
    ...DECODER,
    dimBits: DIM_BITS,
    tags: [...TAGS],
    scale,
    data: deflateSync(Buffer.from(q.buffer), { level: 9 }).toString('base64'),
    lexicons: lexFile,
    tagBias: new Array<number>(NT).fill(0),
    meta: {
      trainedOn: [...TRAIN_FILES, `synthetic x${SYNTHETIC} (scripts/ner-synthetic.ts)`],
      notTrainedOn: ['ner/wnut17_dev.jsonl', 'pii/dev.jsonl'],
      epochs: EPOCHS,
      trainTokens: train.reduce((s, e) => s + e.tokens.length, 0),
      seed: SEED,
    },
  };
  if (!VALIDATE || process.env.NER_OUT) writeFileSync(OUT, `${JSON.stringify(file)}\n`);
  console.log(
    `wrote ${OUT} (${(JSON.stringify(file).length / 1e6).toFixed(2)} MB) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );

  // The bias added to the PER tags at decoding: the best PER F2 (the PII detector's measure, recall
  // first) on the held-out 5% of the real corpora, read off the curve smoothed over neighbouring
  // biases. About 600 rows: the raw curve is flat over 4..16 with bumps of 0.01 that move with the
  // seed, and its maximum (or the largest bias within 0.005 of it, as before) jumped between 8 and 16
  // from seed to seed; the mean over a window of BIAS_WINDOW either side is steadier. Chosen here,
  // never on a test set.
  const real = heldOut.filter((e) => e.source !== 'synthetic');
  const f2s: { bias: number; f2: number }[] = [];
  for (let bias = 0; bias <= 32; bias += 2) {
    const tagBias = TAGS.map((t) => (t.endsWith('-PER') ? bias : 0));
    const model = { weights: avg, tagBias: Float32Array.from(tagBias), lex, ...DECODER };
    const f2 = perF2(real, (e) => tagTokens(model, e.tokens, e.text).tags);
    if (bias % 8 === 0) {
      const unpruned = perF2(real, (e) => tagTokens(model, e.tokens).tags);
      console.log(
        `  PER bias ${bias}: held-out real-corpus PER F2 ${f2.toFixed(3)} (every token scored: ${unpruned.toFixed(3)})`,
      );
    }
    f2s.push({ bias, f2 });
  }
  const smoothed = f2s.map(({ bias }) => {
    const near = f2s.filter((x) => Math.abs(x.bias - bias) <= BIAS_WINDOW);
    return { bias, f2: near.reduce((a, x) => a + x.f2, 0) / near.length };
  });
  console.log(`  smoothed held-out F2: ${smoothed.map((x) => `${x.bias}:${x.f2.toFixed(3)}`).join(' ')}`);
  let best = smoothed.reduce((a, b) => (b.f2 >= a.f2 ? b : a));
  if (FIXED_PER_BIAS !== undefined) best = { bias: FIXED_PER_BIAS, f2: -1 };
  file.tagBias = TAGS.map((t) => (t.endsWith('-PER') ? best.bias : 0));
  file.meta.perBias = best.bias;
  if (!VALIDATE || process.env.NER_OUT) writeFileSync(OUT, `${JSON.stringify(file)}\n`);
  console.log(
    `wrote ${OUT} (${(JSON.stringify(file).length / 1e6).toFixed(2)} MB, PER bias ${best.bias}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  const chosen = { weights: avg, tagBias: Float32Array.from(file.tagBias), lex, ...DECODER };
  for (const source of ['synthetic', 'btc', 'wikigold', 'wnut17']) {
    const rows = heldOut.filter((e) => e.source.startsWith(source));
    f1Report(
      `held-out ${source} (${rows.length}, in-distribution)`,
      rows,
      (e) => tagTokens(chosen, e.tokens, e.text).tags,
    );
  }
  if (VALIDATE) {
    console.log(`validation: ${validation.length} rows of wnut17_train and btc, not trained on`);
    // Handles are never names at run time: the validation gold leaves them out.
    const val = validation.map(joinHandles);
    const f1s: [number, number][] = [];
    for (const bias of [...new Set([0, 4, 8, 16, best.bias])]) {
      const tagBias = Float32Array.from(TAGS.map((t) => (t.endsWith('-PER') ? bias : 0)));
      const model = { weights: avg, tagBias, lex, meta: {}, ...DECODER };
      f1s.push([bias, validationReport(`  PER bias ${bias} all`, val, model)]);
      validationReport(
        `  PER bias ${bias} wnut17`,
        val.filter((r) => r.source.startsWith('wnut17')),
        model,
      );
    }
    // The largest bias within 0.01 of the best F1: the PII detector weighs recall over precision (F2).
    console.log(
      `validation at the chosen bias ${best.bias}: ${f1s.find(([b]) => b === best.bias)?.[1].toFixed(3)}`,
    );
    const top = Math.max(...f1s.map(([, f]) => f));
    const pick = Math.max(...f1s.filter(([, f]) => f >= top - 0.01).map(([b]) => b));
    console.log(`validation: best PER bias by this split ${pick} (NER_PER_BIAS fixes it)`);
  }
}

main();
