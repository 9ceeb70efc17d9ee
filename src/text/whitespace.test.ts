import { describe, expect, it } from 'vitest';
import { isSpace } from './whitespace.js';

describe('isSpace', () => {
  it('is true for exactly the code units \\s matches', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });
});
