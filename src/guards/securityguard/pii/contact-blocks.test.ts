import { describe, expect, it } from 'vitest';
import { detectPii } from './index.js';

/**
 * Own examples (written for this file, not taken from any data set): contact blocks where an
 * address is followed by phone lines, names written without cue words, and a name or address next
 * to a unit word.
 */
const of = (text: string, type: string): string[] =>
  detectPii(text)
    .filter((e) => e.type === type)
    .map((e) => e.value);

describe('an address block followed by phone lines', () => {
  it.each([
    [
      'Germany',
      'Greta Vogel\n\nLindenweg 17\n24103 Kiel\nGermany\n0431 3587 220 office\n0151 2345 6789 mobile',
      'Lindenweg 17',
      '0431 3587 220',
    ],
    [
      'United Kingdom',
      'Tom Hughes\n14 Mill Lane\nYork YO1 7HU\n01904 552 341 office',
      '14 Mill Lane',
      '01904 552 341',
    ],
    [
      'France',
      'Claire Morel\n8 rue des Lilas\n69003 Lyon\n04 72 11 35 60 bureau',
      '8 rue des Lilas',
      '04 72 11 35 60',
    ],
    [
      'Italy',
      'Marco Bellini\nVia Garibaldi 21\n10122 Torino\n011 562 3391 ufficio',
      'Via Garibaldi 21',
      '011 562 3391',
    ],
    [
      'Netherlands',
      'Sanne de Wit\nKerkstraat 45\n3511 LX Utrecht\n030 231 4455 kantoor',
      'Kerkstraat 45',
      '030 231 4455',
    ],
  ])('%s: the address stops before the phone, and the phone is kept', (_country, text, street, phone) => {
    const addresses = of(text, 'ADDRESS');
    expect(addresses.some((a) => a.includes(street))).toBe(true);
    expect(addresses.join('|')).not.toContain(phone);
    expect(of(text, 'PHONE')).toContain(phone);
  });

  it('an address on one line ends before the label of the phone that follows it', () => {
    expect(
      of('Ich bin Jonas Becker aus der Hauptstraße 5, 10115 Berlin, Telefon 030 1234567.', 'ADDRESS'),
    ).toEqual(['Hauptstraße 5, 10115 Berlin']);
    expect(of('Escríbeme a Calle Mayor 12, 28013 Madrid, teléfono 612 345 678', 'ADDRESS')).toEqual([
      'Calle Mayor 12, 28013 Madrid',
    ]);
  });

  it('a label left between two phone lines is not an address', () => {
    const text = 'Ana Ruiz\nCalle Mayor 12\n28013 Madrid\n915 320 114 office\n612 345 678 fax';
    expect(of(text, 'ADDRESS').every((a) => /\d/.test(a))).toBe(true);
  });
});

// Fresh probe p33c (2026-12-06): the Turkish street and its "No:" were read as two persons.
describe('a street with its number after "No" or "Nr"', () => {
  it.each([
    ['Teslimat: Bağdat Caddesi No:120, Kadıköy, İstanbul', 'Bağdat Caddesi No:120, Kadıköy, İstanbul'],
    ['Adres: Atatürk Bulvarı No: 45/3, Çankaya, Ankara', 'Atatürk Bulvarı No: 45/3, Çankaya, Ankara'],
    ['Lieferanschrift: Berliner Straße Nr. 5, 10713 Berlin', 'Berliner Straße Nr. 5, 10713 Berlin'],
  ])('%s', (text, address) => {
    expect(of(text, 'ADDRESS')).toEqual([address]);
    expect(of(text, 'PERSON')).toEqual([]);
  });
});

describe('names and unit words', () => {
  it('a name does not run into the unit of an address written on the same line', () => {
    const text = 'Mrs. Ingrid Solberg Apt. 12 Storgata 5, 0155 Oslo';
    expect(of(text, 'PERSON')).toContain('Ingrid Solberg');
    expect(of(text, 'ADDRESS').join('|')).toContain('Storgata 5');
  });

  it('a name after "to" is a person, not an address', () => {
    const text = 'Please change the name on my card to Mr. Tomasz Wierzbicki.';
    expect(of(text, 'ADDRESS')).toEqual([]);
    expect(of(text, 'PERSON').join('|')).toContain('Tomasz Wierzbicki');
  });
});

describe('names without cue words, from several countries', () => {
  it.each([
    ['Bogdan Wiśniewski fixed the printer again.', 'Bogdan Wiśniewski'],
    ['Aigerim Nurlanovna sent the draft back this morning.', 'Aigerim Nurlanovna'],
    ['We had lunch with Thandiwe Nkosi and her team.', 'Thandiwe Nkosi'],
    ['Both Matías Herrera and Lucía Paredes voted yes.', 'Lucía Paredes'],
    ['Yesterday Hiroshi Tanaka presented the budget.', 'Hiroshi Tanaka'],
  ])('%s', (text, name) => {
    expect(of(text, 'PERSON')).toContain(name);
  });
});

describe('six-digit phone numbers', () => {
  it('are found in groups beside a cue word', () => {
    expect(of('Tórshavn office: call 31 45 67 any weekday.', 'PHONE')).toEqual(['31 45 67']);
  });

  it('are not phones without a cue word or without groups', () => {
    expect(of('The total was 31 45 67 across the three stores.', 'PHONE')).toEqual([]);
    expect(of('Call about ticket 314567 tomorrow.', 'PHONE')).toEqual([]);
  });
});
