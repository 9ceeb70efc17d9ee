import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { bpeSegments, MAX_RUN } from './bounded.js';
import { counterFor } from './tokenizer.js';

const exact = { kind: 'exact', encoding: 'o200k_base' } as const;
const raw = (text: string) => countTokens(text, { disallowedSpecial: new Set<string>() });

describe('TokenGuard on long runs of one kind of character', () => {
  it('leaves ordinary text whole, so its count is exactly the encoder count', async () => {
    const counter = await counterFor(exact);
    const texts = [
      'The committee reviewed the quarterly report. '.repeat(200),
      '今天天气很好，我们去公园散步吧。'.repeat(100),
      'aGVsbG8gd29ybGQ='.repeat(300),
      'Emoji 😀 in 🎉 text 🚀 '.repeat(200),
    ];
    for (const text of texts) {
      expect(bpeSegments(text)).toEqual([text]);
      expect(counter.count(text)).toBe(raw(text));
    }
  });

  it('cuts a long run into parts of at most MAX_RUN code points, never inside a surrogate pair', () => {
    const text = `start ${'😀'.repeat(1000)} end`;
    const parts = bpeSegments(text);
    expect(parts.join('')).toBe(text);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect([...part].length).toBeLessThanOrEqual(MAX_RUN + 6);
      expect(part).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });

  it('counts a long run within one token per cut of the encoder count', async () => {
    const counter = await counterFor(exact);
    for (const text of ['a'.repeat(3000), '😀🎉🚀🔥'.repeat(400), `x${' '.repeat(3000)}y`]) {
      const cuts = bpeSegments(text).length - 1;
      expect(cuts).toBeGreaterThan(0);
      expect(Math.abs(counter.count(text) - raw(text))).toBeLessThanOrEqual(cuts);
    }
  });

  it('encodes a long run in bounded parts that decode back to the text', async () => {
    const counter = await counterFor(exact);
    const text = 'b'.repeat(120_000);
    const tokens = counter.encoding.encode(text);
    expect(counter.encoding.decode(tokens)).toBe(text);
    expect(tokens.length).toBe(counter.count(text));
  });
});
