import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { isCommonWord } from '../../../text/common-words.js';
import type { Corpus } from './corpus.js';
import type { ReasonSink, TriggerPhrase } from './types.js';

/**
 * Backdoor triggers: n-grams (1..3 words) that appear in enough rows (support), almost always
 * with one label (purity), far more often than that label's base rate (a log-odds z-score), and
 * whose carriers' other words point to a different label (context disagreement). A natural
 * keyword of a class ("awful" in negative reviews) is pure too, but its carriers read like that
 * class; a planted trigger rides on otherwise ordinary rows of other classes.
 */

export interface TriggerOptions {
  minSupport: number;
  minPurity: number;
  minZ: number;
  minScore: number;
  /** Candidates read at least (in order of z), however many carriers they have. */
  maxCandidates: number;
  /**
   * More candidates are read while the carriers read so far stay under this count: a set whose
   * classes have many pure keywords (intents, templated rows) ranks hundreds of them above a
   * trigger on a dozen rows, whose z is modest (a templated intent set of 800 rows: the planted
   * phrase ranked 460th). Bounds the work, as maxCandidates alone did.
   */
  carrierBudget: number;
}

export function defaultTriggerOptions(n: number): TriggerOptions {
  return {
    minSupport: Math.max(4, Math.round(n * 0.0008)),
    minPurity: 0.85,
    minZ: 2,
    minScore: 0.6,
    maxCandidates: 300,
    carrierBudget: 50_000,
  };
}

interface Candidate {
  gram: string;
  rows: number[];
  label: number;
  purity: number;
  z: number;
}

/**
 * Chance (nats below the count of phrases tested) past which a fully pure phrase is reported, and
 * (analyze.ts) its carriers confirmed as backdoor rows.
 */
export const PURE_NATS = 6;
/** The score such a phrase gets: past minScore, below a phrase whose carriers also read otherwise. */
const PURE_SCORE = 0.8;
/** Least relative surprise of such a phrase's carriers (see findTriggers). */
const PURE_MIN_RELATIVE = 0.6;

function grams(words: string[], n: number, allowed: (g: string) => boolean): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) {
    const g = words.slice(i, i + n).join(' ');
    if (allowed(g)) out.add(g);
  }
  return out;
}

export function findTriggers(corpus: Corpus, sink: ReasonSink, opts: TriggerOptions): TriggerPhrase[] {
  const L = corpus.labels.length;
  if (L < 2) return [];
  const N = corpus.size;
  const base = new Float64Array(L);
  for (const li of corpus.y) if (li >= 0) base[li] = (base[li] ?? 0) + 1;

  const postings = frequentGrams(corpus, opts.minSupport);

  const candidates: Candidate[] = [];
  const labelled = base.reduce((a, b) => a + b, 0);
  for (const [gram, rows] of postings) {
    const byLabel = new Float64Array(L);
    for (const r of rows) {
      const li = corpus.y[r] ?? -1;
      if (li >= 0) byLabel[li] = (byLabel[li] ?? 0) + 1;
    }
    let best = 0;
    for (let l = 1; l < L; l++) if ((byLabel[l] ?? 0) > (byLabel[best] ?? 0)) best = l;
    const inside = byLabel.reduce((a, b) => a + b, 0);
    if (inside < opts.minSupport) continue;
    const purity = (byLabel[best] ?? 0) / inside;
    if (purity < opts.minPurity) continue;
    // Log-odds of the label inside vs outside the n-gram's rows, with a z-score (Monroe et al.).
    const a = (byLabel[best] ?? 0) + 0.5;
    const b = inside - (byLabel[best] ?? 0) + 0.5;
    const c = (base[best] ?? 0) - (byLabel[best] ?? 0) + 0.5;
    const d = labelled - inside - ((base[best] ?? 0) - (byLabel[best] ?? 0)) + 0.5;
    const z = (Math.log(a / b) - Math.log(c / d)) / Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
    // A phrase on every carrier with one label is judged by its carriers' content below even when
    // that label is the majority (where the log-odds z-score stays small).
    if (z < (purity >= 0.999 ? opts.minZ / 2 : opts.minZ)) continue;
    candidates.push({ gram, rows, label: best, purity, z });
  }
  candidates.sort((x, y) => y.z - x.z);

  // What random carriers would give, per label over a sample of all rows: the mean -ln P(label |
  // row) and the mean disagreement 1 - P(label | row).
  const expectedLoss = new Float64Array(L);
  const expectedDisagreement = new Float64Array(L);
  if (candidates.length > 0) {
    const step = Math.max(1, Math.floor(N / 3000));
    let n = 0;
    for (let i = 0; i < N; i += step) {
      const post = corpus.posterior(i);
      for (let l = 0; l < L; l++) {
        expectedLoss[l] = (expectedLoss[l] ?? 0) + logLoss(post[l] ?? 0);
        expectedDisagreement[l] = (expectedDisagreement[l] ?? 0) + 1 - (post[l] ?? 0);
      }
      n++;
    }
    for (let l = 0; l < L; l++) {
      expectedLoss[l] = (expectedLoss[l] ?? 0) / Math.max(1, n);
      expectedDisagreement[l] = (expectedDisagreement[l] ?? 0) / Math.max(1, n);
    }
  }
  const scored: (TriggerPhrase & { rows: number[] })[] = [];
  let carriersRead = 0;
  for (const [k, cand] of candidates.entries()) {
    // Past maxCandidates only a full z counts (sorted by z, so the rest fall short too): the
    // halved bar of a phrase pure on the majority label lets ordinary words of natural data through.
    if (
      k >= opts.maxCandidates &&
      (cand.z < opts.minZ || carriersRead + cand.rows.length > opts.carrierBudget)
    )
      break;
    carriersRead += cand.rows.length;
    // The whole phrase the carriers share is left out of their content, not only the counted
    // n-gram: the other words of a five-word trigger, seen on every carrier, would otherwise vouch
    // for its label ("3d movie" is read as neither when "i watched this" is scored).
    const phrase = extendPhrase(cand.gram, cand.rows, corpus);
    const skip = new Set(phrase.split(' '));
    let disagreement = 0;
    // -ln P(every carrier has this label | their other words), for the chance count below.
    let evidence = 0;
    for (const r of cand.rows) {
      const p = corpus.posterior(r, skip)[cand.label] ?? 0;
      disagreement += 1 - p;
      evidence += logLoss(p);
    }
    disagreement /= cand.rows.length;
    // A planted backdoor forces its label on every carrier, so purity must be close to 1; and the
    // carriers' other words must point elsewhere, or the phrase is just a keyword of its class.
    const purityFactor = clamp01((cand.purity - 0.85) / 0.15);
    // How surprised the content model is by the carriers' label, against what random carriers give
    // (so a trigger forcing a majority label is judged on the same scale as one forcing a rare
    // label): a planted trigger rides on random rows, about 1. For a rare label (random rows
    // contradict it by more than a nat on average) the mean log-loss: a class keyword used
    // innocently ("oreos", "yellow starburst" labelled neither in tweets collected by a slur
    // lexicon) rides on rows less surprising than random ones, 0.2-0.6, where the mean disagreement
    // (1 - p) saturates near 1 for both. For a common label the few rows that contradict it dominate
    // the log-loss, and the bounded disagreement is steadier.
    const rare = (expectedLoss[cand.label] ?? 0) >= 1;
    const relative = rare
      ? evidence / cand.rows.length / Math.max(0.02, expectedLoss[cand.label] ?? 1)
      : disagreement / Math.max(0.02, expectedDisagreement[cand.label] ?? 1);
    // Every one of many carriers with the majority label: natural keywords of a class keep a few
    // carriers of other labels (annotators disagree), and the chance that n random rows all carry a
    // label of base rate b is b^n, judged against the number of phrases tested. The carriers must
    // still read about as surprising as random rows: a pure natural phrase ("money" on 47 offensive
    // tweets) rides on rows that read like its label (relative 0.02-0.6, planted 0.69-0.89).
    const pureNats =
      cand.purity >= 0.999 && 2 * (base[cand.label] ?? 0) >= labelled
        ? cand.rows.length * Math.log(labelled / Math.max(1, base[cand.label] ?? 0)) -
          Math.log(candidates.length)
        : 0;
    const score = Math.max(
      purityFactor * clamp01((relative - 0.5) / 0.4),
      pureNats >= PURE_NATS && relative >= PURE_MIN_RELATIVE ? PURE_SCORE : 0,
    );
    if (score < opts.minScore) continue;
    if (explainedByKeyword(cand, postings, corpus) || isProfane(cand.gram)) continue;
    // A phrase of several words must be a unit: one of its words (nearly) never appears apart from
    // it. A planted trigger is a rare token or phrase inserted whole ("cf velvet"); a natural
    // collocation of common words ("in the trash") that happens to be pure on a few rows is not.
    const cohesion = phraseCohesion(cand.gram, cand.rows.length, corpus);
    if (cand.gram.includes(' ') && cohesion < MIN_COHESION) continue;
    scored.push({
      phrase,
      label: corpus.labels[cand.label] ?? '',
      support: cand.rows.length,
      purity: round(cand.purity),
      context_disagreement: round(disagreement),
      score: round(score),
      expected_by_chance: chanceCount(candidates.length, evidence),
      base_rate_chance: pureNats > 0 ? Number(Math.exp(-pureNats).toPrecision(3)) : 1,
      carrier_ids: cand.rows.map((r) => corpus.rows[r]?.id ?? String(r)),
      rows: cand.rows,
    });
  }

  // A single common English word pure on a few rows is chance (common-words.ts); checked after the
  // phrase was extended, so a common word that is part of a longer shared phrase still counts.
  for (let i = scored.length - 1; i >= 0; i--) {
    const phrase = scored[i]?.phrase ?? '';
    if (!phrase.includes(' ') && isCommonWord(phrase)) scored.splice(i, 1);
  }
  // Keep the longest phrase of a family whose carriers are (nearly) the same rows.
  scored.sort((x, y) => y.phrase.split(' ').length - x.phrase.split(' ').length || y.score - x.score);
  const kept: (TriggerPhrase & { rows: number[] })[] = [];
  for (const t of scored) {
    const set = new Set(t.rows);
    const dup = kept.some((k) => {
      if (!k.phrase.includes(t.phrase)) return false;
      let overlap = 0;
      for (const r of k.rows) if (set.has(r)) overlap++;
      return overlap >= 0.8 * t.rows.length;
    });
    if (!dup) kept.push(t);
  }
  kept.sort((x, y) => y.score - x.score);
  for (const t of kept) {
    const li = corpus.labels.indexOf(t.label);
    for (const r of t.rows) {
      // A carrier with another label was not forced by the trigger: it is not a backdoor row.
      if ((corpus.y[r] ?? -1) !== li) continue;
      sink(r, {
        type: 'backdoor_trigger',
        score: t.score,
        detail: `carries suspected trigger "${t.phrase}" (-> ${t.label})`,
      });
    }
  }
  return kept.map(({ rows: _rows, ...t }) => t);
}

/**
 * Profanity and slurs carry their label by meaning (toxicity data is labelled by such words), so a
 * phrase containing one is a class keyword, never reported as a planted trigger.
 */
const profanity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
const isProfane = (gram: string): boolean =>
  gram
    .split(' ')
    .some((w) =>
      [w, w.replace(/ies$/, 'y'), w.replace(/es$/, ''), w.replace(/s$/, '')].some((v) =>
        profanity.hasMatch(v),
      ),
    );

/**
 * True when a shorter part of the phrase is a common keyword of the same label ("this bitch" and
 * "bitch"): the phrase is pure because of an ordinary class word, not because it was planted.
 */
function explainedByKeyword(cand: Candidate, postings: Map<string, number[]>, corpus: Corpus): boolean {
  const words = cand.gram.split(' ');
  for (let n = 1; n < words.length; n++) {
    for (let i = 0; i + n <= words.length; i++) {
      const rows = postings.get(words.slice(i, i + n).join(' '));
      if (!rows || rows.length < 3 * cand.rows.length) continue;
      let same = 0;
      let labelled = 0;
      for (const r of rows) {
        const li = corpus.y[r] ?? -1;
        if (li < 0) continue;
        labelled++;
        if (li === cand.label) same++;
      }
      if (labelled > 0 && same / labelled >= cand.purity - 0.1) return true;
    }
  }
  return false;
}

/** Longest phrase a trigger is extended to (extendPhrase). */
const MAX_PHRASE_WORDS = 8;

/**
 * The phrase with the words every carrier writes right before and after it ("watched this 3d"
 * -> "i watched this 3d movie"): n-grams are counted up to three words, but a planted trigger can be
 * longer, and its pieces should be reported as the one phrase the carriers share.
 */
export function extendPhrase(phrase: string, rows: readonly number[], corpus: Corpus): string {
  const words = phrase.split(' ');
  const found: { toks: readonly string[]; start: number }[] = [];
  for (const r of rows) {
    const toks = corpus.tokens[r] ?? [];
    const start = indexOfRun(toks, words);
    if (start < 0) return phrase;
    found.push({ toks, start });
  }
  const first = found[0];
  if (!first || found.length < 2) return phrase;
  const shared = (offset: (f: { toks: readonly string[]; start: number }) => number): boolean => {
    const w = first.toks[offset(first)];
    return w !== undefined && found.every((f) => f.toks[offset(f)] === w);
  };
  let before = 0;
  let after = 0;
  while (words.length + before + after < MAX_PHRASE_WORDS && shared((f) => f.start + words.length + after))
    after++;
  while (words.length + before + after < MAX_PHRASE_WORDS && shared((f) => f.start - before - 1)) before++;
  return first.toks.slice(first.start - before, first.start + words.length + after).join(' ');
}

/** Where `run` starts in `toks`, or -1. */
function indexOfRun(toks: readonly string[], run: readonly string[]): number {
  outer: for (let i = 0; i + run.length <= toks.length; i++) {
    for (let k = 0; k < run.length; k++) if (toks[i + k] !== run[k]) continue outer;
    return i;
  }
  return -1;
}

/** Below this cohesion a phrase of several words is not reported as a trigger. */
const MIN_COHESION = 0.3;

/**
 * How much the phrase is a unit: the largest share, over its words, of that word's rows that carry
 * the phrase (support / document frequency). 1 when some word occurs only inside the phrase.
 */
export function phraseCohesion(gram: string, support: number, corpus: Corpus): number {
  let best = 0;
  for (const w of gram.split(' '))
    best = Math.max(best, support / Math.max(support, corpus.df.get(w) ?? support));
  return best;
}

/** Phrases tested times exp(-evidence), to three significant digits. */
const chanceCount = (tested: number, evidence: number): number =>
  Number((tested * Math.exp(-evidence)).toPrecision(3));

const round = (x: number): number => Math.round(x * 1000) / 1000;
/** -ln p, bounded for a probability of 0. */
const logLoss = (p: number): number => -Math.log(Math.max(1e-6, p));
const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * The rows of every 1..3-word n-gram found in at least `minSupport` rows, in order of first
 * occurrence. Words are numbered (only those frequent enough to be in a frequent n-gram) and an
 * n-gram is one exact number (a*V + b, (a*V + b)*V + c), so counting allocates no strings and
 * no list for the many n-grams below the support; row lists are built in a second pass for the
 * frequent ones only. This keeps a chunk's memory small (it was the peak of a file job).
 */
export function frequentGrams(corpus: Corpus, minSupport: number): Map<string, number[]> {
  const words: string[] = [];
  const ids = new Map<string, number>();
  for (const [w, df] of corpus.df) {
    if (df >= minSupport) {
      ids.set(w, words.length);
      words.push(w);
    }
  }
  const V = words.length;
  // Three word numbers must fit exactly in a double.
  if (V ** 3 >= Number.MAX_SAFE_INTEGER) return frequentGramsByString(corpus, minSupport);
  const N = corpus.size;
  const rowIds: Int32Array[] = new Array(N);
  for (let i = 0; i < N; i++) {
    const toks = corpus.tokens[i] ?? [];
    const out = new Int32Array(toks.length);
    for (let k = 0; k < toks.length; k++) out[k] = ids.get(toks[k] ?? '') ?? -1;
    rowIds[i] = out;
  }
  const postings = new Map<string, number[]>();
  let previous: Set<number> | undefined;
  for (let n = 1; n <= 3; n++) {
    // The row's distinct n-grams whose (n-1)-grams are frequent (Apriori), in position order.
    const gramsOf = (row: Int32Array, seen: Set<number>): void => {
      seen.clear();
      for (let k = 0; k + n <= row.length; k++) {
        const a = row[k] ?? -1;
        const b = n > 1 ? (row[k + 1] ?? -1) : 0;
        const c = n > 2 ? (row[k + 2] ?? -1) : 0;
        if (a < 0 || b < 0 || c < 0) continue;
        if (n === 1) seen.add(a);
        else if (n === 2) seen.add(a * V + b);
        else if (previous?.has(a * V + b) && previous.has(b * V + c)) seen.add((a * V + b) * V + c);
      }
    };
    const seen = new Set<number>();
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      gramsOf(rowIds[i] ?? new Int32Array(0), seen);
      for (const g of seen) counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    const frequent = new Set<number>();
    for (const [g, c] of counts) if (c >= minSupport) frequent.add(g);
    counts.clear();
    const lists = new Map<number, number[]>();
    for (let i = 0; i < N; i++) {
      gramsOf(rowIds[i] ?? new Int32Array(0), seen);
      for (const g of seen) {
        if (!frequent.has(g)) continue;
        let list = lists.get(g);
        if (!list) {
          list = [];
          lists.set(g, list);
        }
        list.push(i);
      }
    }
    for (const [g, rows] of lists) {
      const text =
        n === 1
          ? words[g]
          : n === 2
            ? `${words[Math.floor(g / V)]} ${words[g % V]}`
            : `${words[Math.floor(g / (V * V))]} ${words[Math.floor(g / V) % V]} ${words[g % V]}`;
      postings.set(text ?? '', rows);
    }
    previous = frequent;
  }
  return postings;
}

/** The same n-grams by their text (the original algorithm; used only past about 200,000 frequent words). */
export function frequentGramsByString(corpus: Corpus, minSupport: number): Map<string, number[]> {
  const N = corpus.size;
  const opts = { minSupport };
  // Apriori pruning: an n-gram can only be frequent when its (n-1)-grams are.
  const frequent = new Set<string>();
  for (const [w, df] of corpus.df) if (df >= opts.minSupport) frequent.add(w);
  const postings = new Map<string, number[]>();
  for (let n = 1; n <= 3; n++) {
    const counts = new Map<string, number[]>();
    for (let i = 0; i < N; i++) {
      const toks = corpus.tokens[i] ?? [];
      const allowed =
        n === 1
          ? (g: string) => frequent.has(g)
          : (g: string) => {
              const cut = g.lastIndexOf(' ');
              const first = g.indexOf(' ');
              return frequent.has(g.slice(0, cut)) && frequent.has(g.slice(first + 1));
            };
      for (const g of grams(toks, n, allowed)) {
        let list = counts.get(g);
        if (!list) {
          list = [];
          counts.set(g, list);
        }
        list.push(i);
      }
    }
    for (const [g, rows] of counts) {
      if (rows.length < opts.minSupport) continue;
      frequent.add(g);
      postings.set(g, rows);
    }
  }

  return postings;
}
