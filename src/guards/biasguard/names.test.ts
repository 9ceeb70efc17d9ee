import { describe, expect, it } from 'vitest';
import { analyzeBias, analyzeLexicon, GROUP_SLOT, modelText, trainingInput } from './detect.js';
import { nameGroup } from './names.js';

const read = (text: string): string => modelText(text, analyzeLexicon(text).spans);

describe('personal names: the group a name is read as naming', () => {
  it('lists women, origins and majority men by lower-cased name', () => {
    expect(nameGroup('ingrid')).toBeUndefined();
    expect(nameGroup('rebecca')).toEqual({ category: 'gender', majority: false });
    expect(nameGroup('omar')).toEqual({ category: 'race_ethnicity', majority: false });
    expect(nameGroup('gregory')).toEqual({ category: 'gender', majority: true });
  });

  it('puts the group slot where a targeted group member is named, and leaves a majority name out', () => {
    expect(read('Rebecca forgot the keys again.')).toBe(`${GROUP_SLOT} forgot the keys again.`);
    expect(read('Omar forgot the keys again.')).toBe(`${GROUP_SLOT} forgot the keys again.`);
    expect(read('Gregory forgot the keys again.')).toBe(' forgot the keys again.');
    // A first and last name side by side are one mention.
    expect(read('Yesterday Carlos Hernandez forgot the keys.')).toBe(
      `yesterday ${GROUP_SLOT} forgot the keys.`,
    );
  });

  it('needs a capital: a lower-cased word is no name', () => {
    expect(read('we ask omar and rebecca')).toBe('we ask omar and rebecca');
  });

  it('sets the targeted or majority signal the classifier reads', () => {
    const targeted = trainingInput('Rebecca forgot the keys again.').lexicon;
    expect(targeted.targeted).toBe(1);
    expect(targeted.majority).toBe(0);
    const majority = trainingInput('Gregory forgot the keys again.').lexicon;
    expect(majority.targeted).toBe(0);
    expect(majority.majority).toBe(1);
  });

  it('gives a name no finding and no category of its own', () => {
    const r = analyzeBias('Please ask Rebecca and Omar to send the quarterly figures.');
    expect(r.findings).toEqual([]);
    expect(r.categories).toEqual({});
  });

  it('reads a name after a group mention as a mention of its own', () => {
    const spans = analyzeLexicon('Muslim women met Omar.').spans;
    expect(spans).toHaveLength(2);
    expect(read('Muslim women met Omar.')).toBe(`${GROUP_SLOT} met ${GROUP_SLOT}.`);
  });
});
