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
