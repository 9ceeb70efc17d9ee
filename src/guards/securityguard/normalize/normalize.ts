import { addHidden, type HiddenRun, hiddenKind } from '../../../text/hidden.js';
import { LEET } from '../../../text/leet.js';
import type { Span } from '../../contract.js';
import { CONFUSABLES, isCyrillicOrGreek } from './confusables.js';

export type { HiddenKind, HiddenRun } from '../../../text/hidden.js';
/** Leetspeak characters and the letters they stand for (re-exported for the scanner's differential test). */
export { LEET };

/**
 * Text normalization shared by the SecurityGuard detectors. The folded text is what patterns and
 * the model read: NFKC, hidden characters removed, accents stripped from Latin letters, lower case,
 * Cyrillic/Greek lookalikes folded inside mixed-script tokens. `leet` additionally folds leetspeak
 * inside tokens that mix letters and digits; it has the same length as `text`, so one offset map
 * serves both. Every folded index maps back to the caller's original text.
 */

export interface Normalized {
  original: string;
  text: string;
  leet: string;
  /** Original start index of each folded code unit; null when the mapping is the identity. */
  starts: Int32Array | null;
  /** Original end index (exclusive) of each folded code unit; null when the mapping is the identity. */
  ends: Int32Array | null;
  hidden: HiddenRun[];
}

const NON_ASCII = /[^\t\n\r\u0020-\u007e]/;
const HAS_CONFUSABLE_SCRIPT = /[\u0370-\u052f]/;
const MIXED_TOKEN = /[\p{L}\p{N}]{2,64}/gu;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const LEET_CHARS = /[013457@$]/;
/** Names such as base64, rot13, utf16 or sha256 end in a number; leetspeak puts digits inside words. */
const NAME_WITH_NUMBER = /^[a-z]{2,12}[0-9]{2,4}$/;

const isLatinWithMarks = (cp: number): boolean =>
  (cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x1e00 && cp <= 0x1eff);

/** A character of a leet token: [a-z0-9@$]. */
const isLeetTokenChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 64 || c === 36;

/** Token text[s, e) folded, when it mixes letters and leet characters and is not a name like "sha256". */
function foldToken(text: string, s: number, e: number): string | null {
  let letter = false;
  let leet = false;
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c >= 97 && c <= 122) letter = true;
    else if (c !== 50 && c !== 54 && c !== 56 && c !== 57) leet = true; // 0 1 3 4 5 7 @ $
  }
  if (!letter || !leet) return null;
  const tok = text.slice(s, e);
  if (NAME_WITH_NUMBER.test(tok)) return null;
  let out = '';
  for (const ch of tok) out += LEET[ch] ?? ch;
  return out;
}

/**
 * Leetspeak folded in each token: a run of [a-z0-9@$], cut every 40 characters, at least 2 (the
 * matches of /[a-z0-9@$]{2,40}/g). One scan of char codes: `replace` with that regex and a callback
 * built a string for every word.
 */
function foldLeet(text: string): string {
  if (!LEET_CHARS.test(text)) return text;
  let out = '';
  let copied = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (!isLeetTokenChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let runEnd = i + 1;
    while (runEnd < n && isLeetTokenChar(text.charCodeAt(runEnd))) runEnd++;
    for (let s = i; runEnd - s >= 2; s += 40) {
      const e = Math.min(runEnd, s + 40);
      const folded = foldToken(text, s, e);
      if (folded !== null) {
        out += text.slice(copied, s) + folded;
        copied = e;
      }
    }
    i = runEnd;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function foldConfusables(text: string): string {
  if (!HAS_CONFUSABLE_SCRIPT.test(text)) return text;
  return text.replace(MIXED_TOKEN, (tok) => {
    let latin = false;
    let other = false;
    for (let i = 0; i < tok.length; i++) {
      const c = tok.charCodeAt(i);
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin = true;
      else if (isCyrillicOrGreek(c)) other = true;
    }
    if (!latin || !other) return tok;
    let out = '';
    for (let i = 0; i < tok.length; i++) {
      const c = tok.charCodeAt(i);
      out += String.fromCharCode(CONFUSABLES.get(c) ?? c);
    }
    return out;
  });
}

export function normalize(original: string): Normalized {
  if (!NON_ASCII.test(original)) {
    const text = original.toLowerCase();
    return { original, text, leet: foldLeet(text), starts: null, ends: null, hidden: [] };
  }
  let cap = original.length + 16;
  let units = new Uint16Array(cap);
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let n = 0;
  const hidden: HiddenRun[] = [];

  const emit = (unit: number, start: number, end: number): void => {
    if (n === cap) {
      cap *= 2;
      const u = new Uint16Array(cap);
      u.set(units);
      units = u;
      const s = new Int32Array(cap);
      s.set(starts);
      starts = s;
      const e = new Int32Array(cap);
      e.set(ends);
      ends = e;
    }
    units[n] = unit;
    starts[n] = start;
    ends[n] = end;
    n++;
  };

  const len = original.length;
  for (let i = 0; i < len; ) {
    const c = original.charCodeAt(i);
    if (c < 0x80) {
      emit(c >= 0x41 && c <= 0x5a ? c + 32 : c, i, i + 1);
      i++;
      continue;
    }
    const cp = original.codePointAt(i) ?? c;
    const width = cp > 0xffff ? 2 : 1;
    const kind = hiddenKind(cp);
    if (kind !== null) {
      addHidden(hidden, kind, cp, i, width);
      i += width;
      continue;
    }
    // Stray combining marks (zalgo text) and plain variation selectors carry no letters.
    if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0xfe00 && cp <= 0xfe0f)) {
      i += width;
      continue;
    }
    let s = String.fromCodePoint(cp).normalize('NFKC');
    if (isLatinWithMarks(cp)) s = s.normalize('NFD').replace(COMBINING_MARKS, '');
    s = s.toLowerCase();
    for (let k = 0; k < s.length; k++) emit(s.charCodeAt(k), i, i + width);
    i += width;
  }

  let text = '';
  for (let k = 0; k < n; k += 4096) {
    text += String.fromCharCode.apply(null, Array.from(units.subarray(k, Math.min(n, k + 4096))));
  }
  text = foldConfusables(text);
  return {
    original,
    text,
    leet: foldLeet(text),
    starts: starts.subarray(0, n),
    ends: ends.subarray(0, n),
    hidden,
  };
}

/** Maps a span of the folded text back to the original text. */
export function toOriginal(norm: Normalized, start: number, end: number): Span {
  if (norm.starts === null || norm.ends === null) return { start, end };
  const n = norm.starts.length;
  if (n === 0) return { start: 0, end: 0 };
  const s = Math.min(Math.max(start, 0), n - 1);
  const e = Math.min(Math.max(end - 1, s), n - 1);
  return { start: norm.starts[s] ?? 0, end: norm.ends[e] ?? norm.original.length };
}

let lastInput: string | null = null;
let lastOutput: Normalized | null = null;

/**
 * Normalizes with a one-entry cache, so the detectors of one check share a single pass over the
 * text (Node runs one check at a time on a thread, so the cache cannot mix requests up).
 */
export function normalizeCached(text: string): Normalized {
  if (lastInput === text && lastOutput !== null) return lastOutput;
  const out = normalize(text);
  lastInput = text;
  lastOutput = out;
  return out;
}

/** The regular expressions of this module, for the ReDoS test. */
/**
 * Typographic apostrophes as the ASCII one ("you’re" as "you're"), the form the injection patterns
 * are written in; phones and word processors type ’. One unit for one, so spans stay the caller's.
 * Used by the injection evidence only: the model's n-grams fold ’ already (normalizeForModel), and
 * document mode's model was trained on the unfolded units.
 */
const TYPOGRAPHIC_APOSTROPHE = /[\u2018\u2019\u201b\u02bc]/g;
export const asciiApostrophes = (text: string): string =>
  text.search(TYPOGRAPHIC_APOSTROPHE) < 0 ? text : text.replace(TYPOGRAPHIC_APOSTROPHE, "'");

export const NORMALIZE_REGEXES: RegExp[] = [
  TYPOGRAPHIC_APOSTROPHE,
  NON_ASCII,
  HAS_CONFUSABLE_SCRIPT,
  MIXED_TOKEN,
  COMBINING_MARKS,
  LEET_CHARS,
  NAME_WITH_NUMBER,
];
