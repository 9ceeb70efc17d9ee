import { describe, expect, it } from 'vitest';
import { persons } from '../../../../test/helpers/pii.js';

/** Own examples: the tagger read an addressed role, a holiday and a product as a person. */
describe('capitalized things that are no person', () => {
  it('reads the role a letter is addressed to as no name', () => {
    expect(persons('Dear Hiring Manager, please find my resume attached.')).toEqual([]);
    expect(persons('Dear Valued Customer, your subscription renews next week.')).toEqual([]);
    expect(persons('Dear Admissions Committee, thank you for considering my application.')).toEqual([]);
    expect(persons('Dear Landlord, the heating has been broken since Monday.')).toEqual([]);
  });

  it('reads a holiday greeting as no name, and keeps the name after it', () => {
    expect(persons('Merry Christmas and a Happy New Year from all of us at the office!')).toEqual([]);
    expect(persons('Best wishes for Diwali and Eid from the Support desk.')).toEqual([]);
    expect(persons('Merry Christmas Tomasz, see you in January!')).toEqual(['Tomasz']);
    // Fresh probe p30a (2026-12-06): "Feliz" was a person. Greetings of other languages and birthdays.
    expect(persons('Feliz cumpleaños, Tomás! Hope you have a great one.')).toEqual(['Tomás']);
    expect(persons('Joyeux Noël à tous, Camille')).toEqual(['Camille']);
    expect(persons('Felix Feliz called yesterday.')).toEqual(['Felix Feliz']);
  });

  // Fresh probe p34a (2026-12-06, thirty-fourth session): "a Kenyan driver" gave a person "Kenyan".
  it("reads a people's word before a noun as an adjective, and keeps the names around it", () => {
    expect(persons('We hired two Nepali cooks and a Kenyan driver for the season.')).toEqual([]);
    expect(persons('Talk to the Uzbek supplier, Dilnoza Karimova, about the cotton.')).toEqual([
      'Dilnoza Karimova',
    ]);
    expect(persons('Our Norwegian colleague Ingrid Solberg will join the call.')).toEqual(['Ingrid Solberg']);
  });

  it('reads software as no name, unless the name lists hold it and a title says so', () => {
    expect(persons('We moved the build to Docker and Kubernetes last spring.')).toEqual([]);
    expect(persons('Mr. Jenkins said the build failed.')).toEqual(['Jenkins']);
  });

  it('reads a weekday or month of another language as no name, and cuts it off a name', () => {
    expect(persons('Rapat akan diadakan pada hari Jumat pukul 10 pagi.')).toEqual([]);
    expect(persons('Toplantı Pazartesi günü saat onda.')).toEqual([]);
    expect(persons('Budi Santoso akan datang hari Kamis.')).toEqual(['Budi Santoso']);
    expect(persons('Ayşe Yılmaz Cuma günü gelecek.')).toContain('Ayşe Yılmaz');
    expect(persons('April Ludgate works in the parks department.')).toEqual(['April Ludgate']);
  });

  it('keeps names that end in a listed word or sit beside these words', () => {
    expect(persons('Please ask Dean Morgan about the budget.')).toEqual(['Dean Morgan']);
    expect(persons('Our Head of Engineering, Aisha Bello, will present on Friday.')).toEqual(['Aisha Bello']);
    expect(persons('Share the Figma link with Hannah Okafor before the review.')).toEqual(['Hannah Okafor']);
  });

  // Written for this change (2026-12-06, twenty-eighth session); each was a PERSON before it.
  it("reads a name inside a thing's name as no person: a station, a plan, a method, a disease", () => {
    expect(persons('Victoria Station is closed for maintenance this weekend.')).toEqual([]);
    expect(persons('Can you summarize the Marshall Plan in three sentences?')).toEqual([]);
    expect(persons('Use the Newton method to find the root.')).toEqual([]);
    expect(persons('Grace period ends on the 15th.')).toEqual([]);
    expect(persons('Brown rice takes longer to cook than white rice.')).toEqual([]);
    // An award's nomination and an AI model (2026-12-06, fresh probes p29a and p29b).
    expect(persons('Greta Gerwig deserved that Oscar nom tbh')).toEqual(['Greta Gerwig']);
    expect(persons('Sundar Pichai announced the new Gemini model at I/O')).toEqual(['Sundar Pichai']);
  });

  // Fresh probe p32a (2026-12-06, thirty-second session): "Paris" was a PERSON before.
  it('reads a place before the site it names as no person: an office, a campus, a plant', () => {
    expect(persons('Our Paris office moves to a new building in May.')).toEqual([]);
    expect(persons('We toured the Chennai plant and the Austin campus.')).toEqual([]);
  });

  // Fresh probe p32d (2026-12-06, thirty-second session): "Telefon" was a PERSON before.
  it('reads the label of a contact field as no person: "Telefon:", "Teléfono:", "Adresse:"', () => {
    expect(persons('Telefon: +49 30 901820')).toEqual([]);
    expect(persons('Teléfono: 912 345 678')).toEqual([]);
    expect(persons('Adresse: Hauptstraße 5, 10115 Berlin')).toEqual([]);
    expect(persons('Anna: +49 30 901820')).toEqual(['Anna']);
  });

  // Fresh probe p33c (2026-12-06, thirty-third session): a shipping form's labels.
  it('reads the label of a shipping field as no person: "Dostawa:", "Nadawca:", "Empfänger:"', () => {
    expect(persons('Dostawa: ul. Marszałkowska 84/92, 00-514 Warszawa')).toEqual([]);
    expect(persons('Nadawca: Piotr Wiśniewski')).toEqual(['Piotr Wiśniewski']);
    expect(persons('Empfänger: Jonas Becker')).toEqual(['Jonas Becker']);
  });

  // Fresh probe p32h (2026-12-06, thirty-second session): each label was a PERSON before.
  it('reads a form label that ends on a particle as no person: "Numéro de téléphone :"', () => {
    expect(persons('Numéro de téléphone : 06 12 34 56 78')).toEqual([]);
    expect(persons('Lugar de nacimiento: Sevilla')).toEqual([]);
    expect(persons('Nom : Dupont, Prénom : Marie')).not.toContain('Prénom');
    expect(persons('Carlos de Souza: +55 11 91234 5678')).toEqual(['Carlos de Souza']);
    expect(persons('Ask Maria de la Cruz about the invoice.')).toEqual(['Maria de la Cruz']);
  });

  it("keeps a person's site and a surname that is a site noun ('Robert Plant')", () => {
    expect(persons('Robert Plant sang the last song.')).toEqual(['Robert Plant']);
    expect(persons("Priya Raghunathan's office is on the third floor.")).toEqual(['Priya Raghunathan']);
  });

  it("keeps a person beside such a word, and a surname that is one ('Tom Hall')", () => {
    expect(persons('Ask Tom Hall about the library card.')).toEqual(['Tom Hall']);
    expect(persons('Give Chloe the test results.')).toEqual(['Chloe']);
    expect(persons('Nadia Rahman won the award last year.')).toEqual(['Nadia Rahman']);
  });
});
