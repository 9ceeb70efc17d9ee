import { describe, expect, it } from 'vitest';
import { detectPii, piiDetector } from './index.js';
import { base58CheckValid, bech32Valid, ibanValid, luhnValid, ssnValid } from './validators.js';

const types = (text: string) => detectPii(text).map((e) => e.type);
const ctx = { mode: 'input' as const, canaries: [] };

describe('PII validators', () => {
  it('checks Luhn, IBAN mod-97, SSN ranges and Bitcoin checksums', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB82WEST12345698765433')).toBe(false);
    expect(ibanValid('GB82WEST1234569876543')).toBe(false);
    expect(ssnValid('123', '45', '6789')).toBe(true);
    for (const [a, g, s] of [
      ['000', '12', '3456'],
      ['666', '12', '3456'],
      ['912', '12', '3456'],
      ['123', '00', '3456'],
      ['123', '45', '0000'],
    ] as const)
      expect(ssnValid(a, g, s)).toBe(false);
    expect(base58CheckValid('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).toBe(true);
    expect(base58CheckValid('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb')).toBe(false);
    expect(bech32Valid('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toBe(true);
    expect(bech32Valid('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5')).toBe(false);
  });
});

describe('detectPii', () => {
  it('finds emails, cards with separators, IBANs and SSNs with exact spans', () => {
    const text =
      'Mail ana.perez@example.org, card 4111-1111-1111-1111, IBAN GB82 WEST 1234 5698 7654 32, SSN 123-45-6789.';
    const found = detectPii(text);
    for (const e of found) expect(text.slice(e.start, e.end)).toBe(e.value);
    expect(found.map((e) => e.type)).toEqual(['EMAIL', 'CREDIT_CARD', 'IBAN', 'US_SSN']);
    expect(found[1]?.detail).toBe('visa');
  });

  it('finds an IBAN followed by more words, ending at its country length', () => {
    const text =
      'Please wire it to DE89 3704 0044 0532 0130 00 by Friday, and GB82 WEST 1234 5698 7654 32 too.';
    const ibans = detectPii(text).filter((e) => e.type === 'IBAN');
    expect(ibans.map((e) => e.value)).toEqual(['DE89 3704 0044 0532 0130 00', 'GB82 WEST 1234 5698 7654 32']);
    expect(types('DE89 3704 0044 0532 0130 0012 is not one')).not.toContain('IBAN');
    const two = detectPii('IBANs DE89 3704 0044 0532 0130 00 GB82 WEST 1234 5698 7654 32');
    expect(two.filter((e) => e.type === 'IBAN').map((e) => e.value)).toEqual([
      'DE89 3704 0044 0532 0130 00',
      'GB82 WEST 1234 5698 7654 32',
    ]);
  });

  it('rejects numbers that fail their checks', () => {
    expect(types('order 4111 1111 1111 1112 shipped')).not.toContain('CREDIT_CARD');
    expect(types('ref 666-12-3456 and 123-00-4567')).not.toContain('US_SSN');
    expect(types('IBAN GB82WEST12345698765433')).not.toContain('IBAN');
  });

  it('needs a cue word for SSNs without dashes', () => {
    expect(types('my social security number is 123456789')).toContain('US_SSN');
    expect(types('invoice 123456789 is due')).not.toContain('US_SSN');
  });

  it('finds international and local phone numbers, not dates or versions', () => {
    expect(types('Call me at +44 20 7946 0958 tomorrow')).toContain('PHONE');
    expect(types('office phone (415) 555-2671 ext 12')).toContain('PHONE');
    expect(types('Released 2021-03-04 10:15:00 as version 2.3.1')).not.toContain('PHONE');
  });

  it('reads national phone numbers with the configured default country', () => {
    const phone = (text: string, defaultCountry?: string) =>
      detectPii(text, defaultCountry ? { defaultCountry } : {}).find((e) => e.type === 'PHONE');
    expect(phone('Ruf mich an: 030 901820', 'DE')?.detail).toBe('DE');
    // Without it, a number with a trunk 0 is tried in the likely regions.
    expect(phone('Ruf mich an: 030 901820')?.value).toBe('030 901820');
    expect(detectPii('the total was 1234567 units')).toEqual([]);
  });

  it('validates IP addresses and finds MAC addresses', () => {
    expect(types('server 10.20.30.40 and fe80::1ff:fe23:4567:890a')).toEqual(['IP_ADDRESS', 'IP_ADDRESS']);
    expect(types('not an ip: 999.1.1.1')).not.toContain('IP_ADDRESS');
    expect(types('nic 00:1A:2b:3C:4d:5E')).toContain('MAC_ADDRESS');
  });

  it('finds dates of birth only with a cue', () => {
    expect(types('I was born on 04/07/1988 in Lyon')).toContain('DATE_OF_BIRTH');
    expect(types('The meeting is on 04/07/2025')).not.toContain('DATE_OF_BIRTH');
  });

  it('finds street addresses with unit and city', () => {
    const text = 'Ship it to 742 Evergreen Terrace, Apt 3, Springfield, IL 62704 please.';
    const addr = detectPii(text).find((e) => e.type === 'ADDRESS');
    expect(addr?.value).toContain('742 Evergreen Terrace');
    expect(types('I have 3 cats and 2 dogs')).not.toContain('ADDRESS');
  });

  it('finds person names from cues, titles and name lists, not ordinary capitals', () => {
    expect(detectPii('Hello, my name is Ingrid Solberg.').find((e) => e.type === 'PERSON')?.value).toBe(
      'Ingrid Solberg',
    );
    // The title is not part of the name (as in presidio's labels, where it is a TITLE of its own).
    expect(detectPii('Please ask Dr. Okonkwo about it').find((e) => e.type === 'PERSON')?.value).toBe(
      'Okonkwo',
    );
    expect(types('Yesterday Rebecca went home')).toContain('PERSON');
    expect(types('The Quarterly Report is due on Monday in Paris.')).not.toContain('PERSON');
    expect(types('CAN I SPEAK TO A HUMAN AGENT?')).not.toContain('PERSON');
    expect(types('The conference moved to Austin, Texas this year')).not.toContain('PERSON');
    expect(types('Yesterday Austin Reed called twice')).toContain('PERSON');
  });

  it('takes a name typed in lower case after "my name is", not an ordinary word or a handle', () => {
    const person = (text: string) => detectPii(text).find((e) => e.type === 'PERSON')?.value;
    expect(person('hi my name is tamsin okoro , call me back')).toBe('tamsin okoro');
    expect(person('hello, my name is zoltarra and i need help')).toBe('zoltarra');
    expect(types('my name is not important here')).not.toContain('PERSON');
    expect(types("i'll miss yooouuu so much")).not.toContain('PERSON');
    expect(types('Dear @helpdesk, the printer is broken')).not.toContain('PERSON');
  });

  it('finds passport, licence numbers and wallets with their cues or checksums', () => {
    expect(types('passport number: X12345678')).toContain('PASSPORT');
    expect(types("driver's license no. D1234-5678")).toContain('DRIVER_LICENSE');
    expect(types('send to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).toContain('CRYPTO_WALLET');
    expect(types(`eth 0x${'ab12'.repeat(10)}`)).toContain('CRYPTO_WALLET');
  });

  it('reports findings through the Detector contract', () => {
    const findings = piiDetector.detect('reach me at li.wei@example.net', ctx);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ type: 'pii', category: 'EMAIL', span: { start: 12, end: 30 } });
    expect(findings[0]?.evidence).not.toContain('li.wei');
  });

  it('leaves ordinary prose alone', () => {
    expect(detectPii('The weather was nice and we walked along the river for an hour.')).toEqual([]);
  });
});
