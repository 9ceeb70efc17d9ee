/**
 * Synthetic phone numbers for measuring phone recall without touching pii/dev.jsonl: faker's phone
 * formats of many locales, libphonenumber-js example mobile and fixed-line numbers in national and
 * international form, and common hand-written US shapes (dots, parentheses, "x123" extensions,
 * 001 / +1 prefixes, no separators), dropped into sentences with and without a cue word. Negatives
 * are numbers that are not phones (order ids, amounts, dates, times, versions, postcodes).
 */
import * as fk from '@faker-js/faker';
import { type CountryCode, getCountries, getExampleNumber } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import { mulberry32 } from '../../src/util/prng.js';

export interface PhoneCase {
  text: string;
  start: number;
  end: number;
}

const LOCALES = [
  'en_US',
  'en_GB',
  'en_AU',
  'en_CA',
  'en_IN',
  'en_IE',
  'en_ZA',
  'en_NG',
  'de',
  'de_AT',
  'de_CH',
  'fr',
  'fr_BE',
  'fr_CH',
  'it',
  'es',
  'es_MX',
  'pt_BR',
  'pt_PT',
  'nl',
  'nl_BE',
  'da',
  'sv',
  'nb_NO',
  'fi',
  'pl',
  'cs_CZ',
  'sk',
  'hu',
  'ro',
  'hr',
  'tr',
  'id_ID',
  'vi',
  'ko',
  'ja',
  'zh_CN',
  'ru',
  'uk',
  'he',
  'ar',
  'fa',
  'th',
  'el',
  'lv',
] as const;

const WITH_CUE = [
  'Call me at {}.',
  'My phone number is {}',
  'You can reach the office on {} during business hours.',
  'Mobile: {}',
  'tel. {}',
  'Please contact {} for more details.',
];
const NO_CUE = [
  '{}',
  'It is {} if you need me.',
  'Text {} when you arrive',
  'Try {} or email me.',
  'John Smith, {}, 12 Main Street',
  'I am on {} tomorrow.',
];

const NEGATIVES = [
  'Order 2023-11-05 shipped.',
  'The meeting is at 10:30-11:45 today.',
  'Version 1.2.3.4 is out.',
  'Total: 1,234,567.89 USD',
  'Invoice no. 20231105 was paid.',
  'Build 4.18.0-1021 failed on node 20.18.1.',
  'Population grew from 1200000 to 1350000.',
  'ISBN 978-3-16-148410-0 is the book.',
  'Ticket #48213 was closed on 12/05/2023.',
  'The range 100-200-300 is fine.',
  'Scores were 12 14 15 18 21 over the week.',
  'Coordinates 40.7128, -74.0060 mark the spot.',
  'The file is 2048 x 1536 pixels.',
  'Postcode 10115 Berlin, year 1999.',
  'Timestamp 1700000000 in seconds.',
  'We raised 25 000 000 EUR in 2021.',
];

function digits(rnd: () => number, n: number, first = '0123456789'): string {
  let s = first[Math.floor(rnd() * first.length)]!;
  for (let i = 1; i < n; i++) s += String(Math.floor(rnd() * 10));
  return s;
}

/** The US shapes of common fake-data generators: random digits, often not a valid NANP number. */
function usShape(rnd: () => number): string {
  const a = digits(rnd, 3, '23456789');
  const b = digits(rnd, 3, '23456789');
  const c = digits(rnd, 4);
  const ext = rnd() < 0.3 ? `x${digits(rnd, 3 + Math.floor(rnd() * 3))}` : '';
  const shapes = [
    `${a}${b}${c}`,
    `${a}-${b}-${c}${ext}`,
    `(${a})${b}-${c}${ext}`,
    `(${a}) ${b}-${c}`,
    `${a}.${b}.${c}${ext}`,
    `+1-${a}-${b}-${c}${ext}`,
    `001-${a}-${b}-${c}${ext}`,
    `1-${a}-${b}-${c}`,
    `+1 ${a} ${b} ${c}`,
    `${a} ${b} ${c}`,
  ];
  return shapes[Math.floor(rnd() * shapes.length)]!;
}

interface LocaleFaker {
  seed(s: number): void;
  phone: { number(o?: { style: 'human' | 'national' | 'international' }): string };
}

export function phoneCases(n: number, seed = 7): { positives: PhoneCase[]; negatives: string[] } {
  const rnd = mulberry32(seed);
  const all = fk as unknown as Record<string, LocaleFaker | undefined>;
  const fakers = LOCALES.flatMap((l) => {
    const f = all[`faker${l.toUpperCase()}`];
    return f ? [f] : [];
  });
  for (const [i, f] of fakers.entries()) f.seed(seed + i);
  const countries = getCountries();
  const positives: PhoneCase[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 3;
    let phone: string;
    if (kind === 0) {
      const f = fakers[Math.floor(rnd() * fakers.length)]!;
      phone = f.phone.number({ style: rnd() < 0.5 ? 'human' : 'national' });
    } else if (kind === 1) {
      const c = countries[Math.floor(rnd() * countries.length)] as CountryCode;
      const ex = getExampleNumber(c, examples);
      if (!ex) continue;
      phone = rnd() < 0.5 ? ex.formatNational() : ex.formatInternational();
    } else phone = usShape(rnd);
    const tpl = (rnd() < 0.5 ? WITH_CUE : NO_CUE)[Math.floor(rnd() * 6)]!;
    const at = tpl.indexOf('{}');
    positives.push({ text: tpl.replace('{}', phone), start: at, end: at + phone.length });
  }
  return { positives, negatives: NEGATIVES };
}
