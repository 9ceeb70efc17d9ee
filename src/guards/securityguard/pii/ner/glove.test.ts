import { describe, expect, it } from 'vitest';
import { detectEntities } from '../entities.js';
import { gloveCode, hashString } from './features.js';
import { decodeGlove, encodeGlove, loadNerModel } from './model.js';

describe('GloVe word codes of the entity tagger', () => {
  it('round-trips through the compact file form and is looked up by word hash', () => {
    const table = decodeGlove(encodeGlove({ paris: 5 << 10, venkatesan: (7 << 10) | 1023, the: 12 }));
    expect(Array.from(table.hashes)).toEqual([...table.hashes].sort((a, b) => a - b));
    expect(gloveCode(table, hashString('venkatesan'))).toBe((7 << 10) | 1023);
    expect(gloveCode(table, hashString('the'))).toBe(12);
    expect(gloveCode(table, hashString('olleh'))).toBeUndefined();
  });

  it('the committed tagger carries them: a rare surname GloVe knows is found with its given name', () => {
    const model = loadNerModel();
    expect(model?.lex.glove?.hashes.length).toBeGreaterThan(300_000);
    const code = gloveCode(model!.lex.glove!, hashString('venkatesan'));
    expect(code).toBeDefined();
    expect(
      detectEntities('Call Siddharth Venkatesan when you land.', model)
        .filter((e) => e.type === 'PERSON')
        .map((e) => e.value),
    ).toEqual(['Siddharth Venkatesan']);
  });

  it('reads no names in capital-free text of mostly unknown words, and splits a name at a verb', () => {
    const model = loadNerModel();
    const persons = (text: string) =>
      detectEntities(text, model)
        .filter((e) => e.type === 'PERSON')
        .map((e) => e.value);
    expect(persons('ecnetnes siht daer nac uoy fi olleh dlrow')).toEqual([]);
    expect(persons('my name is krithika')).toEqual(['krithika']);
    expect(persons('Paul met Anna de la Cruz yesterday.')).toEqual(['Paul', 'Anna de la Cruz']);
  });
});
