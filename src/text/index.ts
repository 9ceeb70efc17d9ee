export { Bm25Index } from './bm25.js';
export { type Sentence, splitClauses, splitSentences } from './sentences.js';
export { stem } from './stem.js';
export { isStopword, STOPWORDS } from './stopwords.js';
export { contentTerms } from './terms.js';
export {
  blend,
  cosine,
  documentFrequencies,
  norm,
  normalize,
  type SparseVector,
  termFrequencies,
  tfidf,
} from './tfidf.js';
export { type Token, tokenize, words } from './tokenize.js';
