/**
 * A small Porter-style stemmer (steps 1a, 1b, 1c and the common suffixes of steps 2-4). It is not a
 * full Porter implementation; it only needs to map inflected forms onto one key for retrieval.
 */

const VOWEL = /[aeiou]/;

function measure(stem: string): number {
  // Counts vowel-consonant sequences, the "m" of Porter's paper.
  let m = 0;
  let prevVowel = false;
  for (let i = 0; i < stem.length; i++) {
    const c = stem[i] ?? '';
    const vowel = VOWEL.test(c) || (c === 'y' && i > 0 && !VOWEL.test(stem[i - 1] ?? ''));
    if (!vowel && prevVowel) m++;
    prevVowel = vowel;
  }
  return m;
}

const hasVowel = (s: string): boolean => /[aeiouy]/.test(s);

const STEP2: [string, string][] = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
];
const STEP3: [string, string][] = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];
const STEP4 = [
  'ement',
  'ment',
  'ance',
  'ence',
  'able',
  'ible',
  'ant',
  'ent',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
  'al',
  'er',
  'ic',
];

const cache = new Map<string, string>();

export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  let w = word;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  // Step 1a: plurals.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  // Step 1b: past tenses and gerunds.
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    for (const suf of ['ed', 'ing']) {
      if (w.endsWith(suf) && hasVowel(w.slice(0, -suf.length)) && w.length - suf.length >= 3) {
        w = w.slice(0, -suf.length);
        if (/(at|bl|iz)$/.test(w)) w += 'e';
        else if (/([^aeiouslz])\1$/.test(w)) w = w.slice(0, -1);
        break;
      }
    }
  }
  // Step 1c: y -> i.
  if (w.endsWith('y') && hasVowel(w.slice(0, -1)) && w.length > 3) w = `${w.slice(0, -1)}i`;
  for (const [suf, rep] of STEP2) {
    if (w.endsWith(suf)) {
      if (measure(w.slice(0, -suf.length)) > 0) w = w.slice(0, -suf.length) + rep;
      break;
    }
  }
  for (const [suf, rep] of STEP3) {
    if (w.endsWith(suf)) {
      if (measure(w.slice(0, -suf.length)) > 0) w = w.slice(0, -suf.length) + rep;
      break;
    }
  }
  for (const suf of STEP4) {
    if (w.endsWith(suf)) {
      if (measure(w.slice(0, -suf.length)) > 1) w = w.slice(0, -suf.length);
      break;
    }
  }
  if (w.endsWith('ion') && /[st]ion$/.test(w) && measure(w.slice(0, -3)) > 1) w = w.slice(0, -3);
  if (w.endsWith('e') && measure(w.slice(0, -1)) > 1) w = w.slice(0, -1);
  if (cache.size > 50_000) cache.clear();
  cache.set(word, w);
  return w;
}
