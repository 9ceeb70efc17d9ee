import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';

/** Luhn checksum over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Card brand by issuer prefix and length; undefined when no known brand fits. */
export function cardBrand(digits: string): string | undefined {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || p2 === 65 || (p6 >= 644000 && p6 <= 649999)) && n >= 16) return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16) return 'jcb';
  if ((p2 === 36 || p2 === 38 || (p4 >= 3000 && p4 <= 3059)) && n >= 14) return 'diners';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 12) return 'maestro';
  if (p2 === 62 && n >= 16) return 'unionpay';
  return undefined;
}

/** IBAN lengths per country (ISO 13616 registry). */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** IBAN check: known country, its length, and the ISO 7064 mod-97 remainder of 1. */
/**
 * The length, within `written` (an IBAN written with or without single spaces, possibly followed by
 * more words: "DE89 3704 0044 0532 0130 00 by Friday"), of the valid IBAN it opens; 0 when none.
 * The IBAN ends where its country's length is reached, at the end of a group.
 */
export function ibanPrefixLength(written: string): number {
  const len = IBAN_LENGTHS[written.slice(0, 2).toUpperCase()];
  if (len === undefined) return 0;
  let count = 0;
  for (let i = 0; i < written.length; i++) {
    if (written[i] === ' ') continue;
    count++;
    if (count === len) {
      const end = i + 1;
      if (end < written.length && written[end] !== ' ') return 0;
      return ibanValid(written.slice(0, end).replace(/ /g, '')) ? end : 0;
    }
  }
  return 0;
}

export function ibanValid(compact: string): boolean {
  const iban = compact.toUpperCase();
  const len = IBAN_LENGTHS[iban.slice(0, 2)];
  if (len === undefined || iban.length !== len) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 ? code - 55 : code - 48;
    if (v < 0 || v > 35) return false;
    rem = v > 9 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}

/** US SSN validity: area not 000/666/9xx, group not 00, serial not 0000. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

export function ipv4Valid(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  return parts.every(
    (p) => p.length > 0 && p.length <= 3 && Number(p) <= 255 && !(p.length > 1 && p[0] === '0'),
  );
}

export const ipv6Valid = (s: string): boolean => isIPv6(s);

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Base58Check (legacy and P2SH Bitcoin addresses): the last 4 bytes are a double SHA-256. */
export function base58CheckValid(s: string): boolean {
  const bytes: number[] = [0];
  for (const ch of s) {
    let carry = B58.indexOf(ch);
    if (carry < 0) return false;
    for (let i = 0; i < bytes.length; i++) {
      carry += (bytes[i] ?? 0) * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (let i = 0; i < s.length && s[i] === '1'; i++) bytes.push(0);
  const buf = Buffer.from(bytes.reverse());
  if (buf.length < 5) return false;
  const body = buf.subarray(0, buf.length - 4);
  const check = createHash('sha256').update(createHash('sha256').update(body).digest()).digest();
  return check.subarray(0, 4).equals(buf.subarray(buf.length - 4));
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** Bech32/Bech32m checksum for `bc1...` segwit addresses. */
export function bech32Valid(s: string): boolean {
  const lower = s.toLowerCase();
  const pos = lower.lastIndexOf('1');
  if (pos < 1 || pos + 7 > lower.length) return false;
  const hrp = lower.slice(0, pos);
  const data: number[] = [];
  for (const ch of lower.slice(pos + 1)) {
    const v = BECH32.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  const values = [
    ...[...hrp].map((c) => c.charCodeAt(0) >> 5),
    0,
    ...[...hrp].map((c) => c.charCodeAt(0) & 31),
    ...data,
  ];
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i] ?? 0;
  }
  return chk === 1 || chk === 0x2bc830a3;
}
