import type { Span } from '../../contract.js';

/**
 * Embedded payloads: base64, hex, URL-encoded, ROT13 and reversed text decoded so the detectors can scan what
 * an attacker wrapped. Bounded: nesting depth, number of payloads and decoded bytes. A payload's
 * span is the encoded run in the caller's original text (for nested payloads, the outermost run).
 */

export type PayloadKind = 'base64' | 'hex' | 'url' | 'rot13' | 'reversed';

export interface DecodedPayload {
  kind: PayloadKind;
  span: Span;
  text: string;
  depth: number;
  /** True when decoded offsets equal original offsets minus span.start (ROT13 keeps lengths). */
  aligned: boolean;
}

export interface DecodeLimits {
  maxDepth: number;
  maxPayloads: number;
  maxBytes: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxDepth: 2, maxPayloads: 16, maxBytes: 64 * 1024 };

const HEX_RUN = /(?:\\x[0-9a-fA-F]{2}){8,4096}|(?<![0-9a-fA-F])(?:[0-9a-fA-F]{2}){8,4096}(?![0-9a-fA-F])/g;
const URL_RUN = /(?:%[0-9a-fA-F]{2}[^\s%]{0,8}){3,2048}/g;
const ROT13_WORDS = [
  'ignore',
  'disregard',
  'instructions',
  'system prompt',
  'jailbreak',
  'developer mode',
  'do anything now',
  'pretend',
  'bypass',
  'reveal',
];
const keywordsRe = (words: string[]): RegExp => new RegExp(`\\b(?:${words.join('|')})\\b`, 'i');
const ROT13_KEYWORDS = keywordsRe(ROT13_WORDS);
/**
 * The same words written in ROT13: rotation maps letters to letters, so a text's rotation holds a
 * keyword exactly when the text holds its rotation, and the text is only rotated when it does.
 */
const ROT13_KEYWORDS_ROTATED = keywordsRe(ROT13_WORDS.map((w) => rot13(w)));
/**
 * The same words written backwards ("erongi", "snoitcurtsni"): a text is read reversed only when it
 * holds one of them and none of the words forwards.
 */
const REVERSED_KEYWORDS = keywordsRe(ROT13_WORDS.map((w) => reversed(w)));
const HAS_DIGIT_OR_SYMBOL = /[0-9+/=_-]/;
const HAS_UPPER = /[A-Z]/;
const HAS_LOWER = /[a-z]/;

/** Share of printable ASCII (and common whitespace) in decoded bytes. */
function printableRatio(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let ok = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13) ok++;
  return ok / bytes.length;
}

function decodeBase64(run: string): string | null {
  // A plausible base64 run mixes cases or digits; a long plain word is not one.
  if (!HAS_DIGIT_OR_SYMBOL.test(run) && !(HAS_UPPER.test(run) && HAS_LOWER.test(run))) return null;
  const bytes = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < 8 || printableRatio(bytes) < 0.9) return null;
  const text = bytes.toString('utf8');
  return /[a-z]{2}/i.test(text) ? text : null;
}

function decodeHex(run: string): string | null {
  const hex = run.replace(/\\x/g, '');
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length < 8 || printableRatio(bytes) < 0.9) return null;
  return bytes.toString('utf8');
}

function decodeUrl(run: string): string | null {
  try {
    const text = decodeURIComponent(run);
    return text !== run ? text : null;
  } catch {
    return null;
  }
}

/** `text` read from its last character to its first (code points, so surrogate pairs survive). */
export function reversed(text: string): string {
  return Array.from(text).reverse().join('');
}

export function rot13(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) out += String.fromCharCode(((c - 65 + 13) % 26) + 65);
    else if (c >= 97 && c <= 122) out += String.fromCharCode(((c - 97 + 13) % 26) + 97);
    else out += text[i];
  }
  return out;
}

/** A character of base64 or base64url: [A-Za-z0-9+/_-]. */
const isBase64Char = (c: number): boolean =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 48 && c <= 57) ||
  c === 43 ||
  c === 47 ||
  c === 95 ||
  c === 45;

/**
 * Calls `visit` with each base64 run of `text`, the matches of /[A-Za-z0-9+/_-]{16,8192}={0,2}/g
 * (16 to 8,192 characters, then up to two "=" where the run ends), until it returns false. One scan
 * of char codes: the regex tried a match at every letter of every word of plain prose.
 */
export function forEachBase64Run(text: string, visit: (start: number, end: number) => boolean): void {
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (!isBase64Char(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let runEnd = i + 1;
    while (runEnd < n && isBase64Char(text.charCodeAt(runEnd))) runEnd++;
    for (let s = i; runEnd - s >= 16; ) {
      let e = Math.min(runEnd, s + 8192);
      if (e === runEnd) for (let pad = 0; pad < 2 && text.charCodeAt(e) === 61; pad++) e++;
      if (!visit(s, e)) return;
      s = e;
    }
    i = runEnd;
  }
}

function collect(
  text: string,
  depth: number,
  outer: Span | null,
  limits: DecodeLimits,
  out: DecodedPayload[],
  budget: { bytes: number },
): void {
  if (depth > limits.maxDepth) return;
  const push = (kind: PayloadKind, span: Span, decoded: string, aligned: boolean): void => {
    if (out.length >= limits.maxPayloads || budget.bytes + decoded.length > limits.maxBytes) return;
    budget.bytes += decoded.length;
    const where = outer ?? span;
    out.push({ kind, span: where, text: decoded, depth, aligned: aligned && outer === null });
    collect(decoded, depth + 1, where, limits, out, budget);
  };
  const scan = (re: RegExp, kind: PayloadKind, decode: (run: string) => string | null): void => {
    // matchAll works on a copy of the regex, so the recursion below cannot disturb its lastIndex.
    for (const m of text.matchAll(re)) {
      if (out.length >= limits.maxPayloads) return;
      const decoded = decode(m[0]);
      if (decoded !== null) push(kind, { start: m.index, end: m.index + m[0].length }, decoded, false);
    }
  };
  let base64Run = false;
  forEachBase64Run(text, (start, end) => {
    base64Run = true;
    if (out.length >= limits.maxPayloads) return false;
    const decoded = decodeBase64(text.slice(start, end));
    if (decoded !== null) push('base64', { start, end }, decoded, false);
    return true;
  });
  // Sixteen hex digits in a row are a base64 run too: without one, only "\\x" escapes can match.
  if (base64Run || text.includes('\\x')) scan(HEX_RUN, 'hex', decodeHex);
  if (text.includes('%')) scan(URL_RUN, 'url', decodeUrl);
  // ROT13 only when the rotated text says something the plain text does not.
  if (text.length <= limits.maxBytes && ROT13_KEYWORDS_ROTATED.test(text) && !ROT13_KEYWORDS.test(text))
    push('rot13', { start: 0, end: text.length }, rot13(text), true);
  // Reversed text ("Read this backwards: .snoitcurtsni suoiverp lla erongi"), likewise.
  if (text.length <= limits.maxBytes && REVERSED_KEYWORDS.test(text) && !ROT13_KEYWORDS.test(text))
    push('reversed', { start: 0, end: text.length }, reversed(text), false);
}

/** Decodes the payloads embedded in `text`, nested up to `limits.maxDepth`. */
export function decodePayloads(text: string, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): DecodedPayload[] {
  const out: DecodedPayload[] = [];
  collect(text, 1, null, limits, out, { bytes: 0 });
  return out;
}

export const DECODE_REGEXES: RegExp[] = [
  HEX_RUN,
  URL_RUN,
  ROT13_KEYWORDS,
  ROT13_KEYWORDS_ROTATED,
  REVERSED_KEYWORDS,
  HAS_DIGIT_OR_SYMBOL,
];
