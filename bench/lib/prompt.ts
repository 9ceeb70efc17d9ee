/** Deterministic English-like text for benchmarks (no data sets needed). */
const WORDS =
  'the model should answer the question using only the provided context and cite every source it uses while keeping the response short clear and accurate for the user who asked about invoices shipping dates refunds and account settings in the billing portal'.split(
    ' ',
  );

export function englishText(bytes: number, seed = 1): string {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
  const parts: string[] = [];
  let length = 0;
  let sentence = 0;
  while (length < bytes) {
    const word = WORDS[next() % WORDS.length]!;
    const piece = sentence === 0 ? word[0]!.toUpperCase() + word.slice(1) : word;
    sentence++;
    const end = sentence > 8 + (next() % 10) ? '. ' : ' ';
    if (end === '. ') sentence = 0;
    parts.push(piece + end);
    length += piece.length + end.length;
  }
  return parts.join('').slice(0, bytes);
}
