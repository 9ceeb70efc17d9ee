import { describe, expect, it } from 'vitest';
import { analyzeBias } from './detect.js';
import type { BiasCategory } from './lexicon.js';

// Hand-written pairs: a biased statement and a neutral mention of the same group.
const CASES: [BiasCategory, string, string][] = [
  [
    'gender',
    'Women are bad at math and too emotional to lead.',
    'Women attended the math conference in Lyon.',
  ],
  [
    'race_ethnicity',
    'Black people are naturally lazy and violent.',
    'Black people organized the festival downtown.',
  ],
  [
    'age',
    "Old people can't learn new technology, they are a burden.",
    'Old people joined the evening computer class.',
  ],
  [
    'disability',
    'Disabled people are useless and a burden on society.',
    'Disabled people use the ramp at the entrance.',
  ],
  ['religion', 'All Muslims are terrorists.', 'Muslims celebrated Eid with their neighbours.'],
  [
    'nationality',
    'Immigrants are vermin and should be deported.',
    'Immigrants opened two bakeries on our street.',
  ],
  [
    'sexual_orientation',
    'Gay people are unnatural and perverted.',
    'Gay people got married at the town hall in June.',
  ],
  ['socioeconomic', 'Poor people are lazy criminals.', 'Poor people receive help from the food bank.'],
  [
    'physical_appearance',
    'Fat people are always lazy and disgusting.',
    'Fat people can buy clothes at the new store.',
  ],
];

describe('analyzeBias per category', () => {
  for (const [category, biased, neutral] of CASES) {
    it(`${category}: flags the generalization, not the neutral mention`, () => {
      const b = analyzeBias(biased);
      const n = analyzeBias(neutral);
      expect(b.categories[category]?.score ?? 0).toBeGreaterThanOrEqual(0.5);
      expect(b.score).toBeGreaterThan(n.score);
      expect(n.score).toBeLessThan(0.2);
      expect(n.categories[category]?.mentions).toBeGreaterThanOrEqual(1);
    });
  }
});

describe('analyzeBias signals', () => {
  it('scores the rich-and-poor example the original missed', () => {
    const r = analyzeBias('Rich people are smarter and poor people are lazy');
    expect(r.score).toBeGreaterThanOrEqual(0.5);
    expect(r.categories.socioeconomic?.mentions).toBe(2);
  });

  it('reports spans into the original text and a concrete rewrite', () => {
    const text = 'Honestly, women are always bad at parking.';
    const r = analyzeBias(text);
    const f = r.findings.find((x) => x.type === 'stereotype');
    expect(f?.span && text.slice(f.span.start, f.span.end)).toBe('women');
    expect(f?.data?.rewrite).toBe('Honestly, some people are bad at parking');
  });

  it('runs a counterfactual swap and reports the attribution', () => {
    const r = analyzeBias('Muslims are terrorists.');
    const cf = r.findings[0]?.data?.counterfactual as { text: string; attribution: number };
    expect(cf.text).toBe('people are terrorists');
    expect(cf.attribution).toBeGreaterThan(0);
  });

  it('detects obfuscated slurs with their category', () => {
    const r = analyzeBias('shut up you f4ggot');
    expect(r.findings.some((f) => f.type === 'slur' && f.category === 'sexual_orientation')).toBe(true);
    expect(r.score).toBeGreaterThanOrEqual(0.8);
  });

  it('treats hostile calls against a group as hostile', () => {
    const r = analyzeBias('Refugees do not belong here, kick them out.');
    expect(r.findings.some((f) => f.type === 'hostile' && f.category === 'nationality')).toBe(true);
  });

  it('resolves "they" back to the group named just before', () => {
    const r = analyzeBias('I met some immigrants yesterday. They are all criminals.');
    expect(r.categories.nationality?.score ?? 0).toBeGreaterThanOrEqual(0.5);
  });

  it('discounts a generalization reported as a misconception', () => {
    const asserted = analyzeBias('Native Americans are all savages.').score;
    const refuted = analyzeBias('It is a misconception that Native Americans are all savages.').score;
    expect(refuted).toBeLessThan(asserted * 0.6);
  });

  it('suggests inclusive alternatives for gendered wording without scoring it as bias', () => {
    const r = analyzeBias('The chairman thanked the firemen.');
    const words = r.findings.filter((f) => f.type === 'exclusionary_language').map((f) => f.data?.rewrite);
    expect(words).toEqual(['chair', 'firefighters']);
    expect(r.score).toBe(0);
  });

  it('leaves ordinary text alone', () => {
    expect(analyzeBias('Please summarise the quarterly sales report in three bullet points.').score).toBe(0);
  });
});
