import type { NerToken } from './tokenize.js';

/**
 * Feature extraction of the entity tagger, shared by training (scripts/train-ner.ts) and tagging.
 * Every feature is a template id mixed with an integer value and hashed into DIMS buckets, so no
 * feature string is ever built: each token's word, shape and affixes are hashed once, and a feature
 * is one integer mix of those hashes.
 */

export const TAGS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-ADDR', 'I-ADDR'] as const;
export type Tag = (typeof TAGS)[number];
export const NT = TAGS.length;
export const DIM_BITS = 18;
export const DIMS = 1 << DIM_BITS;
const MASK = DIMS - 1;
/** Upper bound of features per token (static + tag-dependent). */
export const MAX_FEATURES = 48;

/** Word lists the features look words up in; committed inside the weights file. */
export interface Lexicons {
  given: ReadonlySet<string>;
  surname: ReadonlySet<string>;
  place: ReadonlySet<string>;
  /** Words seen mostly in lower case in the training text: a capitalized one is likely a sentence start. */
  common: ReadonlySet<string>;
  /** Word -> 16-bit context-cluster code learned from unlabelled text (scripts/ner-clusters.ts). */
  clusters?: ReadonlyMap<string, number>;
  /**
   * Words written capitalized most of the time inside a sentence in the training and unlabelled text
   * (proper nouns: "trump", "obama" typed in lower case are still looked at by the tagger).
   */
  proper?: ReadonlySet<string>;
  /**
   * Word -> 13-bit GloVe code (scripts/ner-glove.ts): bits 0-9 a hierarchical k-means cluster of its
   * GloVe vector (top 6/8/10 bits: 64/256/1,024 clusters), bits 10-12 a name-likeness bucket 0-7.
   */
  glove?: GloveTable;
}

/**
 * GloVe codes by word hash (hashString of the lower-case word): `hashes` ascending, `codes[k]` the code
 * of the word of `hashes[k]` (of the more frequent word when two share a hash). Compact and quick to
 * load: no map of 300,000 strings is built.
 */
export interface GloveTable {
  hashes: Uint32Array;
  codes: Uint16Array;
}

/** The GloVe code of the word with hash `h` (unsigned), or undefined. */
export function gloveCode(g: GloveTable, h: number): number | undefined {
  const a = g.hashes;
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v === h) return g.codes[mid];
    if (v < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** Cluster code of a word off the cluster list, and of a position past either end. */
const NO_CLUSTER = 1 << 16;
const EDGE_CLUSTER = (1 << 16) + 1;
/** GloVe code of a word off the GloVe list, and of a position past either end. */
const NO_GLOVE = 0xffff;
const EDGE_GLOVE = 0xfffe;

const TITLES = new Set(
  'mr mrs ms miss dr prof sir madam mx mister dame lord lady herr frau monsieur madame senor senora sr sra dott ing'.split(
    ' ',
  ),
);
const ORG_SUFFIX = new Set(
  'inc ltd llc corp corporation company co gmbh ag sa plc bv nv srl spa oy ab as kk group holdings foundation university institute bank'.split(
    ' ',
  ),
);
const STREET = new Set(
  'street st avenue ave road rd boulevard blvd lane ln drive dr court ct place pl square sq terrace way parkway highway hwy circle crescent close rue via viale calle avenida av rua piazza chemin strada carrer paseo ul ulica straße strasse str gasse weg platz laan straat plein vej gade vägen gatan katu utca apt suite unit flat floor box po'.split(
    ' ',
  ),
);

/** A street, unit or box word ("Street", "Apt", "Rue"): part of an address, never of a name. */
export const isStreetWord = (lower: string): boolean =>
  STREET.has(lower.endsWith('.') ? lower.slice(0, -1) : lower);

// Gazetteer bits.
const G_GIVEN = 1;
const G_SURNAME = 2;
const G_PLACE = 4;
const G_COMMON = 8;
const G_TITLE = 16;
const G_ORG = 32;
const G_STREET = 64;
const G_PROPER = 128;
/** Gazetteer value of a position past either end of the text. */
const G_EDGE = 256;

/** FNV-1a over UTF-16 code units. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  return hashRange(s, 0, s.length, seed);
}

/** hashString of s.slice(start, end), without building the slice. */
function hashRange(s: string, start: number, end: number, seed: number): number {
  let h = seed;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One FNV step over one code unit (hashString is these steps over the string). */
const hashStep = (h: number, code: number): number => Math.imul(h ^ code, 0x01000193);

function mix(template: number, value: number): number {
  let h = Math.imul(value ^ Math.imul(template + 1, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & MASK;
}

const pair = (a: number, b: number): number => Math.imul(a, 0x27d4eb2f) ^ b;

/**
 * Per-token attributes. Case class, word-list bits and line/sentence flags are computed for every
 * token (the tagger's pruning needs them); hashes of word, shape and affixes, and the context
 * cluster, only for the tokens the tagger scores and their neighbours (`ensure`), which in ordinary
 * prose is a small share. Arrays may be longer than `n` (a reused table): only [0, n) is read.
 */
export interface TokenTable {
  n: number;
  tokens: readonly NerToken[];
  lex: Lexicons;
  lower: string[];
  ready: Uint8Array;
  word: Int32Array;
  exact: Int32Array;
  shape: Int32Array;
  fullShape: Int32Array;
  pre2: Int32Array;
  pre3: Int32Array;
  suf2: Int32Array;
  suf3: Int32Array;
  suf4: Int32Array;
  gaz: Int32Array;
  clu: Int32Array;
  glo: Int32Array;
  /** 0 other, 1 capitalized, 2 all capitals, 3 digits, 4 lower case, 5 punctuation. */
  cap: Int8Array;
  sentStart: Int8Array;
  nl: Int8Array;
  len: Int8Array;
}

const SHAPE_SEED = 0x3c6ef372;

/**
 * Hashes of the word shape (X upper, x lower, d digit, other characters kept; of the first 12
 * characters) in full and with repeats collapsed, as hashString(shape, SHAPE_SEED) would give them,
 * hashed step by step: building the two strings cost an allocation each per token.
 */
function shapeHashes(w: string, out: { full: number; short: number }): void {
  let full = SHAPE_SEED;
  let short = SHAPE_SEED;
  let last = -1;
  for (let i = 0; i < w.length && i < 12; i++) {
    const code = w.charCodeAt(i);
    let k: number;
    if (code >= 48 && code <= 57)
      k = 100; // d
    else if (code >= 97 && code <= 122)
      k = 120; // x
    else if (code >= 65 && code <= 90)
      k = 88; // X
    else if (code < 128) k = code;
    else {
      const c = w[i] ?? '';
      const lo = c.toLowerCase();
      const up = c.toUpperCase();
      k = lo !== up ? (c === up ? 88 : 120) : code;
    }
    full = hashStep(full, k);
    if (k !== last) short = hashStep(short, k);
    last = k;
  }
  out.full = full >>> 0;
  out.short = short >>> 0;
}

const shapeOut = { full: 0, short: 0 };

/** Letters without case (CJK, Arabic ...), told apart from punctuation. */
export const LETTER_RE = /\p{L}/u;

function capClass(w: string): number {
  const code = w.charCodeAt(0);
  // ASCII first letters without the case-mapping calls (most tokens of most texts).
  if (code < 128) {
    if (code >= 48 && code <= 57) return 3;
    if (code >= 97 && code <= 122) return 4;
    if (code < 65 || code > 90) return 5;
    return w.length > 1 && allCapitals(w) ? 2 : 1;
  }
  const c = w[0] ?? '';
  const lo = c.toLowerCase();
  if (lo === c.toUpperCase()) return LETTER_RE.test(c) ? 0 : 5;
  if (c === lo) return 4;
  return w.length > 1 && w === w.toUpperCase() ? 2 : 1;
}

/** `w === w.toUpperCase()`, without building the upper-case copy when w is ASCII. */
function allCapitals(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const code = w.charCodeAt(i);
    if (code >= 128) return w === w.toUpperCase();
    if (code >= 97 && code <= 122) return false;
  }
  return true;
}

export const SENT_END: ReadonlySet<string> = new Set([
  '.',
  '!',
  '?',
  ':',
  '"',
  '“',
  '”',
  '|',
  '-',
  '—',
  '•',
  '(',
  ')',
  '>',
  ';',
  '*',
]);

function allocate(tokens: readonly NerToken[], lex: Lexicons, capacity: number): TokenTable {
  return {
    n: 0,
    tokens,
    lex,
    lower: [],
    ready: new Uint8Array(capacity),
    word: new Int32Array(capacity),
    exact: new Int32Array(capacity),
    shape: new Int32Array(capacity),
    fullShape: new Int32Array(capacity),
    pre2: new Int32Array(capacity),
    pre3: new Int32Array(capacity),
    suf2: new Int32Array(capacity),
    suf3: new Int32Array(capacity),
    suf4: new Int32Array(capacity),
    gaz: new Int32Array(capacity),
    clu: new Int32Array(capacity),
    glo: new Int32Array(capacity),
    cap: new Int8Array(capacity),
    sentStart: new Int8Array(capacity),
    nl: new Int8Array(capacity),
    len: new Int8Array(capacity),
  };
}

/** Fills the per-token attributes of every token into `t` (whose arrays hold at least n). */
function fill(t: TokenTable, tokens: readonly NerToken[], lex: Lexicons): TokenTable {
  const n = tokens.length;
  const bits = lexiconBits(lex);
  t.n = n;
  t.tokens = tokens;
  t.lex = lex;
  t.lower = new Array<string>(n);
  t.ready.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    const tok = tokens[i]!;
    const w = tok.text;
    const lower = w.toLowerCase();
    t.lower[i] = lower;
    t.gaz[i] = gazetteerBits(lower, bits);
    t.cap[i] = capClass(w);
    t.nl[i] = tok.nlBefore ? 1 : 0;
    const prev = tokens[i - 1];
    t.sentStart[i] = i === 0 || tok.nlBefore || (prev !== undefined && SENT_END.has(prev.text)) ? 1 : 0;
    t.len[i] = Math.min(w.length, 12);
  }
  return t;
}

/** A table of its own (training keeps one per sentence). */
export function tokenTable(tokens: readonly NerToken[], lex: Lexicons): TokenTable {
  return fill(allocate(tokens, lex, tokens.length), tokens, lex);
}

// The table tagging reuses: 16 typed arrays allocated per call cost more than filling them
// (about 1.5 µs each off the heap). Tagging is synchronous and keeps no table past its call.
let scratch: TokenTable | undefined;

/** A table on reused arrays, valid until the next call; for callers that drop it before returning. */
export function scratchTable(tokens: readonly NerToken[], lex: Lexicons): TokenTable {
  if (!scratch || scratch.ready.length < tokens.length) {
    scratch = allocate(tokens, lex, Math.max(tokens.length, 2 * (scratch?.ready.length ?? 256)));
  }
  return fill(scratch, tokens, lex);
}

// All word lists folded into one map word -> bits, built once per lexicon set: one lookup per token.
const BITS_CACHE = new WeakMap<Lexicons, Map<string, number>>();

function lexiconBits(lex: Lexicons): Map<string, number> {
  let m = BITS_CACHE.get(lex);
  if (m) return m;
  m = new Map<string, number>();
  const add = (words: Iterable<string>, bit: number) => {
    for (const w of words) m!.set(w, (m!.get(w) ?? 0) | bit);
  };
  add(lex.given, G_GIVEN);
  add(lex.surname, G_SURNAME);
  add(lex.place, G_PLACE);
  add(lex.common, G_COMMON);
  add(TITLES, G_TITLE);
  add(ORG_SUFFIX, G_ORG);
  add(STREET, G_STREET);
  add(lex.proper ?? [], G_PROPER);
  BITS_CACHE.set(lex, m);
  return m;
}

function gazetteerBits(lower: string, bits: Map<string, number>): number {
  const last = lower.charCodeAt(lower.length - 1);
  // Possessive "'s" / "’s" is looked up without its ending.
  if (last === 115 && lower.length > 2) {
    const q = lower.charCodeAt(lower.length - 2);
    if (q === 39 || q === 0x2019) return bits.get(lower.slice(0, -2)) ?? 0;
  }
  return bits.get(lower) ?? 0;
}

/** Bits of the name lists and proper nouns: a lower-case token with one of them is still scored by the tagger. */
export const NAME_BITS = G_GIVEN | G_SURNAME | G_PROPER;
/** A word seen mostly in lower case: with a name bit, still an ordinary word when written in lower case. */
export const COMMON_BIT = G_COMMON;

/**
 * The hashed attributes of words seen before, per lexicon set: they depend on the word alone, and
 * most tokens of a text are frequent words, so a lookup replaces nine hashes, a cluster lookup and a
 * GloVe search. Cleared when full (a bound on memory, not an LRU: refilling costs one text).
 */
interface WordCache {
  slot: Map<string, number>;
  values: Int32Array;
}
const ATTRS = 11;
const CACHED_WORDS = 16_384;
const wordCaches = new WeakMap<Lexicons, WordCache>();

function wordCache(lex: Lexicons): WordCache {
  let cache = wordCaches.get(lex);
  if (cache === undefined) {
    cache = { slot: new Map(), values: new Int32Array(CACHED_WORDS * ATTRS) };
    wordCaches.set(lex, cache);
  }
  return cache;
}

/** Writes the attributes of word w (lower: its lower case) at `at` in `v`. */
function wordAttributes(w: string, lower: string, lex: Lexicons, v: Int32Array, at: number): void {
  shapeHashes(w, shapeOut);
  const len = lower.length;
  const word = hashString(lower);
  v[at] = word;
  v[at + 1] = hashString(w, 0x2545f491);
  v[at + 2] = shapeOut.short;
  v[at + 3] = shapeOut.full;
  // Affixes hashed in place (a slice would be a string per affix).
  v[at + 4] = hashRange(lower, 0, Math.min(2, len), 0x1b873593);
  v[at + 5] = hashRange(lower, 0, Math.min(3, len), 0x1b873593);
  v[at + 6] = hashRange(lower, Math.max(0, len - 2), len, 0x5bd1e995);
  v[at + 7] = hashRange(lower, Math.max(0, len - 3), len, 0x5bd1e995);
  v[at + 8] = hashRange(lower, Math.max(0, len - 4), len, 0x5bd1e995);
  v[at + 9] = lex.clusters?.get(lower) ?? NO_CLUSTER;
  const glove = lex.glove;
  let g: number | undefined;
  if (glove) {
    g = gloveCode(glove, word);
    if (g === undefined && len > 2 && lower.charCodeAt(len - 1) === 115) {
      const q = lower.charCodeAt(len - 2);
      if (q === 39 || q === 0x2019) g = gloveCode(glove, hashString(lower.slice(0, -2)));
    }
  }
  v[at + 10] = g ?? NO_GLOVE;
}

/** Computes the hashed attributes of token i (once). */
function ensure(t: TokenTable, i: number): void {
  if (i < 0 || i >= t.n || t.ready[i]) return;
  t.ready[i] = 1;
  const w = t.tokens[i]!.text;
  const cache = wordCache(t.lex);
  const v = cache.values;
  let slot = cache.slot.get(w);
  if (slot === undefined) {
    if (cache.slot.size >= CACHED_WORDS) cache.slot.clear();
    slot = cache.slot.size;
    cache.slot.set(w, slot);
    wordAttributes(w, t.lower[i]!, t.lex, v, slot * ATTRS);
  }
  const at = slot * ATTRS;
  t.word[i] = v[at]!;
  t.exact[i] = v[at + 1]!;
  t.shape[i] = v[at + 2]!;
  t.fullShape[i] = v[at + 3]!;
  t.pre2[i] = v[at + 4]!;
  t.pre3[i] = v[at + 5]!;
  t.suf2[i] = v[at + 6]!;
  t.suf3[i] = v[at + 7]!;
  t.suf4[i] = v[at + 8]!;
  t.clu[i] = v[at + 9]!;
  t.glo[i] = v[at + 10]!;
}

function glo(t: TokenTable, j: number): number {
  return j < 0 || j >= t.n ? EDGE_GLOVE : t.glo[j]!;
}

/** The cluster of a GloVe code at 6, 8 or 10 bits; the two special codes stay apart. */
const gtop = (g: number, bits: number): number => (g >= EDGE_GLOVE ? g : (g & 1023) >>> (10 - bits));
/** The name-likeness bucket of a GloVe code (0-7; 8 off the list, 9 past either end). */
const gname = (g: number): number => (g === NO_GLOVE ? 8 : g === EDGE_GLOVE ? 9 : g >>> 10);

function clu(t: TokenTable, j: number): number {
  return j < 0 || j >= t.n ? EDGE_CLUSTER : t.clu[j]!;
}

/** The top `bits` bits of a 16-bit cluster code; the two special codes stay apart. */
const top = (c: number, bits: number): number => (c >= NO_CLUSTER ? c : c >>> (16 - bits));

function cap(t: TokenTable, j: number): number {
  return j < 0 || j >= t.n ? 7 : t.cap[j]!;
}

function gaz(t: TokenTable, j: number): number {
  return j < 0 || j >= t.n ? G_EDGE : t.gaz[j]!;
}

const PAD = [0x7f4a7c15, 0x6a09e667, 0x510e527f, 0x1f83d9ab];
const at = (a: Int32Array, i: number, n: number, pad: number): number =>
  i < 0 ? PAD[pad & 3]! : i >= n ? PAD[(pad + 1) & 3]! : a[i]!;

/**
 * Writes the tag-independent features of token i into `out` from `offset`; returns the new length.
 */
export function staticFeatures(t: TokenTable, i: number, out: Int32Array, offset: number): number {
  const n = t.n;
  let k = offset;
  for (let j = i - 2; j <= i + 2; j++) ensure(t, j);
  const shape0 = t.shape[i]!;
  out[k++] = mix(0, 1);
  out[k++] = mix(1, t.word[i]!);
  out[k++] = mix(2, at(t.word, i - 1, n, 0));
  out[k++] = mix(3, at(t.word, i + 1, n, 0));
  out[k++] = mix(4, at(t.word, i - 2, n, 2));
  out[k++] = mix(5, at(t.word, i + 2, n, 2));
  out[k++] = mix(6, shape0);
  out[k++] = mix(7, at(t.shape, i - 1, n, 0));
  out[k++] = mix(8, at(t.shape, i + 1, n, 0));
  out[k++] = mix(9, t.pre2[i]!);
  out[k++] = mix(10, t.pre3[i]!);
  out[k++] = mix(11, t.suf2[i]!);
  out[k++] = mix(12, t.suf3[i]!);
  out[k++] = mix(13, t.suf4[i]!);
  out[k++] = mix(14, cap(t, i - 1) * 64 + cap(t, i) * 8 + cap(t, i + 1));
  out[k++] = mix(15, gaz(t, i));
  out[k++] = mix(16, gaz(t, i - 1));
  out[k++] = mix(17, gaz(t, i + 1));
  out[k++] = mix(18, pair(gaz(t, i), cap(t, i)));
  out[k++] = mix(19, pair(gaz(t, i - 1), gaz(t, i + 1) * 8 + cap(t, i)));
  out[k++] = mix(20, pair(t.sentStart[i]!, shape0));
  out[k++] = mix(21, pair(t.nl[i]! * 2 + (i + 1 < n ? t.nl[i + 1]! : 1), shape0));
  out[k++] = mix(22, pair(at(t.word, i - 1, n, 0), shape0));
  out[k++] = mix(23, pair(at(t.word, i + 1, n, 0), shape0));
  out[k++] = mix(24, t.exact[i]!);
  out[k++] = mix(25, pair(t.len[i]!, shape0));
  out[k++] = mix(26, t.fullShape[i]!);
  out[k++] = mix(27, pair(at(t.fullShape, i - 1, n, 0), t.fullShape[i]!));
  out[k++] = mix(28, pair(at(t.fullShape, i + 1, n, 0), t.fullShape[i]!));
  out[k++] = mix(29, pair(at(t.word, i - 2, n, 2), at(t.word, i - 1, n, 0)));
  out[k++] = mix(30, pair(t.sentStart[i]!, gaz(t, i) * 8 + cap(t, i)));
  out[k++] = mix(31, pair(cap(t, i - 2) * 8 + cap(t, i - 1), cap(t, i + 1) * 8 + cap(t, i + 2)));
  // Context clusters: words used alike share a code, so rare or unseen words borrow evidence.
  const c0 = clu(t, i);
  out[k++] = mix(32, pair(top(c0, 6), cap(t, i)));
  out[k++] = mix(33, pair(top(c0, 12), cap(t, i)));
  out[k++] = mix(34, pair(top(clu(t, i - 1), 8), top(c0, 4)));
  out[k++] = mix(35, pair(top(clu(t, i + 1), 8), top(c0, 4)));
  if (t.lex.glove) {
    // GloVe word codes (pretrained on 6B tokens): clusters at three granularities and name-likeness.
    // Not for words in lower case (every word of a text without capitals is scored: "olleh", a
    // brand in GloVe, read as a name in reversed text).
    const c = cap(t, i);
    const g0 = c === 4 ? NO_GLOVE : t.glo[i]!;
    out[k++] = mix(45, pair(gtop(g0, 6), c));
    out[k++] = mix(46, pair(gtop(g0, 8), c));
    out[k++] = mix(47, pair(gtop(g0, 10), c));
    out[k++] = mix(48, pair(gname(g0), c * 2 + t.sentStart[i]!));
    out[k++] = mix(49, pair(gtop(glo(t, i - 1), 8), c));
    out[k++] = mix(50, pair(gtop(glo(t, i + 1), 8), c));
  }
  return k;
}

/** Tag-history features of token i given the two previous tags; returns the new length. */
export function tagFeatures(
  t: TokenTable,
  i: number,
  prev: number,
  prev2: number,
  out: Int32Array,
  offset: number,
): number {
  let k = offset;
  out[k++] = mix(40, prev);
  out[k++] = mix(41, prev * 16 + prev2);
  out[k++] = mix(42, pair(prev, t.word[i]!));
  out[k++] = mix(43, pair(prev, t.shape[i]!));
  out[k++] = mix(44, pair(prev, t.gaz[i]! * 8 + t.cap[i]!));
  return k;
}

/**
 * Tag-history features of token i given the previous tag only (tagFeatures without the
 * two-previous-tags template 41), for the first-order Viterbi decoder: with them a token's scores
 * depend on one previous tag, so the best tag sequence is found exactly.
 */
export function prevTagFeatures(
  t: TokenTable,
  i: number,
  prev: number,
  out: Int32Array,
  offset: number,
): number {
  let k = offset;
  out[k++] = mix(40, prev);
  out[k++] = mix(42, pair(prev, t.word[i]!));
  out[k++] = mix(43, pair(prev, t.shape[i]!));
  out[k++] = mix(44, pair(prev, t.gaz[i]! * 8 + t.cap[i]!));
  return k;
}

/**
 * BIO constraint: an I- tag only continues a B- or I- of the same type, and a person name does not
 * start right after another one (written side by side, "Taylor Swift" is one name: the greedy
 * decoder otherwise split it into two one-word names).
 */
export function allowed(prev: number, tag: number): boolean {
  if (tag === 0) return true;
  if (tag % 2 === 1) return tag !== 1 || (prev !== 1 && prev !== 2);
  return prev === tag || prev === tag - 1;
}
