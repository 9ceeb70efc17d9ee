import { describe, expect, it } from 'vitest';
import type { Kind, Role } from '../../scripts/injection-data.js';
import {
  type Featured,
  fires,
  fitScorer,
  groupThresholds,
  HARMFUL_GROUP,
} from '../../scripts/injection-loso.js';

let n = 0;
const row = (kind: Kind, source: string, role: Role, grams: number[]): Featured => ({
  row: { id: `r${n++}`, text: '', kind, source, role },
  y: kind === 'attack' ? 1 : 0,
  weight: 1,
  grams: Int32Array.from(grams),
  named: [],
  offset: 0,
  patternScore: 0,
});
const many = (k: number, make: () => Featured): Featured[] => Array.from({ length: k }, make);

describe('injection threshold (fitScorer)', () => {
  // Attacks carry feature 1, benign rows 2, harmful requests 3; the harmful tune rows also carry
  // the attack feature, so they score above every benign row.
  const train = [
    ...many(30, () => row('attack', 'a', 'train', [1])),
    ...many(30, () => row('benign', 'b', 'train', [2])),
    ...many(30, () => row('harmful', 'h', 'train', [3])),
  ];
  const benignTune = many(20, () => row('benign', 'b', 'tune', [2]));
  const harmfulTune = [
    ...many(10, () => row('harmful', 'h1', 'tune', [3, 1])),
    ...many(10, () => row('harmful', 'h2', 'tune', [3, 1])),
  ];

  it('keeps the pooled harmful tune rows below the threshold, attacks above it', () => {
    const scorer = fitScorer(train, [...benignTune, ...harmfulTune], false, 7);
    expect(harmfulTune.some((x) => fires(scorer, x))).toBe(false);
    expect(benignTune.some((x) => fires(scorer, x))).toBe(false);
    expect(fires(scorer, row('attack', 'a', 'test', [1]))).toBe(true);
  });

  it('lets harmful rows through when only benign rows are tuned on (what the pooled group prevents)', () => {
    const scorer = fitScorer(train, benignTune, false, 7);
    expect(harmfulTune.every((x) => fires(scorer, x))).toBe(true);
  });

  it('reports one threshold per benign source and one for the harmful requests pooled; the fold takes the highest', () => {
    const scorer = fitScorer(train, [...benignTune, ...harmfulTune], false, 7);
    const groups = groupThresholds(scorer.model, [...benignTune, ...harmfulTune], false);
    expect([...groups.keys()].sort()).toEqual([HARMFUL_GROUP, 'b'].sort());
    expect(scorer.threshold).toBe(Math.max(...groups.values()));
    expect(groups.get(HARMFUL_GROUP)).toBeGreaterThan(groups.get('b') ?? Number.POSITIVE_INFINITY);
  });
});
