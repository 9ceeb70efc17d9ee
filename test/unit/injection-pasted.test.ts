import { describe, expect, it } from 'vitest';
import { pastedRows, pastedTask } from '../../scripts/injection-pasted.js';
import { syntheticInjectionRows } from '../../scripts/injection-synthetic.js';
import { mulberry32 } from '../../src/util/prng.js';

describe('benign tasks over a pasted message (scripts/injection-pasted.ts)', () => {
  it('is deterministic for a seed, benign, with unique ids', () => {
    const a = pastedRows(mulberry32(5), 50);
    expect(pastedRows(mulberry32(5), 50).map((r) => r.text)).toEqual(a.map((r) => r.text));
    expect(a).toHaveLength(50);
    expect(a.every((r) => r.label === 'benign' && r.source === 'own-benign-pasted')).toBe(true);
    expect(new Set(a.map((r) => r.id)).size).toBe(50);
  });

  it('puts a task first and a pasted message after it', () => {
    const rand = mulberry32(8);
    for (let i = 0; i < 30; i++) {
      const [task, ...rest] = pastedTask(rand).split('\n\n');
      expect(task).toMatch(/[.?]$/);
      expect(rest.join('\n\n').split('\n').length).toBeGreaterThanOrEqual(3);
    }
  });

  it('is off unless asked for, and leaves the other families unchanged', () => {
    const off = syntheticInjectionRows({});
    const on = syntheticInjectionRows({ pasted: true });
    expect(off.some((r) => r.source === 'own-benign-pasted')).toBe(false);
    expect(on.filter((r) => r.source !== 'own-benign-pasted')).toEqual(off);
  });
});
