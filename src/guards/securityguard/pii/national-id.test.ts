import { describe, expect, it } from 'vitest';
import { detectPii } from './detect.js';

/** The national IDs found in `text`, as "kind:value". */
const ids = (text: string): string[] =>
  detectPii(text)
    .filter((e) => e.type === 'NATIONAL_ID')
    .map((e) => `${e.detail}:${e.value}`);

// Own examples (2026-12-05): the numbers are the checksum-valid specimens each scheme documents.
describe('national identity numbers', () => {
  it.each([
    ['My CPF is 390.533.447-05, please update the record.', 'BR.cpf:390.533.447-05'],
    ['Aadhaar number: 2345 6789 0124', 'IN.aadhaar:2345 6789 0124'],
    ['My BSN is 111222333 and my address changed.', 'NL.bsn:111222333'],
    ['PESEL 44051401359', 'PL.pesel:44051401359'],
    ['Social insurance number: 046 454 286', 'CA.sin:046 454 286'],
    ['His National Insurance number is AB 12 34 56 C.', 'GB.nino:AB 12 34 56 C'],
    ['NIE X1234567L', 'ES.nie:X1234567L'],
    ['Codice fiscale: RSSMRA85T10A562S', 'IT.codicefiscale:RSSMRA85T10A562S'],
    ['Steuer-ID 36574261809', 'DE.idnr:36574261809'],
    ['Personnummer 811228-9874', 'SE.personnummer:811228-9874'],
    ['CPR-nummer 070761-4285', 'DK.cpr:070761-4285'],
    ['TFN 123 456 782', 'AU.tfn:123 456 782'],
    ['PAN card: ABCPE1234F', 'IN.pan:ABCPE1234F'],
    // 2026-12-07: the NHS number, a South African and a Belgian ID.
    ['Her NHS number is 943 476 5919 and her date of birth is 03/04/1980', 'GB.nhs:943 476 5919'],
    ['SA ID number: 8001015009087', 'ZA.idnr:8001015009087'],
    ['Rijksregisternummer 85.07.30-033.28', 'BE.nn:85.07.30-033.28'],
    ['Resident identity card 11010519491231002X', 'CN.ric:11010519491231002X'],
  ])('finds the number its cue names: %s', (text, expected) => {
    expect(ids(text)).toEqual([expected]);
  });

  it('finds distinctive shapes without a cue, when their check passes', () => {
    expect(ids('Please send RSSMRA85T10A562S to the office.')).toEqual(['IT.codicefiscale:RSSMRA85T10A562S']);
    expect(ids('The reference is 390.533.447-05.')).toEqual(['BR.cpf:390.533.447-05']);
    expect(ids('Write to QQ 12 34 56 C or AB123456C.')).toEqual(['GB.nino:AB123456C']);
    // The same shapes with a wrong check character are no IDs.
    expect(ids('The reference is 390.533.447-06.')).toEqual([]);
    expect(ids('Please send RSSMRA85T10A562X to the office.')).toEqual([]);
  });

  it('needs a valid number after the cue, so cue-like words and other numbers pass', () => {
    for (const text of [
      'RFC 2616 defines HTTP/1.1.',
      'He was in a state of sin 12 times.',
      'CPR 1234 is the code.',
      'Invoice 44051401359 is overdue.',
      'My BSN is 111222334.',
    ])
      expect(ids(text), text).toEqual([]);
  });

  it('reads the cue as a label, not a name, and redacts only the number', () => {
    const found = detectPii('NIE X1234567L');
    expect(found.map((e) => e.type)).toEqual(['NATIONAL_ID']);
    // A cued number beats a phone reading of the same digits.
    expect(detectPii('SIN: 046 454 286').map((e) => e.type)).toEqual(['NATIONAL_ID']);
  });
});
