import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { detectAddresses } from './address.js';
import { detectEntities } from './entities.js';
import { detectNationalIds, isCueBeforeId } from './national-id.js';
import type { PiiEntity, PiiType } from './types.js';
import {
  base58CheckValid,
  bech32Valid,
  cardBrand,
  ibanPrefixLength,
  ipv4Valid,
  ipv6Valid,
  luhnValid,
  ssnValid,
} from './validators.js';

/** Every regular expression of the PII detector, exported for the ReDoS test. */
/** National phone numbers are read in this country's format unless configured otherwise. */
export const DEFAULT_PHONE_COUNTRY = 'US';

/** A dot written out: " dot ", "[dot]", "(.)". */
const SPELT_DOT = '(?:[ \\t]?[\\[({<][ \\t]?(?:dot|\\.)[ \\t]?[\\])}>][ \\t]?|[ \\t]dot[ \\t])';
const SPELT_TLDS =
  'com|org|net|edu|gov|mil|int|io|co|uk|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|pl|pt|ru|cn|jp|kr|in|br|mx|ar|au|nz|ca|us|eu|info|biz|me|ai|dev|app';
/** Spelt dots, for the check that a plain-word "at" comes with one. */
const SPELT_DOT_RE = new RegExp(SPELT_DOT, 'i');

export const PII_PATTERNS = {
  email:
    /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,6}[A-Za-z]{2,24}\b/g,
  // An address spelt out to get past filters: "john.doe [at] gmail [dot] com", "jane(at)example(dot)org",
  // "maria dot lopez at outlook dot com". The "at" is bracketed or a word; dots may be too.
  emailSpelt: new RegExp(
    `(?<![\\w.%+'\u2019-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}(?:${SPELT_DOT}[A-Za-z0-9_%+-]{1,40}){0,3}` +
      `(?:[ \\t]?[\\[({<][ \\t]?(?:at|@)[ \\t]?[\\])}>][ \\t]?|[ \\t]at[ \\t])` +
      `[A-Za-z0-9-]{1,63}(?:(?:${SPELT_DOT}|\\.)[A-Za-z0-9-]{1,63}){0,3}(?:${SPELT_DOT}|\\.)(?:${SPELT_TLDS})\\b`,
    'gi',
  ),
  card: /\b\d(?:[ -]?\d){11,18}\b/g,
  iban: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b/gi,
  // Not a part of a longer dashed identifier ("#123-45-6789-00").
  ssnDashed: /(?<![#-])\b(\d{3})-(\d{2})-(\d{4})\b(?!-\d)/g,
  ssnPlain: /\b(\d{3})[ ]?(\d{2})[ ]?(\d{4})\b/g,
  ipv4: /\b(?:\d{1,3}\.){3}\d{1,3}\b/g,
  ipv6: /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g,
  mac: /\b[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}\b/g,
  date: /\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}\s{1,2}(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?,?\s{1,2}\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s{1,2}\d{1,2}(?:st|nd|rd|th)?,?\s{1,2}\d{4})\b/gi,
  // A run of digits, spaces, dots, dashes and parentheses, starting with +, 00, ( or a digit; not
  // right after "#", which numbers an order, a ticket or an issue ("Order #123-45-6789-00").
  phoneLoose:
    /(?<![\w+./#-])(?:\(\+\d{1,3}\)[ ]?|\+|\b00)?\(?\d[\d ()./-]{5,22}\d(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5})?(?![\w])/gi,
  btc: /\b(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{11,71})\b/g,
  eth: /\b0x[0-9a-fA-F]{40}\b/g,
  // "passport no: X", and a form's example after the cue ("passport number, e.g. X").
  passport:
    /\bpassport(?:\s{0,3}#|\s{1,3}(?:no|number|num|id))?\.?(?:,?\s{1,3}(?:e\.g\.|for example|such as),?)?\s{0,3}(?:is|was|:|#|=)?\s{0,3}([A-Z0-9]{6,9})\b/gi,
  // A licence number as one token or in spaced digit groups ("NY driver license # 123 456 789"),
  // also where a few words say where it is written ("The DL number on the form is 123456789").
  license:
    /\b(?:(?:driver'?s?|driving)\s{1,3}(?:licen[cs]e|lic\b\.?)|licen[cs]e|DL|D\.L\.)(?:\s{0,3}#|\s{1,3}(?:no|number|num|id))?\.?(?:\s{1,3}(?:on|in)\s{1,3}(?:the\s{1,3}|my\s{1,3}|his\s{1,3}|her\s{1,3})?(?:form|file|record|card|application)|\s{1,3}(?:listed|shown|given|provided))?\s{0,3}(?:is|was|:|#|=)?\s{0,3}([A-Z0-9][A-Z0-9-]{4,17}|\d{2,4}(?:[ ]\d{2,4}){2,3})\b/gi,
  // "my social is ...": US speech names the number by its first word alone.
  ssnCue:
    /\b(?:ssn|social(?!\s{1,3}(?:media|network|worker|life)\b)(?:\s{1,3}security)?(?:\s{1,3}(?:number|no))?)\b/i,
  dobCue: /\b(?:born|dob|d\.o\.b|date\s{1,3}of\s{1,3}birth|birth\s{0,3}date|birthday)\b/i,
  phoneCue:
    /\b(?:phone|tel|telephone|mobile|cell|call|fax|office|whatsapp|answering|reach|contact|number)\b/i,
  // Right before four dotted numbers, a version names them ("version 1.2.3.4", "v10.0.0.1").
  versionCue: /\b(?:version|ver\.?|v|release|build|firmware|patch)\s?$/i,
} as const;

const DATE_CUE_WINDOW = 60;
/** dobCue without its leading word boundary: true wherever dobCue can match a slice of the text. */
const DOB_CUE_ANYWHERE = /(?:born|dob|d\.o\.b|date\s{1,3}of\s{1,3}birth|birth\s{0,3}date|birthday)\b/i;
const PHONE_EXTENSION = /\s?(?:x|ext\.?)\s?\d{1,5}$/i;
// Anchored at both ends: "0261-23-4715" starts like an ISO date but is a phone number.
const DATE_LIKE = /^(?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})$/;

const TRUNK_PREFIX = /^\(?0/;
// The trunk prefix 8 of Russia, Belarus and Kazakhstan: "8 (912) 345-67-89".
const TRUNK_EIGHT = /^8[ (-]/;
const TRUNK_EIGHT_REGIONS: readonly CountryCode[] = ['RU', 'BY', 'KZ'];
// A calling code in parentheses, "(+62) 812 3456 7890", read as "+62 812 3456 7890".
const PARENTHESIZED_CODE = /^\(\+(\d{1,3})\)[ ]?/;
const ADDRESS_JOIN = /^[\s,]{0,2}$/;
const ADDRESS_EDGE = /[\s,;]/;
// The label of the phone number an address was cut at ("75002 Paris, tél. 01 42 ..."): not the address.
const PHONE_LABEL_TAIL = /[\s,;(]\s?(?:tel|tél|tlf|phone|ph|fax|mobile|mob|cell|call)\.?:?\s?$/i;
const HAS_DIGIT = /\d/;
// At most one separator between digit groups, and parentheses only around the first group.
const BALANCED_SEPARATORS =
  /^(?:\+|00)?(?:\(\d{1,5}\)[ .-]?)?\d{1,15}(?:[ .-]\d{1,12}|\/[ ]?\d{1,12}|[ ]?\(\d{1,5}\)[ ]?\d{1,12}){0,7}$/;
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const INTERNATIONAL = /^(?:\+|00)/;
const GROUPED = /^(?:\(\d{2,4}\)[ ]?\d{2,5}(?:[ .-]\d{2,5}){1,3}|\d{2,4}(?:[ .-]\d{2,5}){2,4})$/;
// Round amounts ("25 000 000") are grouped like phone numbers but are sums.
const ROUND_AMOUNT = /^\d{1,3}(?:[ .]000)+$/;
// Five digits, a hyphen, three: a Brazilian postcode (CEP); no numbering plan writes a phone so.
const CEP_SHAPE = /^\d{5}-\d{3}$/;
// Five or more two-digit groups without a trunk 0 ("scores were 12 14 15 18 21"): a list of numbers.
// The plans that write numbers in pairs (FR, BE, NO, DK) start them with 0 or use four pairs.
const NUMBER_LIST = /^[1-9]\d(?: \d\d){4,6}$/;
// Ten digits with no separator, area code and exchange not starting with 0 or 1 ("8879673373").
const NANP_PLAIN = /^[2-9]\d{2}[2-9]\d{6}$/;
const NANP_SHAPE = /^(?:(?:\+?1|001)[ .-]?)?(?:\(\d{3}\)[ ]?|\d{3}[ .-])\d{3}[ .-]\d{4}$/;

// A number labelled as something else in its clause ("population ... 8 402 000", "invoice no.
// 2023 4471 92", "tracking code 1Z 999 AA1 01 2345 6784", "grew from 12 450 to 14 980"): the label
// within the 32 characters before it (a sentence's end stops it, "no." does not) makes it that
// thing, unless a word nearby says phone.
const OTHER_NUMBER_LABEL =
  /\b(?:population|inhabitants|residents|visitors|attendance|total|amount|price|cost|revenue|budget|worth|invoice|order|serial|tracking|parcel|isbn|issn|sku|batch|lot|version|build|ticket|case|reference|ref|id|grew|rose|fell|increased|decreased)\b(?:[^.!?\n]|\.(?! [A-Z])){0,32}$/i;
const SAYS_PHONE =
  /\b(?:phone|tel|t\u00e9l|telephone|mobile|cell|call|fax|office|whatsapp|answering|text|sms|dial|ring|hotline|landline)\b/i;

/** Helper patterns of the phone and email checks, exported for the ReDoS test. */
export const PHONE_AUX_PATTERNS: readonly RegExp[] = [
  PHONE_EXTENSION,
  DATE_LIKE,
  TRUNK_PREFIX,
  TRUNK_EIGHT,
  PARENTHESIZED_CODE,
  ADDRESS_JOIN,
  BALANCED_SEPARATORS,
  DOTTED_QUAD,
  INTERNATIONAL,
  GROUPED,
  NANP_SHAPE,
  NANP_PLAIN,
  ADDRESS_EDGE,
  PHONE_LABEL_TAIL,
  ROUND_AMOUNT,
  CEP_SHAPE,
  NUMBER_LIST,
  OTHER_NUMBER_LABEL,
  SAYS_PHONE,
  DOB_CUE_ANYWHERE,
  HAS_DIGIT,
];

/**
 * Regions tried for a number written without + when it is not valid in the default country: the
 * most populous or most frequent in business text, where a leading 0 is the trunk prefix.
 */
const NATIONAL_REGIONS: readonly CountryCode[] = [
  'GB',
  'DE',
  'FR',
  'IT',
  'ES',
  'NL',
  'BE',
  'CH',
  'AT',
  'SE',
  'NO',
  'DK',
  'FI',
  'PL',
  'IE',
  'PT',
  'CZ',
  'IN',
  'AU',
  'NZ',
  'JP',
  'KR',
  'CN',
  'BR',
  'AR',
  'ZA',
  'NG',
  'KE',
  'EG',
  'TR',
  'IL',
  'PK',
  'ID',
  'PH',
  'TH',
  'VN',
];

/** The first region in which a national number (with its trunk 0, or 8 where that is the trunk) is a valid phone number. */
function nationalRegion(core: string): CountryCode | undefined {
  const regions = TRUNK_PREFIX.test(core)
    ? NATIONAL_REGIONS
    : TRUNK_EIGHT.test(core)
      ? TRUNK_EIGHT_REGIONS
      : undefined;
  if (!regions) return undefined;
  for (const region of regions) {
    if (parsePhoneNumberFromString(core, { defaultCountry: region })?.isValid()) return region;
  }
  return undefined;
}

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
    // A match that ran into a following word ("... 0130 00 by Friday") may still open a valid IBAN:
    // it ends at its country's length.
    const length = ibanPrefixLength(m[0]);
    if (length === 0) continue;
    push(out, 'IBAN', text, m.index, m.index + length, 0.95, m[0].slice(0, 2).toUpperCase());
    // The next IBAN may start inside what the match ran on into: read on from this one's end.
    PII_PATTERNS.iban.lastIndex = m.index + length;
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
    if (!ipv4Valid(m[0]) || PII_PATTERNS.versionCue.test(text.slice(Math.max(0, m.index - 10), m.index)))
      continue;
    push(out, 'IP_ADDRESS', text, m.index, m.index + m[0].length, 0.9);
  }
  if (text.includes(':'))
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
  // A date is personal only after a birth cue, so text without one is not searched for dates.
  if (!DOB_CUE_ANYWHERE.test(text)) return;
  for (const m of matches(PII_PATTERNS.date, text)) {
    const before = text.slice(Math.max(0, m.index - DATE_CUE_WINDOW), m.index);
    if (PII_PATTERNS.dobCue.test(before))
      push(out, 'DATE_OF_BIRTH', text, m.index, m.index + m[0].length, 0.85);
  }
}

interface PhoneVerdict {
  score: number;
  country?: string;
}

// libphonenumber costs tens of microseconds per parse; numbers repeat within and across messages.
const PHONE_CACHE = new Map<string, PhoneVerdict | null>();
const PHONE_CACHE_SIZE = 512;

/** How sure a candidate is a phone number without looking at its context; null when unsure. */
function phoneVerdict(core: string, defaultCountry: CountryCode): PhoneVerdict | null {
  const key = `${defaultCountry}|${core}`;
  const hit = PHONE_CACHE.get(key);
  if (hit !== undefined) return hit;
  let verdict: PhoneVerdict | null = null;
  const parsed = parsePhoneNumberFromString(core, { defaultCountry });
  if (parsed?.isValid()) verdict = { score: 0.9, country: parsed.country };
  else if (INTERNATIONAL.test(core)) {
    const intl = parsePhoneNumberFromString(core.replace(/^00/, '+'));
    if (intl?.isPossible()) verdict = { score: 0.85, country: intl.country };
    // A + and 8 to 15 digits is written as a phone number even when its length is off for the code.
    else if (core.startsWith('+')) verdict = { score: 0.7 };
  }
  if (!verdict && !NUMBER_LIST.test(core)) {
    const region = nationalRegion(core);
    if (region) verdict = { score: 0.8, country: region };
    else if (NANP_SHAPE.test(core)) verdict = { score: 0.75 };
    else if (GROUPED.test(core) && core.replace(/\D/g, '').length <= 11) {
      // "912 345 678", "25-490-69-25": grouped like a phone number and valid in a likely region.
      const any = NATIONAL_REGIONS.find((r) =>
        parsePhoneNumberFromString(core, { defaultCountry: r })?.isValid(),
      );
      if (any) verdict = { score: 0.7, country: any };
    }
    // A country code written without + ("44 20 7946 0958", "49 30 901820"): grouped, and valid as
    // an international number.
    if (!verdict && GROUPED.test(core) && !TRUNK_PREFIX.test(core)) {
      const intl = parsePhoneNumberFromString(`+${core}`);
      if (intl?.isValid()) verdict = { score: 0.7, country: intl.country };
    }
    // Test and generated US numbers are often not assigned, but keep the NANP digit pattern.
    if (!verdict && NANP_PLAIN.test(core)) verdict = { score: 0.6 };
  }
  if (PHONE_CACHE.size >= PHONE_CACHE_SIZE) PHONE_CACHE.clear();
  PHONE_CACHE.set(key, verdict);
  return verdict;
}

function detectPhones(text: string, out: PiiEntity[], defaultCountry: CountryCode): void {
  // Candidates come from one bounded regex; libphonenumber decides. Accepted, strongest first: a
  // valid number of the default country; a + or 00 number of a possible length for its calling
  // code; a national number with a trunk 0 valid in a likely region; the North American shape
  // (555) 555-0100 / 555.555.0100 (generated and test numbers are often not "valid"); any
  // candidate with a phone cue word nearby. Scanning with libphonenumber's finder cost ~10x more.
  // A span already found as a validated number (SSN, card, IBAN ...) is not parsed again as a phone:
  // on number-dense text that parse was most of the detector's time.
  const taken = new Set(
    out.filter((e) => e.score >= 0.9 || e.type === 'US_SSN').map((e) => `${e.start}:${e.end}`),
  );
  for (const m of matches(PII_PATTERNS.phoneLoose, text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (taken.has(`${start}:${end}`)) continue;
    const core = m[0].replace(PHONE_EXTENSION, '').replace(PARENTHESIZED_CODE, '+$1 ');
    const digits = core.replace(/\D/g, '');
    // Six digits in groups ("61 51 81", the length of numbers in small countries) only beside a cue word.
    const short = digits.length === 6 && GROUPED.test(core);
    if ((digits.length < 7 && !short) || digits.length > 15 || !BALANCED_SEPARATORS.test(core)) continue;
    // Dates, times, versions and IP addresses are not phone numbers.
    if (DATE_LIKE.test(core) || text[end] === ':' || DOTTED_QUAD.test(core)) continue;
    if (ROUND_AMOUNT.test(core) || CEP_SHAPE.test(core)) continue;
    const ctx = text.slice(Math.max(0, start - 40), Math.min(text.length, end + 12));
    if (
      !INTERNATIONAL.test(core) &&
      OTHER_NUMBER_LABEL.test(text.slice(Math.max(0, start - 32), start)) &&
      !SAYS_PHONE.test(ctx)
    )
      continue;
    const verdict = short ? null : phoneVerdict(core, defaultCountry);
    if (verdict) {
      push(out, 'PHONE', text, start, end, verdict.score, verdict.country);
      continue;
    }
    if (PII_PATTERNS.phoneCue.test(ctx)) push(out, 'PHONE', text, start, end, 0.7);
  }
}

/** True when "://" precedes `at` within 64 characters with no space, slash or @ between. */
function inUrlUserInfo(text: string, at: number): boolean {
  for (let i = at - 1; i >= Math.max(0, at - 64); i--) {
    const c = text[i];
    if (c === '/' && text[i - 1] === '/' && text[i - 2] === ':') return true;
    if (c === undefined || c === '/' || c === '@' || c === ' ' || c === '\n' || c === '\t') return false;
  }
  return false;
}

const SPELT_AT_CUE = /[[({<][ \t]?(?:at|@)[ \t]?[\])}>]|[ \t]at[ \t]/i;
const BRACKETED_AT = /[[({<][ \t]?(?:at|@)[ \t]?[\])}>]/i;
const LOCAL_SIGN = /[\d._%+-]/;

function detectEmails(text: string, out: PiiEntity[]): void {
  if (text.includes('@')) {
    for (const m of matches(PII_PATTERNS.email, text)) {
      // "http://192.168.0.1@bit.ly" or "https://user:pw@host": the user part of a URL, not a mailbox.
      if (inUrlUserInfo(text, m.index)) continue;
      push(out, 'EMAIL', text, m.index, m.index + m[0].length, 0.99);
    }
  }
  if (!SPELT_AT_CUE.test(text)) return;
  for (const m of matches(PII_PATTERNS.emailSpelt, text)) {
    const v = m[0];
    // A plain-word "at" is everyday English ("look at example.com"): it names a mailbox only with a
    // spelt dot as well, or a local part no word has ("j.smith at example.com").
    if (!BRACKETED_AT.test(v)) {
      const local = v.slice(0, v.search(/[ \t]at[ \t]/i));
      if (!SPELT_DOT_RE.test(v) && !LOCAL_SIGN.test(local)) continue;
    }
    push(out, 'EMAIL', text, m.index, m.index + v.length, 0.9);
  }
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
  NATIONAL_ID: 8,
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
  // Elementary segments between the distinct span ends, with a Fenwick tree counting the covered
  // ones: each segment is covered at most once (kept spans never overlap), so the whole pass is
  // O(n log n) with no array splicing.
  const cuts = [...new Set(items.flatMap((it) => [it.start, it.end]))].sort((a, b) => a - b);
  const index = new Map<number, number>(cuts.map((c, i) => [c, i]));
  const tree = new Int32Array(cuts.length + 1);
  const prefix = (i: number): number => {
    let sum = 0;
    for (let k = i; k > 0; k -= k & -k) sum += tree[k]!;
    return sum;
  };
  const kept: T[] = [];
  for (const it of sorted) {
    const a = index.get(it.start)!;
    const b = index.get(it.end)!;
    if (b > a && prefix(b) - prefix(a) > 0) continue;
    for (let seg = a + 1; seg <= b; seg++) for (let k = seg; k < tree.length; k += k & -k) tree[k]!++;
    kept.push(it);
  }
  kept.sort((x, y) => x.start - y.start);
  return kept;
}

/**
 * The address rules and the tagger each find parts of one address block: overlapping or
 * touching ADDRESS spans (only spaces or a comma between) become one span, in place.
 */
function mergeAddresses(text: string, out: PiiEntity[]): void {
  const addr = out.filter((e) => e.type === 'ADDRESS').sort((x, y) => x.start - y.start);
  if (addr.length < 2) return;
  const merged: PiiEntity[] = [];
  for (const a of addr) {
    const last = merged[merged.length - 1];
    if (last && a.start <= last.end + 2 && ADDRESS_JOIN.test(text.slice(last.end, a.start))) {
      last.end = Math.max(last.end, a.end);
      last.value = text.slice(last.start, last.end);
      last.score = Math.max(last.score, a.score);
    } else merged.push({ ...a });
  }
  let w = 0;
  for (const e of out) if (e.type !== 'ADDRESS') out[w++] = e;
  out.length = w;
  for (const m of merged) out.push(m);
}

/** The phone (sorted, non-overlapping) whose span holds `at`, by binary search. */
function phoneAt(phones: readonly PiiEntity[], at: number): PiiEntity | undefined {
  let lo = 0;
  let hi = phones.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (phones[mid]!.end <= at) lo = mid + 1;
    else hi = mid;
  }
  const p = phones[lo];
  return p && p.start <= at ? p : undefined;
}

/** The first phone (sorted by start) inside [start, end) that opens a line. */
function firstPhoneLineIn(
  text: string,
  phones: readonly PiiEntity[],
  start: number,
  end: number,
): PiiEntity | undefined {
  let lo = 0;
  let hi = phones.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (phones[mid]!.start <= start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < phones.length && phones[k]!.start < end; k++) {
    const p = phones[k]!;
    let i = p.start - 1;
    while (i > start && (text[i] === ' ' || text[i] === '\t' || text[i] === '>')) i--;
    if (text[i] === '\n') return p;
  }
  return undefined;
}

/**
 * An address span that starts or ends inside a phone number ("John Smith, 555 765 1253, 12 Main
 * Street"; "5 Main St and 704-074-4125") gives the number back: the address is cut at the phone
 * and its separators, so the phone is kept. Addresses left empty are dropped.
 */
function releasePhones(text: string, out: PiiEntity[]): void {
  const phones = out
    .filter((e) => e.type === 'PHONE' && e.value.replace(/\D/g, '').length >= 6)
    .sort((x, y) => x.start - y.start);
  if (phones.length === 0) return;
  let w = 0;
  for (const a of out) {
    if (a.type === 'ADDRESS') {
      const [s0, e0] = [a.start, a.end];
      const head = phoneAt(phones, a.start);
      if (head && head.end < a.end) a.start = head.end;
      const tail = phoneAt(phones, a.end - 1);
      if (tail && tail.start > a.start) a.end = tail.start;
      // A phone number on its own line inside the block ("...\nKiel 24103\n0431 35 06 90 office") ends the
      // address: the contact lines after it are not part of it.
      const inner = firstPhoneLineIn(text, phones, a.start, a.end);
      if (inner) a.end = inner.start;
      if (a.end !== e0) {
        const label = PHONE_LABEL_TAIL.exec(text.slice(Math.max(a.start, a.end - 12), a.end));
        if (label) a.end -= label[0].length;
      }
      while (a.start < a.end && ADDRESS_EDGE.test(text[a.start]!)) a.start++;
      while (a.end > a.start && ADDRESS_EDGE.test(text[a.end - 1]!)) a.end--;
      if (a.end - a.start < 3) continue;
      // What is left between two phone lines ("fax", "office") is a label, not an address.
      if ((a.start !== s0 || a.end !== e0) && !HAS_DIGIT.test(text.slice(a.start, a.end))) continue;
      a.value = text.slice(a.start, a.end);
    }
    out[w++] = a;
  }
  out.length = w;
}

/**
 * A name inside a longer address is a street or place name, and a weak number inside a rule-found
 * address (score >= 0.75) is its house number or postcode: both are dropped. One sweep over the
 * entities sorted by start, with the address reaching furthest so far (addresses are merged).
 */
function dropInsideAddresses(out: PiiEntity[]): PiiEntity[] {
  const sorted = [...out].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PiiEntity[] = [];
  let cover: PiiEntity | undefined;
  for (const e of sorted) {
    if (e.type === 'ADDRESS') {
      if (!cover || e.end > cover.end) cover = e;
      kept.push(e);
      continue;
    }
    const inside =
      cover !== undefined &&
      cover.start <= e.start &&
      e.end <= cover.end &&
      cover.end - cover.start > e.end - e.start;
    const absorbed =
      inside && (e.type === 'PERSON' || (cover!.score >= 0.75 && e.type !== 'CREDIT_CARD' && e.score < 0.9));
    if (!absorbed) kept.push(e);
  }
  return kept;
}

export interface DetectPiiOptions {
  /** Restrict to these types (all when absent). */
  types?: readonly PiiType[];
  /** Country for numbers written without +country code (SECURITYGUARD_PHONE_DEFAULT_COUNTRY). */
  defaultCountry?: string;
}

/** Finds PII in `text`; spans point into `text`, overlaps resolved. */
export function detectPii(text: string, options: DetectPiiOptions = {}): PiiEntity[] {
  const out: PiiEntity[] = [];
  detectEmails(text, out);
  if (/\d/.test(text)) {
    detectNumbers(text, out);
    detectNationalIds(text, out);
    detectPhones(text, out, (options.defaultCountry ?? DEFAULT_PHONE_COUNTRY) as CountryCode);
  }
  // Not only on text with a digit: a street named without a house number ("Scotiabank\nHigh
  // Street\nSt. John's") is an address too; the rules that need a digit test for one themselves.
  for (const a of detectAddresses(text)) out.push(a);
  for (const e of detectEntities(text)) out.push(e);
  mergeAddresses(text, out);
  releasePhones(text, out);
  const kept = dropInsideAddresses(out).filter((e) => !isCueBeforeId(e, out, text));
  const wanted = options.types ? new Set(options.types) : undefined;
  const filtered = wanted ? kept.filter((e) => wanted.has(e.type)) : kept;
  return resolveOverlaps(filtered, (e) => TYPE_RANK[e.type]);
}
