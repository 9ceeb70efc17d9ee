import { describe, expect, it } from 'vitest';
import { inOrderWithin } from './extractive.js';
import { evaluateTrust } from './index.js';

/** Own examples: answers that are their source sentence with words left out, and ones that are not. */
const opts = { flagThreshold: 0.5, blockThreshold: 0.9, supportThreshold: 0.5 };
const LAKE = 'Lake Baikal in Siberia is the deepest lake in the world, reaching 1,642 metres.';
const risk = (text: string, question: string, source = LAKE): number =>
  evaluateTrust({ text, sources: [source], question }, opts).risk;

describe('extractive answers', () => {
  it('reads content words in the same order inside a passage', () => {
    expect(inOrderWithin('Lake Baikal, at 1,642 metres.', LAKE)).toBe(true);
    expect(inOrderWithin('1,642 metres, Lake Baikal.', LAKE)).toBe(false);
    // A kept negation must be in the passage too.
    expect(inOrderWithin('Lake Baikal is not the deepest lake.', LAKE)).toBe(false);
  });

  // Fresh probe t38e (2026-12-07): deleting words across ", whereas" moved a fact to another subject.
  it('reads the words in order inside one clause of the passage', () => {
    const vaccines =
      'The first vaccine was developed by Edward Jenner in 1796, whereas Louis Pasteur later created a rabies vaccine in 1885.';
    expect(inOrderWithin('Pasteur created the rabies vaccine in 1885.', vaccines)).toBe(true);
    expect(inOrderWithin('Jenner created the rabies vaccine in 1885.', vaccines)).toBe(false);
  });

  it('keeps a compressed answer whose every word is in one source sentence at low risk', () => {
    expect(risk('Lake Baikal, at 1,642 metres.', 'What is the deepest lake?')).toBeLessThan(0.3);
    expect(
      risk('Lake Baikal is the deepest lake, reaching 1,642 metres.', 'What is the deepest lake?'),
    ).toBeLessThan(0.3);
  });

  it('still flags a wrong number, a recombination and a bare span the model doubts', () => {
    expect(risk('Lake Baikal, at 1,470 metres.', 'What is the deepest lake?')).toBeGreaterThanOrEqual(0.5);
    const source =
      'Marie Curie won the Nobel Prize in Physics in 1903 and the Nobel Prize in Chemistry in 1911.';
    expect(
      risk(
        'She won the Nobel Prize in Chemistry in 1903 and the Nobel Prize in Physics in 1911.',
        'Which prizes?',
        source,
      ),
    ).toBeGreaterThanOrEqual(0.5);
  });
});

describe('coordinated short answers', () => {
  const CANBERRA =
    'Canberra is the capital city of Australia. It was selected as a compromise between rivals Sydney and Melbourne.';
  const CURIE =
    'She was the only person to win Nobel Prizes in two scientific fields, physics and chemistry.';

  it('reads "A and B" as copied when the source lists "B and A"', () => {
    expect(
      risk('Melbourne and Sydney', 'Canberra was a compromise between which two cities?', CANBERRA),
    ).toBeLessThan(0.5);
    expect(risk('chemistry and physics', 'In which two fields did she win?', CURIE)).toBeLessThan(0.5);
  });

  it('still flags a list with a member the source does not hold', () => {
    expect(
      risk('Melbourne and Brisbane', 'Canberra was a compromise between which two cities?', CANBERRA),
    ).toBeGreaterThanOrEqual(0.5);
    expect(risk('medicine and physics', 'In which two fields did she win?', CURIE)).toBeGreaterThanOrEqual(
      0.5,
    );
  });
});
