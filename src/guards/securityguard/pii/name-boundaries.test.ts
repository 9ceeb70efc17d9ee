import { describe, expect, it } from 'vitest';
import { joinAdjacentNames, trimNameTail } from './entities.js';
import { loadNerModel, type NerSpan } from './ner/model.js';
import { tokenizeForNer } from './ner/tokenize.js';

/** Own examples: where a tagged name starts and ends (exact spans, as the WNUT-17 figure counts them). */
const model = loadNerModel()!;

/** A PER span over tokens [first, last] of `text`. */
function span(
  text: string,
  first: number,
  last: number,
): { tokens: ReturnType<typeof tokenizeForNer>; s: NerSpan } {
  const tokens = tokenizeForNer(text);
  return {
    tokens,
    s: { kind: 'PER', first, last, start: tokens[first]!.start, end: tokens[last]!.end, score: 0.8 },
  };
}

const words = (text: string, s: NerSpan): string => text.slice(s.start, s.end);

describe('name boundaries', () => {
  it('drops a lower-case word the decoder ran on into after a capitalized name', () => {
    const text = 'Eric Pickles agrees to help';
    const { tokens, s } = span(text, 0, 2);
    expect(words(text, trimNameTail(s, tokens, model))).toBe('Eric Pickles');
  });

  it('drops trailing punctuation and ordinary words off the name lists', () => {
    const text = 'Starring Robert Downey Jr ., and the Agatha Christie Book Collection';
    const { tokens, s } = span(text, 1, 5);
    expect(words(text, trimNameTail(s, tokens, model))).toBe('Robert Downey Jr');
    const book = span(text, 8, 10);
    expect(words(text, trimNameTail(book.s, book.tokens, model))).toBe('Agatha Christie');
  });

  it('keeps names written all in lower case and name particles inside a name', () => {
    const lower = 'i love kendrick lamar';
    const a = span(lower, 2, 3);
    expect(words(lower, trimNameTail(a.s, a.tokens, model))).toBe('kendrick lamar');
    const text = 'John van Wisse swam the Channel';
    const b = span(text, 0, 2);
    expect(words(text, trimNameTail(b.s, b.tokens, model))).toBe('John van Wisse');
  });

  it('joins two name spans with only a space between them, not across a comma or a line', () => {
    const text = 'Taylor Swift, Adele\nMensah';
    const tokens = tokenizeForNer(text);
    const at = (i: number): NerSpan => ({
      kind: 'PER',
      first: i,
      last: i,
      start: tokens[i]!.start,
      end: tokens[i]!.end,
      score: 0.8,
    });
    const joined = joinAdjacentNames([at(0), at(1), at(3), at(4)], tokens);
    expect(joined.map((s) => words(text, s))).toEqual(['Taylor Swift', 'Adele', 'Mensah']);
  });
});
