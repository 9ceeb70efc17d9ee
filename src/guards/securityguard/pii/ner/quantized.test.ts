import { describe, expect, it } from 'vitest';
import { loadNerModel, type NerModel, recognizeEntities, tagTokens } from './model.js';
import { tokenizeForNer } from './tokenize.js';

const TEXTS = [
  'Maria Gonzalez flew from Lisbon to meet the board of Acme Holdings at 221B Baker Street, London.',
  'Contact Dr. Chen Wei or Aoife O’Sullivan at the Berlin office; Siemens and the city of Oslo replied.',
  'the meeting with jean-pierre dupont in paris is moved to friday, said Natalia.',
];

describe('the entity tagger on its int16 weights', () => {
  it('tags exactly as the same weights decoded to a float array', () => {
    const model = loadNerModel();
    expect(model).not.toBeNull();
    const quantized = model as NerModel;
    expect(quantized.weights).not.toBeInstanceOf(Float32Array);
    const { q, table } = quantized.weights as { q: Int16Array; table: Float32Array };
    const floats: NerModel = { ...quantized, weights: Float32Array.from(q, (v) => table[v + 32_768]!) };
    for (const text of TEXTS) {
      const tokens = tokenizeForNer(text);
      expect(tagTokens(quantized, tokens, text)).toEqual(tagTokens(floats, tokens, text));
      expect(recognizeEntities(text, quantized)).toEqual(recognizeEntities(text, floats));
    }
    expect(recognizeEntities(TEXTS[0]!, quantized).length).toBeGreaterThan(0);
  });
});
