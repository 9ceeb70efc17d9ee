/**
 * Leetspeak digits and symbols and the letters they stand for ("w0m3n", "1gn0r3"). Read by
 * SecurityGuard's normalization and BiasGuard's spelling of group terms.
 */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};
