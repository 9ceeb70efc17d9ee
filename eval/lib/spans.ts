/** Span-level matching for entity evaluation: a prediction matches a gold span of the same type that it overlaps. */
export interface LabelledSpan {
  type: string;
  start: number;
  end: number;
}

export interface SpanCounts {
  tp: number;
  fp: number;
  fn: number;
}

const overlaps = (a: LabelledSpan, b: LabelledSpan): boolean => a.start < b.end && b.start < a.end;

/** Adds the counts of one document to `perType`: precision counts predictions, recall counts gold spans. */
export function countSpans(
  gold: LabelledSpan[],
  pred: LabelledSpan[],
  perType: Map<string, SpanCounts>,
): void {
  const get = (t: string): SpanCounts => {
    let c = perType.get(t);
    if (!c) {
      c = { tp: 0, fp: 0, fn: 0 };
      perType.set(t, c);
    }
    return c;
  };
  for (const p of pred) {
    if (gold.some((g) => g.type === p.type && overlaps(g, p))) get(p.type).tp++;
    else get(p.type).fp++;
  }
  for (const g of gold) if (!pred.some((p) => p.type === g.type && overlaps(g, p))) get(g.type).fn++;
}

/** A token range [first, last] of a tokenized corpus row. */
export type TokenRange = [number, number];

/** The row's tokens joined by spaces, with each token's [start, end) in that text. */
export function joinTokens(tokens: readonly string[]): { text: string; offsets: [number, number][] } {
  let text = '';
  const offsets: [number, number][] = [];
  for (const t of tokens) {
    if (text) text += ' ';
    offsets.push([text.length, text.length + t.length]);
    text += t;
  }
  return { text, offsets };
}

/** Token ranges of the gold person entities (B-PER / I-PER tags) of a row. */
export function personRanges(tags: readonly string[]): TokenRange[] {
  const gold: TokenRange[] = [];
  tags.forEach((tag, i) => {
    const continues = tag === 'I-PER' && tags[i - 1]?.endsWith('-PER');
    if (continues) (gold[gold.length - 1] as TokenRange)[1] = i;
    else if (tag.endsWith('-PER')) gold.push([i, i]);
  });
  return gold;
}

/** Character spans of the joined text as the token ranges they overlap (spans on no token dropped). */
export function tokenRanges(
  spans: readonly { start: number; end: number }[],
  offsets: [number, number][],
): TokenRange[] {
  return spans.flatMap((s) => {
    const idx = offsets.flatMap(([a, b], i) => (a < s.end && s.start < b ? [i] : []));
    return idx.length ? [[idx[0] as number, idx[idx.length - 1] as number] as TokenRange] : [];
  });
}
