import { describe, expect, it } from 'vitest';
import { detectAddresses } from './address.js';
import { detectPii } from './index.js';
import { codeIdentifier, detectPersons } from './person.js';

/** Own examples (not from any data set): code identifiers, address ends and units, names read as other things. */
const of = (text: string, type: string): string[] =>
  detectPii(text)
    .filter((e) => e.type === type)
    .map((e) => e.value);

describe('code identifiers are not person names', () => {
  it.each([
    'Prefer `subprocess.Popen` over os.system for this.',
    'Call Popen with shell=False; see subprocess.Popen(args).',
    'To run it, use os.popen(cmd) and read the output.',
    'Then Marshal.Copy(buffer) returns the bytes.',
  ])('%s', (text) => {
    expect(of(text, 'PERSON')).toEqual([]);
  });

  it('tells an identifier from a word of prose by what it is attached to', () => {
    const at = (text: string, word: string): boolean =>
      codeIdentifier(text, text.indexOf(word), text.indexOf(word) + word.length);
    expect(at('use os.popen(cmd)', 'popen')).toBe(true);
    expect(at('the `Popen` class', 'Popen')).toBe(true);
    expect(at('call parseConfig first', 'parseConfig')).toBe(true);
    expect(at('read read_file here', 'read_file')).toBe(true);
    expect(at('Mr. Popen arrived', 'Popen')).toBe(false);
    expect(at('Ask J.Smith about it', 'Smith')).toBe(false);
    expect(at('McDonald signed it', 'McDonald')).toBe(false);
  });

  it('the rule detector (no tagger) skips identifiers too', () => {
    expect(detectPersons('Then subprocess.Smith(args) ran').map((e) => e.value)).toEqual([]);
    expect(detectPersons('Then Anna Smith ran').map((e) => e.value)).toEqual(['Anna Smith']);
  });

  it('a real name next to code is still found', () => {
    expect(of('Ask Priya Raghunathan why os.popen(cmd) fails.', 'PERSON')).toEqual(['Priya Raghunathan']);
  });
});

describe('address blocks of several countries end where the address ends', () => {
  it.each([
    // US: a state and ZIP code end the address, the sentence after it is not taken.
    ['Mail to 350 Main St, Springfield, IL 62704 and then call me.', '350 Main St, Springfield, IL 62704'],
    [
      'Ship it to 1600 Pennsylvania Ave NW, Washington, DC 20500 by Friday.',
      '1600 Pennsylvania Ave NW, Washington, DC 20500',
    ],
    // UK: unit word, postcode, then a sentence break.
    [
      'Our office: 221B Baker Street, Flat 2, London NW1 6XE. Call us tomorrow.',
      '221B Baker Street, Flat 2, London NW1 6XE',
    ],
    // Germany, Spain, Portugal, Italy: unit words of the language, postcode before the place.
    [
      'Ich wohne in der Berliner Straße 12, Wohnung 4, 10115 Berlin. Komm vorbei.',
      'Berliner Straße 12, Wohnung 4, 10115 Berlin',
    ],
    ['Vivo en Calle Mayor 5, Piso 3, 28013 Madrid. Gracias.', 'Calle Mayor 5, Piso 3, 28013 Madrid'],
    ['Rua Augusta 500, Andar 3, 1100-053 Lisboa. Obrigado.', 'Rua Augusta 500, Andar 3, 1100-053 Lisboa'],
    ['Via Roma 15, Interno 4, 00184 Roma. Grazie mille.', 'Via Roma 15, Interno 4, 00184 Roma'],
    // France: a street name with particles, and a postcode that leads the place before prose.
    [
      'Our address is 25 Avenue des Champs-Élysées, 75008 Paris if you need it.',
      '25 Avenue des Champs-Élysées, 75008 Paris',
    ],
    ['Appartement 5, 14 Rue Victor Hugo, 69002 Lyon', 'Appartement 5, 14 Rue Victor Hugo, 69002 Lyon'],
  ])('%s', (text, address) => {
    expect(of(text, 'ADDRESS')).toEqual([address]);
  });

  it('a street name runs over its particles and capitalized words, not into the sentence', () => {
    expect(detectAddresses('1221 Avenue of the Americas is where we met').map((e) => e.value)).toContain(
      '1221 Avenue of the Americas',
    );
    for (const e of detectAddresses('She moved to 12 Rue de la Paix and loved it there'))
      expect(e.value).toBe('12 Rue de la Paix');
  });

  it('takes a postcode and its place but stops before the prose after it', () => {
    const found = detectAddresses('Send it to 9 Rue Oberkampf, 75011 Paris if you can.').map((e) => e.value);
    expect(found).toContain('9 Rue Oberkampf, 75011 Paris');
  });

  it('leaves the full stop of the sentence out of a tagged address', () => {
    expect(of('She lives at 12 Rue de la Paix, 75002 Paris. We met her there.', 'ADDRESS')).toEqual([
      '12 Rue de la Paix, 75002 Paris',
    ]);
  });

  it('ends a tagged address before a comma and before the verb of the sentence after its place', () => {
    expect(of('Please send the contract to Calle de Alcalá 48, 28014 Madrid, by Friday.', 'ADDRESS')).toEqual(
      ['Calle de Alcalá 48, 28014 Madrid'],
    );
    expect(of('Bitte an Bahnhofstrasse 10, 8001 Zürich senden.', 'ADDRESS')).toEqual([
      'Bahnhofstrasse 10, 8001 Zürich',
    ]);
    expect(of('Liefern an Zeil 10, 60313 Frankfurt am Main.', 'ADDRESS')).toEqual([
      'Zeil 10, 60313 Frankfurt am Main',
    ]);
    expect(of('Enviad el paquete a Gran Vía 32, 28013 Madrid, antes del lunes.', 'ADDRESS')).toEqual([
      'Gran Vía 32, 28013 Madrid',
    ]);
    expect(of('Adres: Rynek Główny 1, 31-042 Kraków, proszę wysłać.', 'ADDRESS')).toEqual([
      'Rynek Główny 1, 31-042 Kraków',
    ]);
  });

  it('does not cut at an abbreviation inside the block', () => {
    expect(of('Send it to 12 Main St. Louis, MO 63101 today', 'ADDRESS')[0]).toContain('MO 63101');
  });

  // Fresh probes p32b/p32c (2026-12-06, thirty-second session): each was an ADDRESS before.
  it('reads a date and a numbered part as no address: "12 May 2024", "Chapter 12 Section 4"', () => {
    for (const text of [
      'Version 2.3.1 was released on 12 May 2024.',
      'Am 3. Mai 2024 wurde der Vertrag unterschrieben, fällig 1 Sept. 2025.',
      'Chapter 12 Section 4 covers the details.',
      'Build 4512 Release Candidate 2 is out.',
    ])
      expect(of(text, 'ADDRESS'), text).toEqual([]);
    expect(detectAddresses('92 Eusebio Dávila 57').map((e) => e.value)).toEqual(['92 Eusebio Dávila 57']);
  });
});

describe('names the tagger reads as something else, and things it reads as names', () => {
  it('a full name written family name first, tagged as an organization, is a person', () => {
    expect(of('Nguyen Thi Mai sent the report yesterday.', 'PERSON')).toEqual(['Nguyen Thi Mai']);
  });

  it('a model name after its maker is not a person', () => {
    expect(of('He bought a Ford Mustang last year.', 'PERSON')).toEqual([]);
    expect(of('I drove my Toyota Corolla and a Honda Civic to work.', 'PERSON')).toEqual([]);
    expect(of('My dad drove a Dodge Demon to the show.', 'PERSON')).toEqual([]);
    // A make that is a given name, before a listed surname, is a person's name.
    expect(of('Morgan Freeman narrated it.', 'PERSON')).toEqual(['Morgan Freeman']);
    expect(of('Harrison Ford starred in it.', 'PERSON')).toEqual(['Harrison Ford']);
    // A given name tagged as an organization still opens a name.
    expect(of('as regular RR commenter Virginia Dratchev points out', 'PERSON').join(' ')).toContain(
      'Dratchev',
    );
  });

  it('an unfamiliar given name the tagger opens as an organization or place joins the name after it', () => {
    expect(of('Send the contract to Tenzin Dorji and cc me.', 'PERSON')).toEqual(['Tenzin Dorji']);
    expect(of('Send the contract to Wanjiru Kamau and cc me.', 'PERSON')).toEqual(['Wanjiru Kamau']);
    expect(of('Our new hire Tran Thi Lan starts next week.', 'PERSON')).toEqual(['Tran Thi Lan']);
    // A known maker before a model name stays a product.
    expect(of('Send the Toyota Corolla to the garage.', 'PERSON')).toEqual([]);
  });

  it('reversed lower-case text is not a name', () => {
    expect(of('ecnetnes siht daer nac uoy fi olleh dlrow', 'PERSON')).toEqual([]);
    // A lower-case name after a cue still is.
    expect(of('my name is krithika', 'PERSON')).toEqual(['krithika']);
  });
});
