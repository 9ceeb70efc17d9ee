import { describe, expect, it } from 'vitest';
import { persons } from '../../../../test/helpers/pii.js';
import { readsAsGerman } from './german.js';

/** Own examples (not from the probe files): German capitalizes every noun, names need more than that. */
describe('German text', () => {
  it('tells German from English, also English that mentions a German name', () => {
    expect(readsAsGerman('Die Abrechnung für den letzten Monat ist leider noch nicht da.')).toBe(true);
    expect(readsAsGerman('Wir bedanken uns für Ihre Bewerbung.')).toBe(true);
    expect(readsAsGerman('Jürgen Müller joined the team in Köln last year.')).toBe(false);
    expect(readsAsGerman('The invoice for last month has not arrived yet.')).toBe(false);
  });

  it('reads capitalized nouns as nouns', () => {
    expect(persons('Die Abrechnung für den letzten Monat ist leider noch nicht da.')).toEqual([]);
    expect(
      persons('Sehr geehrte Damen und Herren, die Heizung im Büro funktioniert seit Montag nicht.'),
    ).toEqual([]);
    expect(persons('Der Bäcker hat heute keine Brötchen mehr, sagt die Verkäuferin.')).toEqual([]);
    // A listed surname after an article is a noun ("der Koch" is the cook).
    expect(persons('Der Koch hat die Suppe versalzen und die Gäste waren unzufrieden.')).toEqual([]);
  });

  it('still finds names, with or without a title, and trims the words around them', () => {
    expect(persons('Gestern hat Frau Kaminski die neue Software vorgestellt.')).toEqual(['Kaminski']);
    expect(persons('Der Antrag wurde am Freitag von Herrn Tobias Richter geprüft.')).toEqual([
      'Tobias Richter',
    ]);
    expect(persons('Mit freundlichen Grüßen\nClara Neumann')).toEqual(['Clara Neumann']);
    expect(persons('Ursula von der Leyen sprach am Montag über die Strategie der Kommission.')).toEqual([
      'Ursula von der Leyen',
    ]);
  });

  it('leaves English text as it was', () => {
    expect(persons('Please send the report to Anna Becker before Friday.')).toEqual(['Anna Becker']);
  });
});
