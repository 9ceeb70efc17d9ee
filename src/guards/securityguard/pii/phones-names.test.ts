import { describe, expect, it } from 'vitest';
import { detectPii, resolveOverlaps } from './index.js';

/** Own examples: phone shapes and name passes added after the out-of-source PII evaluation. */
const of = (text: string, type: string): string[] =>
  detectPii(text)
    .filter((e) => e.type === type)
    .map((e) => e.value);

describe('phone numbers in more shapes', () => {
  it.each([
    ['Please contact 0261-23-4715 for details.', '0261-23-4715'],
    ['Mobile: 0487/813 371', '0487/813 371'],
    ['Our London desk: 44 20 7946 0958.', '44 20 7946 0958'],
    ['It is 8879673373 if you need me.', '8879673373'],
    ['tel. 1-357-742-4343 x8735', '1-357-742-4343 x8735'],
    ['Ring me on 01 42 68 53 00 tonight.', '01 42 68 53 00'],
    ['Call 12 14 15 18 21 from the lobby.', '12 14 15 18 21'],
  ])('finds %s', (text, phone) => {
    expect(of(text, 'PHONE')).toEqual([phone]);
  });

  it('keeps a phone number that an address span ran into, on either side', () => {
    const a = 'John Smith, 555 765 1253, 12 Main Street';
    expect(of(a, 'PHONE')).toEqual(['555 765 1253']);
    expect(of(a, 'ADDRESS')).toEqual(['12 Main Street']);
    const b = 'I live at 5 Main St and 704-074-4125 is mine';
    expect(of(b, 'PHONE')).toEqual(['704-074-4125']);
    expect(of(b, 'ADDRESS').join()).not.toContain('704');
  });

  it('reads a North American number written with spaces as one, not as a number of another region', () => {
    const [phone] = detectPii('My number is 555 123 4567.').filter((e) => e.type === 'PHONE');
    expect(phone?.value).toBe('555 123 4567');
    expect(phone?.detail).toBeUndefined();
  });

  it('a phone extension is never a person name', () => {
    expect(of('tel. 1-357-742-4343 x8735', 'PERSON')).toEqual([]);
  });

  it.each([
    'The meeting is on 2023/11/05.',
    'Order 2023-11-05 shipped',
    'Invoice 1234567 paid',
    'We raised 25 000 000 EUR in 2021.',
    'Scores were 12 14 15 18 21 this week.',
    'The values are 10 20 30 40 50 in order.',
  ])('leaves dates and short ids alone: %s', (text) => {
    expect(of(text, 'PHONE')).toEqual([]);
  });

  it.each([
    'The town grew from 3 402 000 to 4 120 000 people.',
    'Shipment tracking code 4Z 812 BB3 02 3456 7895 is late.',
    'Invoice nr. 2022 5512 37 was paid twice.',
    'Build 3301 5566 92 broke the nightly tests.',
    'Reference 6621 3390 55 must appear on the transfer.',
  ])('a number labelled as something else is no phone: %s', (text) => {
    expect(of(text, 'PHONE')).toEqual([]);
  });

  it.each([
    ['For orders call 0803 765 4321.', '0803 765 4321'],
    ['Invoice questions: phone 020 7946 0123.', '020 7946 0123'],
    ['Account manager: +44 20 7946 0321.', '+44 20 7946 0321'],
    ['Order desk hotline 0800 765 4321.', '0800 765 4321'],
  ])('a word that says phone, or a calling code, keeps it a phone: %s', (text, phone) => {
    expect(of(text, 'PHONE')).toEqual([phone]);
  });
});

describe('second passes over person names', () => {
  it('a surname found once is a name at its later mentions too', () => {
    expect(of('Anil Mehta spoke first. Later Mehta said no.', 'PERSON')).toEqual(['Anil Mehta', 'Mehta']);
  });

  it('a given name found once is not a name where a place goes', () => {
    expect(of('Paris Hilton spotted in Paris this week', 'PERSON')).toEqual(['Paris Hilton']);
    expect(of('Paris Hilton spoke first. Later Paris said no.', 'PERSON')).toEqual(['Paris Hilton', 'Paris']);
  });

  it.each([
    ['i talked to maria garcia yesterday', 'maria garcia'],
    ['MARIA GARCIA signed the form', 'MARIA GARCIA'],
  ])('finds a listed name written in one case: %s', (text, name) => {
    expect(of(text, 'PERSON')).toContain(name);
  });

  it('does not turn ordinary lower-case words into names', () => {
    expect(of('we will may go to the park and see', 'PERSON')).toEqual([]);
  });
});

describe('resolveOverlaps', () => {
  it('keeps the strongest of overlapping spans and returns them sorted by start', () => {
    const s = (start: number, end: number, score: number) => ({ start, end, score, type: 'X' });
    const kept = resolveOverlaps([
      s(10, 20, 0.5),
      s(0, 5, 0.9),
      s(4, 12, 0.8),
      s(12, 30, 0.6),
      s(30, 31, 0.1),
    ]);
    expect(kept.map((k) => [k.start, k.end])).toEqual([
      [0, 5],
      [12, 30],
      [30, 31],
    ]);
  });
});

describe('name boundaries in posts', () => {
  it.each([
    ['It looks like Taylor Swift may not be able to come', 'Taylor Swift'],
    ['so much love in the person of Jesus Christ', 'Jesus Christ'],
    ['finally watched Mireille Okonkwo live last night', 'Mireille Okonkwo'],
  ])('a given name and surname side by side are one name: %s', (text, name) => {
    expect(of(text, 'PERSON')).toEqual([name]);
  });
});

describe('names of many countries written in lower case', () => {
  it.each([
    ['Anyone seen jarmila novakova lately?', 'jarmila novakova'],
    ['We miss you agnieszka', 'agnieszka'],
  ])(
    'finds %s (the name lists hold the given and family names of every Latin-script locale)',
    (text, name) => {
      expect(of(text, 'PERSON')).toEqual([name]);
    },
  );
});
