/**
 * The sparse form in which the project's linear models store their hashed-feature weights:
 * indices as gaps from the previous kept index, values as integers over `scale`; weights closer to
 * zero than `minAbs` are dropped. One encoder and one decoder for every model file.
 */
export function encodeSparse(
  weights: ArrayLike<number>,
  minAbs: number,
  scale: number,
): { idx: number[]; w: number[] } {
  const idx: number[] = [];
  const w: number[] = [];
  let last = 0;
  for (let i = 0; i < weights.length; i++) {
    const v = weights[i] ?? 0;
    if (Math.abs(v) < minAbs) continue;
    idx.push(i - last);
    w.push(Math.round(v * scale));
    last = i;
  }
  return { idx, w };
}

/** The dense weight vector of `size` entries that `encodeSparse` stored. */
export function decodeSparse(
  size: number,
  file: { idx: readonly number[]; w: readonly number[]; scale: number },
): Float32Array {
  const weights = new Float32Array(size);
  let index = 0;
  for (let i = 0; i < file.idx.length; i++) {
    index += file.idx[i] ?? 0;
    weights[index] = (file.w[i] ?? 0) / file.scale;
  }
  return weights;
}
