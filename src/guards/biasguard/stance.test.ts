import { describe, expect, it } from 'vitest';
import { analyzeBias, analyzeLexicon, GROUP_SLOT, modelText, trainingInput } from './detect.js';
import { FLAG_POINT } from './model.js';

const signals = (text: string) => trainingInput(text).lexicon;

describe('stance: denied, reported and addressed', () => {
  it('reads a negated trait as denied: a smaller lexicon score and the denied signal', () => {
    const asserted = signals('Immigrants are criminals.');
    const denied = signals('Immigrants are not criminals.');
    expect(asserted.denied).toBe(0);
    expect(denied.denied).toBe(1);
    expect(denied.stereotype).toBeLessThan(asserted.stereotype / 2);
    expect(signals("Muslims aren't terrorists.").denied).toBe(1);
    // A negator before the group ("not all") or a trait before the negator is no denial.
    expect(signals('Lazy immigrants are not welcome here.').denied).toBe(0);
  });

  it('flags a stereotype asserted and passes it quoted to be rejected', () => {
    expect(analyzeBias('Mexicans are lazy.').score).toBeGreaterThanOrEqual(FLAG_POINT);
    // 0.499 before the reported signal (flagged), 0.347 with it.
    expect(analyzeBias('Anyone who says Mexicans are lazy has never met one.').score).toBeLessThan(
      FLAG_POINT,
    );
  });

  it('marks a group claim that follows a verb of saying as reported', () => {
    expect(signals('My uncle said disabled people are useless, and I called him out.').reported).toBe(1);
    expect(signals('Disabled people are useless.').reported).toBe(0);
    // A mention with nothing to report (no trait) does not set it.
    expect(signals('She said women presented their research.').reported).toBe(0);
  });

  it('reads a name the text speaks to as an address, not as the group it names', () => {
    expect(analyzeLexicon('You are so stupid, Rebecca.').spans).toEqual([]);
    expect(analyzeLexicon('Rebecca, you never listen.').spans).toEqual([]);
    // The same name as the subject of a sentence still stands for its group.
    expect(modelText('Rebecca forgot the keys.', analyzeLexicon('Rebecca forgot the keys.').spans)).toBe(
      `${GROUP_SLOT} forgot the keys.`,
    );
  });
});
