import { type TokenizeOptions, tokenize } from '../../../text/tokenize.js';

/** Word tokenization for the dataset detectors: lower-case, URLs and handles folded to one token each. */

const URL = /\bhttps?:\/\/\S{1,200}/g;
const HANDLE = /@\w{1,30}/g;
const ENTITY = /&#?\w{1,10};/g;
/** Words join at inner apostrophes only ("don't"). */
const DATASET_WORDS: TokenizeOptions = { joiners: "'", maxJoins: 40 };

export function words(text: string): string[] {
  const cleaned = text.toLowerCase().replace(URL, ' _url_ ').replace(HANDLE, ' _user_ ').replace(ENTITY, ' ');
  return tokenize(cleaned, DATASET_WORDS).map((t) => t.text);
}

/** Placeholder tokens that say nothing about the content. */
export const PLACEHOLDERS = new Set(['_url_', '_user_', 'rt']);

/** 32-bit FNV-1a, with a seed so two independent hashes can be drawn. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function popcount32(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
