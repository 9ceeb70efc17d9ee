/**
 * A compact confusables table: Cyrillic and Greek letters that look like Latin ones, folded to the
 * Latin letter (lower case). Applied only inside tokens that mix scripts, so real Russian or Greek
 * words are left intact while "ignоre" (with a Cyrillic о) becomes "ignore".
 */
const PAIRS: [string, string][] = [
  // Cyrillic lower case.
  ['а', 'a'],
  ['в', 'b'],
  ['с', 'c'],
  ['ԁ', 'd'],
  ['е', 'e'],
  ['ё', 'e'],
  ['һ', 'h'],
  ['і', 'i'],
  ['ї', 'i'],
  ['ј', 'j'],
  ['к', 'k'],
  ['ӏ', 'l'],
  ['м', 'm'],
  ['н', 'h'],
  ['о', 'o'],
  ['р', 'p'],
  ['ԛ', 'q'],
  ['г', 'r'],
  ['ѕ', 's'],
  ['т', 't'],
  ['у', 'y'],
  ['х', 'x'],
  ['ԝ', 'w'],
  ['ь', 'b'],
  ['ү', 'y'],
  // Greek lower case.
  ['α', 'a'],
  ['β', 'b'],
  ['ε', 'e'],
  ['η', 'n'],
  ['ι', 'i'],
  ['κ', 'k'],
  ['ν', 'v'],
  ['ο', 'o'],
  ['ρ', 'p'],
  ['τ', 't'],
  ['υ', 'u'],
  ['χ', 'x'],
  ['γ', 'y'],
  ['ω', 'w'],
  // Other lookalikes that NFKC leaves alone.
  ['ı', 'i'],
  ['ȷ', 'j'],
  ['ɡ', 'g'],
  ['ɑ', 'a'],
  ['ο', 'o'],
];

/** Code unit -> Latin code unit. Every entry is a single BMP code unit, so folding keeps lengths. */
export const CONFUSABLES: ReadonlyMap<number, number> = new Map(
  PAIRS.map(([from, to]) => [from.charCodeAt(0), to.charCodeAt(0)]),
);

/** Letters of scripts whose lookalikes we fold. */
export const isCyrillicOrGreek = (code: number): boolean =>
  (code >= 0x0370 && code <= 0x03ff) || (code >= 0x0400 && code <= 0x052f);
