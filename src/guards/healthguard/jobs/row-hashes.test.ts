import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../util/prng.js';
import { RowHashSet } from './row-hashes.js';

describe('RowHashSet', () => {
  it('holds the same 52-bit hashes as a Set, through growth, zero and colliding slots included', () => {
    const rand = mulberry32(7);
    const set = new RowHashSet();
    const reference = new Set<number>();
    // Values sharing their low bits land in the same slot and must probe past each other.
    const hashes = [0, 2 ** 52 - 1, 2 ** 40, 2 ** 40 + 2 ** 33, 2 ** 41 + 2 ** 33];
    for (let i = 0; i < 20_000; i++)
      hashes.push(Math.floor(rand() * 2 ** 20) * 2 ** 32 + Math.floor(rand() * 1024));
    for (const h of hashes) {
      expect(set.has(h)).toBe(reference.has(h));
      set.add(h);
      reference.add(h);
    }
    expect(set.size).toBe(reference.size);
    for (const h of hashes) expect(set.has(h)).toBe(true);
    for (let i = 0; i < 1000; i++) {
      const h = Math.floor(rand() * 2 ** 52);
      expect(set.has(h)).toBe(reference.has(h));
    }
  });
});
