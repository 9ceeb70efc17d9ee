import { describe, expect, it } from 'vitest';
import { analyzeBias } from './detect.js';
import { FLAG_POINT } from './model.js';

/** Own examples (2026-12-06, twenty-eighth session); the model alone scored the first list 0.04-0.22. */
describe('BiasGuard: a person judged by their group', () => {
  it.each([
    [
      'gender',
      'As a woman, she may find the technical parts of the role challenging, so pair her with a male mentor.',
    ],
    [
      'age',
      'Given his age, he probably won’t adapt well to the new software, so assign it to a younger colleague.',
    ],
    ['religion', "Since he's Muslim, he may have divided loyalties on national security questions."],
    ['gender', "She's a single mother, so she won't be able to handle the travel this job requires."],
    ['nationality', 'Because of his accent, he may not be able to lead client meetings.'],
  ])('flags a limiting judgment drawn from the %s of one person', (category, text) => {
    const a = analyzeBias(text);
    expect(a.score).toBeGreaterThanOrEqual(FLAG_POINT);
    const finding = a.findings.find((f) => f.type === 'attributed_judgment');
    expect(finding?.category).toBe(category);
    expect(a.categories[category as keyof typeof a.categories]?.signals).toContain('attributed_judgment');
  });

  it.each([
    'As a woman in engineering, she founded a mentoring network for new hires.',
    'As an immigrant, she knows the visa process well and can help others with it.',
    'Because she’s pregnant, she is entitled to paid maternity leave under the policy.',
    "It's wrong to assume that as a woman she can't lead the team.",
    "Managers shouldn't assume that because he's gay he would be a good fit for the fashion account.",
    'Given her religion, she may want a vegetarian option; ask her before ordering.',
    'As a disabled veteran, he may qualify for additional benefits.',
  ])(
    'passes the same frames with a fact, a right, a preference or the judgment named as bias: %s',
    (text) => {
      const a = analyzeBias(text);
      expect(a.findings.some((f) => f.type === 'attributed_judgment')).toBe(false);
      expect(a.score).toBeLessThan(FLAG_POINT);
    },
  );
});
