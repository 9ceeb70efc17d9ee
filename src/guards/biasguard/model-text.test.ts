import { describe, expect, it } from 'vitest';
import { analyzeBias, analyzeLexicon, GROUP_SLOT, modelText, trainingInput } from './detect.js';

const read = (text: string): string => modelText(text, analyzeLexicon(text).spans);

describe('modelText: the group slot the classifier reads', () => {
  it('puts one slot word where a commonly targeted group is named', () => {
    expect(read('All Muslims are liars.')).toBe(`all ${GROUP_SLOT} are liars.`);
    // Any such group reads the same, so what is learned of one carries over to the others.
    expect(read('All Sikhs are liars.')).toBe(read('All Muslims are liars.'));
  });

  it('leaves a majority group out, so its twin about a targeted group reads differently', () => {
    expect(read('Those white people are lazy.')).toBe('those  are lazy.');
    expect(read('Those white people are lazy.')).not.toBe(read('Those black people are lazy.'));
  });

  it('reads a qualifier and its noun as one mention, of the kind the qualifier says', () => {
    expect(read('A black woman opened the shop.')).toBe(`a ${GROUP_SLOT} opened the shop.`);
    expect(read('A white woman opened the shop.')).toBe('a  opened the shop.');
    expect(read('An old man opened the shop.')).toBe(`an ${GROUP_SLOT} opened the shop.`);
    // A group noun that is also a qualifier takes "people" into its mention, so the stance rules
    // read the copula right after it ("Roma people are not thieves." is a denial).
    expect(read('Roma people are not thieves.')).toBe(`${GROUP_SLOT} are not thieves.`);
  });

  it('keeps back-references and text with no group as they are', () => {
    expect(read('I met some immigrants. They were kind.')).toBe(`i met some ${GROUP_SLOT}. they were kind.`);
    expect(read('Summarise the sales report, please.')).toBe('summarise the sales report, please.');
  });

  it('reads only the range it is given, and training reads the same text', () => {
    const text = 'Immigrants cook. Women sing.';
    const spans = analyzeLexicon(text).spans;
    expect(modelText(text, spans, 17, text.length)).toBe(`${GROUP_SLOT} sing.`);
    expect(trainingInput(text).normalized).toBe(modelText(text, spans));
  });

  it('scores a statement about a group the training rows never name like its twin about a named one', () => {
    // ToxiGen names Muslims, not Sikhs; both are religion groups, so only the masked word differs.
    for (const tail of ['are all liars.', 'should go back where they came from.', 'cooked dinner.']) {
      expect(analyzeBias(`Sikhs ${tail}`).score).toBe(analyzeBias(`Muslims ${tail}`).score);
    }
    expect(analyzeBias('Sikhs are all liars.').score).toBeGreaterThan(
      analyzeBias('Sikhs cooked dinner.').score,
    );
  });
});
