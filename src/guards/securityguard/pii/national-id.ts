/**
 * National identity and tax numbers of many countries (Aadhaar, CPF, SIN, BSN, PESEL, NIR, DNI,
 * codice fiscale, NINO, ...). Each is checked by its own checksum or format with stdnum (the
 * python-stdnum rules ported to TypeScript), so a number is reported only when it is valid for the
 * kind its cue names. Most kinds are plain runs of digits, like order numbers and phone numbers, so
 * they need their cue word before them ("CPF: 390.533.447-05", "my BSN is 111222333"); a few
 * shapes are distinctive enough to stand alone (a UK National Insurance number, a punctuated CPF,
 * an Italian codice fiscale, a Spanish DNI or NIE).
 *
 * The kinds load one module each (not the whole library, which takes ~170 ms to load).
 */

import { validate as tfn } from 'stdnum/lib/cjs/au/tfn.js';
import { validate as beNn } from 'stdnum/lib/cjs/be/nn.js';
import { validate as cpf } from 'stdnum/lib/cjs/br/cpf.js';
import { validate as sin } from 'stdnum/lib/cjs/ca/sin.js';
import { validate as rut } from 'stdnum/lib/cjs/cl/rut.js';
import { validate as ric } from 'stdnum/lib/cjs/cn/ric.js';
import { validate as deIdnr } from 'stdnum/lib/cjs/de/idnr.js';
import { validate as cpr } from 'stdnum/lib/cjs/dk/cpr.js';
import { validate as dni } from 'stdnum/lib/cjs/es/dni.js';
import { validate as nie } from 'stdnum/lib/cjs/es/nie.js';
import { validate as hetu } from 'stdnum/lib/cjs/fi/hetu.js';
import { validate as nir } from 'stdnum/lib/cjs/fr/nir.js';
import { validate as nino } from 'stdnum/lib/cjs/gb/nino.js';
import { validate as pps } from 'stdnum/lib/cjs/ie/pps.js';
import { validate as aadhaar } from 'stdnum/lib/cjs/in/aadhaar.js';
import { validate as inPan } from 'stdnum/lib/cjs/in/pan.js';
import { validate as codiceFiscale } from 'stdnum/lib/cjs/it/codicefiscale.js';
import { validate as rrn } from 'stdnum/lib/cjs/kr/rrn.js';
import { validate as curp } from 'stdnum/lib/cjs/mx/curp.js';
import { validate as bsn } from 'stdnum/lib/cjs/nl/bsn.js';
import { validate as fodselsnummer } from 'stdnum/lib/cjs/no/fodselsnummer.js';
import { validate as pesel } from 'stdnum/lib/cjs/pl/pesel.js';
import { validate as personnummer } from 'stdnum/lib/cjs/se/personnummer.js';
import { validate as tckimlik } from 'stdnum/lib/cjs/tr/tckimlik.js';
import { validate as zaIdnr } from 'stdnum/lib/cjs/za/idnr.js';
import type { PiiEntity } from './types.js';

type Validate = (value: string) => { isValid: boolean };

interface IdKind {
  /** Country code and the number's short name, reported as the finding's detail ("BR.cpf"). */
  id: string;
  validate: Validate;
}

const kind = (id: string, validate: Validate): IdKind => ({ id, validate });

/**
 * A UK NHS number: ten digits, the last a mod-11 check over the first nine weighted 10 down to 2
 * (a check of 10 is never issued). stdnum has no NHS module.
 */
function nhs(value: string): { isValid: boolean } {
  const digits = value.replace(/[ -]/g, '');
  if (!/^\d{10}$/.test(digits)) return { isValid: false };
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return { isValid: check !== 10 && check === Number(digits[9]) };
}
const CPF = kind('BR.cpf', cpf);
const NINO = kind('GB.nino', nino);
const DNI = kind('ES.dni', dni);
const NIE = kind('ES.nie', nie);
const CODICE_FISCALE = kind('IT.codicefiscale', codiceFiscale);

/** Each kind with the cue words (lower case, as matched) that announce it. */
const KINDS: readonly (readonly [IdKind, readonly string[]])[] = [
  [kind('IN.aadhaar', aadhaar), ['aadhaar', 'aadhar']],
  [kind('IN.pan', inPan), ['pan']],
  [CPF, ['cpf']],
  [kind('CA.sin', sin), ['sin', 'social insurance number']],
  [kind('NL.bsn', bsn), ['bsn', 'burgerservicenummer']],
  [kind('PL.pesel', pesel), ['pesel']],
  [kind('FR.nir', nir), ['nir', 'insee', 'sécurité sociale', 'securite sociale']],
  [kind('DE.idnr', deIdnr), ['steuer-id', 'steuer-identifikationsnummer', 'steueridentifikationsnummer']],
  [kind('SE.personnummer', personnummer), ['personnummer']],
  [kind('NO.fodselsnummer', fodselsnummer), ['fødselsnummer', 'fodselsnummer']],
  [kind('FI.hetu', hetu), ['henkilötunnus', 'hetu']],
  [kind('DK.cpr', cpr), ['cpr', 'cpr-nummer']],
  [NINO, ['nino', 'national insurance']],
  [DNI, ['dni', 'nif']],
  [NIE, ['nie', 'nif']],
  [CODICE_FISCALE, ['codice fiscale']],
  [kind('AU.tfn', tfn), ['tfn', 'tax file number']],
  [kind('KR.rrn', rrn), ['rrn', 'resident registration number']],
  [kind('MX.curp', curp), ['curp']],
  [kind('CL.rut', rut), ['rut', 'run']],
  [kind('IE.pps', pps), ['pps', 'ppsn']],
  [kind('TR.tckimlik', tckimlik), ['tc kimlik', 'kimlik', 'tckn']],
  [kind('CN.ric', ric), ['resident identity card']],
  [kind('GB.nhs', nhs), ['nhs', 'nhs number']],
  [kind('ZA.idnr', zaIdnr), ['sa id', 'south african id', 'rsa id']],
  [
    kind('BE.nn', beNn),
    ['rijksregisternummer', 'numéro national', 'numero national', 'national register number'],
  ],
];

/** Cue words and the kinds of number they announce ("nif" both a DNI and an NIE). */
const CUED: ReadonlyMap<string, readonly IdKind[]> = (() => {
  const map = new Map<string, IdKind[]>();
  for (const [k, cues] of KINDS) for (const cue of cues) map.set(cue, [...(map.get(cue) ?? []), k]);
  return map;
})();

/** A cue as a pattern: regex characters escaped (a hyphen is literal outside a class), spaces flexible. */
const escapeRe = (s: string): string =>
  s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(' ', '[ \\t]{1,2}');
/**
 * A cue word, its optional "no." / "number" / "#", a colon or "is", then the number: up to six
 * groups of up to 18 letters and digits (a Chinese resident ID is 18, a South African ID 13)
 * joined by one space, dot, hyphen or slash (tried longest first).
 */
const CUE_RE = new RegExp(
  `(?<![\\p{L}\\d])(${[...CUED.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join(
      '|',
    )})(?![\\p{L}])(?:[ \\t]{0,3}(?:no\\.?|nr\\.?|number|num\\.?|#|card))?[ \\t]{0,3}(?:is|:|#|=|-)?[ \\t]{0,3}((?:[A-Za-z0-9]{1,18}[ ./-]){0,5}[A-Za-z0-9]{1,18})`,
  'giu',
);

/** Numbers distinctive enough to stand without a cue, each with the kind that validates it. */
const FREE: readonly (readonly [RegExp, IdKind])[] = [
  // UK National Insurance: two letters (not D F I Q U V, O second), six digits, A-D.
  [/(?<![\p{L}\d])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\p{L}\d])/gu, NINO],
  [/(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d-])/g, CPF],
  [/(?<![\p{L}\d])[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z](?![\p{L}\d])/gu, CODICE_FISCALE],
  [/(?<![\p{L}\d-])\d{8}-?[A-HJ-NP-TV-Z](?![\p{L}\d])/gu, DNI],
  [/(?<![\p{L}\d])[XYZ]-?\d{7}-?[A-HJ-NP-TV-Z](?![\p{L}\d])/gu, NIE],
];

const push = (out: PiiEntity[], text: string, start: number, end: number, score: number, id: string) =>
  out.push({ type: 'NATIONAL_ID', value: text.slice(start, end), start, end, score, detail: id });

/**
 * Whether `entity` is a cue word read as a name right before a national ID ("NIE X1234567L",
 * "Nino: AB123456C"): a label, not a person.
 */
export function isCueBeforeId(entity: PiiEntity, all: readonly PiiEntity[], text: string): boolean {
  if (entity.type !== 'PERSON' || !CUED.has(entity.value.toLowerCase())) return false;
  return all.some(
    (e) =>
      e.type === 'NATIONAL_ID' &&
      e.start >= entity.end &&
      /^[ \t:#]{0,4}$/.test(text.slice(entity.end, e.start)),
  );
}

/** Every regular expression of this file, for the ReDoS test. */
export const NATIONAL_ID_PATTERNS: readonly RegExp[] = [CUE_RE, ...FREE.map(([re]) => re)];

/** National identity numbers in `text`, each valid for its kind. */
export function detectNationalIds(text: string, out: PiiEntity[]): void {
  const found = new Set<number>();
  for (const m of text.matchAll(CUE_RE)) {
    const kinds = CUED.get((m[1] ?? '').toLowerCase().replace(/\s+/g, ' '));
    const value = m[2] ?? '';
    if (!kinds || !/\d/.test(value)) continue;
    const start = (m.index ?? 0) + m[0].length - value.length;
    const match = longestValid(value, kinds);
    if (!match) continue;
    found.add(start);
    // Above a phone reading of the same digits: the cue says what they are.
    push(out, text, start, start + match.length, 0.97, match.id);
  }
  for (const [re, k] of FREE) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      if (found.has(start) || !k.validate(m[0]).isValid) continue;
      push(out, text, start, start + m[0].length, 0.8, k.id);
    }
  }
}

const SEPARATOR = /[ ./-]/g;

/** The longest prefix of whole groups of `value` that one of `kinds` accepts, with that kind's id. */
function longestValid(value: string, kinds: readonly IdKind[]): { length: number; id: string } | null {
  const ends: number[] = [value.length];
  for (const m of value.matchAll(SEPARATOR)) ends.push(m.index ?? 0);
  ends.sort((a, b) => b - a);
  for (const end of ends) {
    const candidate = value.slice(0, end);
    for (const k of kinds) if (k.validate(candidate).isValid) return { length: end, id: k.id };
  }
  return null;
}
