import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { appendAll } from '../../../util/arrays.js';
import { detectAddresses } from './address.js';
import { detectPersons } from './person.js';
import type { PiiEntity, PiiType } from './types.js';
import {
  base58CheckValid,
  bech32Valid,
  cardBrand,
  ibanValid,
  ipv4Valid,
  ipv6Valid,
  luhnValid,
  ssnValid,
} from './validators.js';

/** Every regular expression of the PII detector, exported for the ReDoS test. */
export const PII_PATTERNS = {
  email:
    /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,6}[A-Za-z]{2,24}\b/g,
  card: /\b\d(?:[ -]?\d){11,18}\b/g,
  iban: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b/gi,
  ssnDashed: /\b(\d{3})-(\d{2})-(\d{4})\b/g,
  ssnPlain: /\b(\d{3})[ ]?(\d{2})[ ]?(\d{4})\b/g,
  ipv4: /\b(?:\d{1,3}\.){3}\d{1,3}\b/g,
  ipv6: /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g,
  mac: /\b[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}\b/g,
  date: /\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}\s{1,2}(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?,?\s{1,2}\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s{1,2}\d{1,2}(?:st|nd|rd|th)?,?\s{1,2}\d{4})\b/gi,
  phoneLoose:
    /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,8}){1,4}(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5})?(?![\w])/gi,
  btc: /\b(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{11,71})\b/g,
  eth: /\b0x[0-9a-fA-F]{40}\b/g,
  passport: /\bpassport(?:\s{1,3}(?:no|number|num|#))?\.?\s{0,3}(?:is|:|#)?\s{0,3}([A-Z0-9]{6,9})\b/gi,
  license:
    /\b(?:driver'?s?|driving)\s{1,3}licen[cs]e(?:\s{1,3}(?:no|number|num|#|id))?\.?\s{0,3}(?:is|:|#)?\s{0,3}([A-Z0-9][A-Z0-9-]{4,17})\b/gi,
  ssnCue: /\b(?:ssn|social\s{1,3}security(?:\s{1,3}(?:number|no))?)\b/i,
  dobCue: /\b(?:born|dob|d\.o\.b|date\s{1,3}of\s{1,3}birth|birth\s{0,3}date|birthday)\b/i,
  phoneCue:
    /\b(?:phone|tel|telephone|mobile|cell|call|fax|office|whatsapp|answering|reach|contact|number)\b/i,
} as const;

const DATE_CUE_WINDOW = 60;
const PHONE_EXTENSION = /\s?(?:x|ext\.?)\s?\d{1,5}$/i;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}|^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/;

/** Helper patterns of the phone check, exported for the ReDoS test. */
export const PHONE_AUX_PATTERNS: readonly RegExp[] = [PHONE_EXTENSION, DATE_LIKE];

function push(
  out: PiiEntity[],
  type: PiiType,
  text: string,
  start: number,
  end: number,
  score: number,
  detail?: string,
): void {
  out.push({ type, value: text.slice(start, end), start, end, score, ...(detail ? { detail } : {}) });
}

function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  let m = re.exec(text);
  while (m !== null) {
    yield m;
    if (m[0].length === 0) re.lastIndex++;
    m = re.exec(text);
  }
}

function detectNumbers(text: string, out: PiiEntity[]): void {
  for (const m of matches(PII_PATTERNS.card, text)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits) || /^(\d)\1+$/.test(digits)) continue;
    const brand = cardBrand(digits);
    push(out, 'CREDIT_CARD', text, m.index, m.index + m[0].length, brand ? 0.95 : 0.6, brand);
  }
  for (const m of matches(PII_PATTERNS.iban, text)) {
    const compact = m[0].replace(/ /g, '');
    // A match that ran into a following word may still hold a valid IBAN prefix: trim to the country length.
    if (ibanValid(compact))
      push(out, 'IBAN', text, m.index, m.index + m[0].length, 0.95, compact.slice(0, 2));
  }
  for (const m of matches(PII_PATTERNS.ssnDashed, text)) {
    if (!ssnValid(m[1] ?? '', m[2] ?? '', m[3] ?? '')) continue;
    const cue = PII_PATTERNS.ssnCue.test(text.slice(Math.max(0, m.index - 60), m.index));
    push(out, 'US_SSN', text, m.index, m.index + m[0].length, cue ? 0.95 : 0.7);
  }
  if (PII_PATTERNS.ssnCue.test(text)) {
    for (const m of matches(PII_PATTERNS.ssnPlain, text)) {
      if (m[0].includes('-') || !ssnValid(m[1] ?? '', m[2] ?? '', m[3] ?? '')) continue;
      if (!PII_PATTERNS.ssnCue.test(text.slice(Math.max(0, m.index - 60), m.index))) continue;
      push(out, 'US_SSN', text, m.index, m.index + m[0].length, 0.85);
    }
  }
  for (const m of matches(PII_PATTERNS.ipv4, text)) {
    if (ipv4Valid(m[0])) push(out, 'IP_ADDRESS', text, m.index, m.index + m[0].length, 0.9);
  }
  for (const m of matches(PII_PATTERNS.ipv6, text)) {
    if (m[0].length >= 6 && ipv6Valid(m[0]))
      push(out, 'IP_ADDRESS', text, m.index, m.index + m[0].length, 0.9);
  }
  for (const m of matches(PII_PATTERNS.mac, text))
    push(out, 'MAC_ADDRESS', text, m.index, m.index + m[0].length, 0.9);
  for (const m of matches(PII_PATTERNS.btc, text)) {
    const ok = m[0].startsWith('bc1') ? bech32Valid(m[0]) : base58CheckValid(m[0]);
    if (ok) push(out, 'CRYPTO_WALLET', text, m.index, m.index + m[0].length, 0.95, 'btc');
  }
  for (const m of matches(PII_PATTERNS.eth, text))
    push(out, 'CRYPTO_WALLET', text, m.index, m.index + m[0].length, 0.85, 'eth');
  for (const m of matches(PII_PATTERNS.passport, text)) {
    const v = m[1] ?? '';
    if (!/\d/.test(v)) continue;
    const s = m.index + m[0].length - v.length;
    push(out, 'PASSPORT', text, s, s + v.length, 0.85);
  }
  for (const m of matches(PII_PATTERNS.license, text)) {
    const v = m[1] ?? '';
    if (!/\d/.test(v)) continue;
    const s = m.index + m[0].length - v.length;
    push(out, 'DRIVER_LICENSE', text, s, s + v.length, 0.85);
  }
  for (const m of matches(PII_PATTERNS.date, text)) {
    const before = text.slice(Math.max(0, m.index - DATE_CUE_WINDOW), m.index);
    if (PII_PATTERNS.dobCue.test(before))
      push(out, 'DATE_OF_BIRTH', text, m.index, m.index + m[0].length, 0.85);
  }
}

function detectPhones(text: string, out: PiiEntity[], defaultCountry: CountryCode): void {
  // Candidates come from one bounded regex; libphonenumber validates each (international numbers by
  // their calling code, national ones as US). Scanning the whole text with libphonenumber's finder
  // cost ~10x more on number-dense text. Local formats it cannot place pass with a cue word nearby.
  // A span already found as a validated number (SSN, card, IBAN ...) is not parsed again as a phone:
  // on number-dense text that parse was most of the detector's time.
  // Only spans a phone could not outrank (score 0.9 or more) or in the SSN shape are skipped.
  const taken = new Set(
    out.filter((e) => e.score >= 0.9 || e.type === 'US_SSN').map((e) => `${e.start}:${e.end}`),
  );
  for (const m of matches(PII_PATTERNS.phoneLoose, text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (taken.has(`${start}:${end}`)) continue;
    const core = m[0].replace(PHONE_EXTENSION, '');
    const digits = core.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    // Dates and times are not phone numbers.
    if (DATE_LIKE.test(core) || text[end] === ':') continue;
    const parsed = parsePhoneNumberFromString(core, { defaultCountry });
    if (parsed?.isValid()) {
      push(out, 'PHONE', text, start, end, 0.9, parsed.country);
      continue;
    }
    const ctx = text.slice(Math.max(0, start - 40), Math.min(text.length, end + 12));
    if (!PII_PATTERNS.phoneCue.test(ctx) && !/^[+(]/.test(m[0])) continue;
    push(out, 'PHONE', text, start, end, 0.7);
  }
}

function detectEmails(text: string, out: PiiEntity[]): void {
  if (!text.includes('@')) return;
  for (const m of matches(PII_PATTERNS.email, text))
    push(out, 'EMAIL', text, m.index, m.index + m[0].length, 0.99);
}

/** Precedence when spans overlap with equal length: validated numbers beat heuristics. */
const TYPE_RANK: Record<PiiType, number> = {
  EMAIL: 9,
  CREDIT_CARD: 9,
  IBAN: 9,
  CRYPTO_WALLET: 9,
  US_SSN: 8,
  IP_ADDRESS: 8,
  MAC_ADDRESS: 8,
  PASSPORT: 7,
  DRIVER_LICENSE: 7,
  DATE_OF_BIRTH: 7,
  PHONE: 6,
  ADDRESS: 4,
  PERSON: 3,
};

/**
 * Resolves overlapping spans: the higher-confidence (then longer, then stronger type) span wins;
 * an entity fully inside a longer address or person span of weaker type is dropped as well.
 */
export function resolveOverlaps<T extends { start: number; end: number; score: number; type: string }>(
  items: T[],
  rank: (t: T) => number = () => 0,
): T[] {
  const sorted = [...items].sort(
    (a, b) =>
      b.score - a.score || b.end - b.start - (a.end - a.start) || rank(b) - rank(a) || a.start - b.start,
  );
  // Kept spans never overlap, so sorted by start they are sorted by end too: one neighbour to check.
  const kept: T[] = [];
  for (const it of sorted) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.start < it.end) lo = mid + 1;
      else hi = mid;
    }
    const before = kept[lo - 1];
    if (before && before.end > it.start) continue;
    kept.splice(lo, 0, it);
  }
  return kept;
}

export interface DetectPiiOptions {
  /** Restrict to these types (all when absent). */
  types?: readonly PiiType[];
  /** Country for numbers written without +country code (SECURITYGUARD_PHONE_DEFAULT_COUNTRY). */
  defaultCountry?: string;
}

type PiiSpan = { start: number; end: number };

/**
 * Whether a span lies inside a strictly longer address span: a binary search over the addresses
 * sorted by start with a running maximum of their ends, so n entities and m addresses cost
 * O((n + m) log m) instead of n x m.
 */
function insideLongerAddress(addresses: readonly PiiSpan[]): (e: PiiSpan) => boolean {
  const sorted = [...addresses].sort((a, b) => a.start - b.start);
  const maxEndBefore: number[] = [];
  let running = -1;
  for (const a of sorted) {
    running = Math.max(running, a.end);
    maxEndBefore.push(running);
  }
  const maxEndAt = new Map<number, number>();
  for (const a of sorted) maxEndAt.set(a.start, Math.max(maxEndAt.get(a.start) ?? -1, a.end));
  return (e) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start < e.start) lo = mid + 1;
      else hi = mid;
    }
    // Starting before e and reaching its end is longer; starting with e, it must end after it.
    if (lo > 0 && maxEndBefore[lo - 1]! >= e.end) return true;
    return (maxEndAt.get(e.start) ?? -1) > e.end;
  };
}

/** Finds PII in `text`; spans point into `text`, overlaps resolved. */
export function detectPii(text: string, options: DetectPiiOptions = {}): PiiEntity[] {
  const out: PiiEntity[] = [];
  detectEmails(text, out);
  if (/\d/.test(text)) {
    detectNumbers(text, out);
    detectPhones(text, out, (options.defaultCountry ?? 'US') as CountryCode);
    appendAll(out, detectAddresses(text));
  }
  appendAll(out, detectPersons(text));
  // A person or phone-like span inside a longer address is part of the address (street names).
  const inAddress = insideLongerAddress(out.filter((e) => e.type === 'ADDRESS'));
  const pruned = out.filter((e) => e.type === 'ADDRESS' || e.type === 'CREDIT_CARD' || !inAddress(e));
  out.length = 0;
  appendAll(out, pruned);
  const wanted = options.types ? new Set(options.types) : undefined;
  const filtered = wanted ? out.filter((e) => wanted.has(e.type)) : out;
  return resolveOverlaps(filtered, (e) => TYPE_RANK[e.type]);
}
