import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../util/prng.js';
import { forEachBase64Run } from './decode.js';
import { LEET, normalize } from './normalize.js';

/**
 * The hand scanners of normalize.ts and decode.ts against the regular expressions they replaced,
 * on random text drawn from the characters that matter to them (runs of every length, the 40 and
 * 8,192 cuts, "=" padding, digits inside words).
 */
const ALPHABET = 'aaaeeissttoo0134572689@$=+/_-XYZ \n.,';

function randomText(next: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    // Long runs now and then, so the 40- and 8,192-character cuts are crossed.
    if (next() < 0.002) out += 'Ab9'.repeat(Math.floor(next() * 3000));
    out += ALPHABET[Math.floor(next() * ALPHABET.length)];
  }
  return out;
}

/** The regex implementation foldLeet had before the scan. */
function foldLeetByRegex(text: string): string {
  if (!/[013457@$]/.test(text)) return text;
  return text.replace(/[a-z0-9@$]{2,40}/g, (tok) => {
    if (!/[a-z]/.test(tok) || !/[013457@$]/.test(tok) || /^[a-z]{2,12}[0-9]{2,4}$/.test(tok)) return tok;
    let out = '';
    for (const ch of tok) out += LEET[ch] ?? ch;
    return out;
  });
}

describe('scanners that replaced regular expressions', () => {
  it('fold leetspeak exactly as the token regex did', () => {
    const next = mulberry32(11);
    for (let i = 0; i < 400; i++) {
      const text = randomText(next, Math.floor(next() * 400)).toLowerCase();
      expect(normalize(text).leet).toBe(foldLeetByRegex(text));
    }
    expect(normalize('1gn0r3 4ll pr3v10us sha256 base64').leet).toBe('ignore all previous sha256 base64');
  });

  it('find the base64 runs the run regex found', () => {
    const next = mulberry32(12);
    let runs = 0;
    for (let i = 0; i < 400; i++) {
      const text = randomText(next, Math.floor(next() * 600));
      const expected = [...text.matchAll(/[A-Za-z0-9+/_-]{16,8192}={0,2}/g)].map((m) => [
        m.index,
        m.index + m[0].length,
      ]);
      const found: number[][] = [];
      forEachBase64Run(text, (start, end) => found.push([start, end]) > 0);
      expect(found).toEqual(expected);
      runs += found.length;
    }
    expect(runs).toBeGreaterThan(100);
  });
});
