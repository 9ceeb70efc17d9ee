import { describe, expect, it } from 'vitest';
import { benignRolePlay, persuasionAttack, persuasionRows } from '../../scripts/injection-persuasion.js';
import { syntheticInjectionRows } from '../../scripts/injection-synthetic.js';
import { mulberry32 } from '../../src/util/prng.js';

describe('persuasion jailbreak family (scripts/injection-persuasion.ts)', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = persuasionRows(mulberry32(3), 40).map((r) => r.text);
    expect(persuasionRows(mulberry32(3), 40).map((r) => r.text)).toEqual(a);
    expect(persuasionRows(mulberry32(4), 40).map((r) => r.text)).not.toEqual(a);
  });

  it('gives attacks, benign role play and plain goals their own sources and labels', () => {
    const rows = persuasionRows(mulberry32(1), 60);
    const by = (source: string) => rows.filter((r) => r.source === source);
    expect(by('own-persuasion')).toHaveLength(60);
    expect(by('own-persuasion').every((r) => r.label === 'attack')).toBe(true);
    expect(by('own-benign-roleplay')).toHaveLength(60);
    expect(by('own-benign-roleplay').every((r) => r.label === 'benign' && r.category === 'benign')).toBe(
      true,
    );
    expect(by('own-plain-request').every((r) => r.label === 'benign' && r.category === 'harmful')).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('puts at least one lever beside the ask, and leaves out of the benign side the openers the patterns read as attacks', () => {
    const rand = mulberry32(9);
    for (let i = 0; i < 50; i++) {
      const attack = persuasionAttack(rand);
      expect(attack.split(/(?<=[.!?"'])\s+/).length).toBeGreaterThanOrEqual(2);
      const benign = benignRolePlay(rand);
      expect(benign).not.toMatch(/no filters|^From now on/);
    }
  });

  it('is off unless asked for', () => {
    const sources = (on: boolean) => new Set(syntheticInjectionRows({ persuasion: on }).map((r) => r.source));
    expect(sources(false).has('own-persuasion')).toBe(false);
    expect(sources(true).has('own-persuasion')).toBe(true);
    // The other families do not change with it.
    const base = syntheticInjectionRows().map((r) => r.text);
    expect(
      syntheticInjectionRows({ persuasion: true })
        .slice(0, base.length)
        .map((r) => r.text),
    ).toEqual(base);
  });
});
