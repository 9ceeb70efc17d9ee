/** Shared evaluation arithmetic, so every guard reports figures the same way. */

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export const emptyConfusion = (): Confusion => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

export function addOutcome(c: Confusion, predicted: boolean, actual: boolean): void {
  if (predicted && actual) c.tp++;
  else if (predicted && !actual) c.fp++;
  else if (!predicted && actual) c.fn++;
  else c.tn++;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function scores(c: Confusion): {
  precision: number;
  recall: number;
  f1: number;
  f2: number;
  fpr: number;
  accuracy: number;
} {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  const fBeta = (beta: number) =>
    ratio((1 + beta * beta) * precision * recall, beta * beta * precision + recall);
  return {
    precision,
    recall,
    f1: fBeta(1),
    f2: fBeta(2),
    fpr: ratio(c.fp, c.fp + c.tn),
    accuracy: ratio(c.tp + c.tn, c.tp + c.fp + c.fn + c.tn),
  };
}

/** Area under the ROC curve by the rank-sum (Mann-Whitney) formula, ties counted half. */
export function auc(positives: number[], negatives: number[]): number {
  if (positives.length === 0 || negatives.length === 0) return 0;
  const all = [...positives.map((s) => ({ s, p: 1 })), ...negatives.map((s) => ({ s, p: 0 }))].sort(
    (a, b) => a.s - b.s,
  );
  let rankSumPos = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.s === all[i]!.s) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]!.p === 1) rankSumPos += avgRank;
    i = j;
  }
  const nPos = positives.length;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * negatives.length);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const fmt = (x: number, digits = 3): string => x.toFixed(digits);
