/**
 * Context clusters for the entity tagger, learned from unlabelled text: each frequent word gets a
 * 16-bit code, the signs of a random projection of the words seen right before and after it
 * (a sign-random-projection hash of its context distribution, centred over the vocabulary). Words
 * used alike ("monday"/"tuesday", "john"/"mike") share code bits; the tagger reads code prefixes.
 * A Brown-clustering stand-in that runs in one linear pass plus one pass over the vocabulary.
 */
import { hashString } from '../src/guards/securityguard/pii/ner/features.js';

const BITS = 16;
const MIN_COUNT = 3;
const MAX_WORDS = 40000;

/** The ±1 vector of a context word (left and right contexts use different seeds). */
function signs(word: string, side: number, cache: Map<string, Int8Array>): Int8Array {
  const key = `${side}\u0000${word}`;
  let v = cache.get(key);
  if (v) return v;
  v = new Int8Array(BITS);
  const h1 = hashString(word, 0x9747b28c + side);
  const h2 = hashString(word, 0x85ebca6b + side);
  for (let d = 0; d < BITS; d++) v[d] = ((d < 16 ? h1 >>> d : h2 >>> (d - 16)) & 1) === 1 ? 1 : -1;
  cache.set(key, v);
  return v;
}

/** Word -> cluster code, for the `MAX_WORDS` most frequent words seen at least `MIN_COUNT` times. */
export function buildClusters(sentences: Iterable<readonly string[]>): Record<string, number> {
  const count = new Map<string, number>();
  const acc = new Map<string, Float64Array>();
  const cache = new Map<string, Int8Array>();
  for (const raw of sentences) {
    const s = raw.map((w) => w.toLowerCase());
    for (let i = 0; i < s.length; i++) {
      const w = s[i]!;
      count.set(w, (count.get(w) ?? 0) + 1);
      let v = acc.get(w);
      if (!v) {
        v = new Float64Array(BITS);
        acc.set(w, v);
      }
      const l = signs(s[i - 1] ?? '<s>', 0, cache);
      const r = signs(s[i + 1] ?? '</s>', 1, cache);
      for (let d = 0; d < BITS; d++) v[d]! += l[d]! + r[d]!;
    }
  }
  const vocab = [...count]
    .filter(([w, c]) => c >= MIN_COUNT && /\p{L}/u.test(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_WORDS)
    .map(([w]) => w);
  const mean = new Float64Array(BITS);
  const unit = new Map<string, Float64Array>();
  for (const w of vocab) {
    const v = acc.get(w)!;
    let n = 0;
    for (let d = 0; d < BITS; d++) n += v[d]! * v[d]!;
    const u = v.map((x) => x / (Math.sqrt(n) || 1));
    unit.set(w, u);
    for (let d = 0; d < BITS; d++) mean[d]! += u[d]! / vocab.length;
  }
  const out: Record<string, number> = {};
  for (const w of vocab) {
    const u = unit.get(w)!;
    let code = 0;
    for (let d = 0; d < BITS; d++) if (u[d]! > mean[d]!) code |= 1 << (BITS - 1 - d);
    out[w] = code;
  }
  return out;
}
