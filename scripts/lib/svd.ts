/**
 * Truncated SVD of a sparse matrix, for word vectors (scripts/train-contextguard.ts): a randomized
 * range finder (Halko, Martinsson and Tropp 2011: Gaussian sketch, two power iterations,
 * Gram-Schmidt), then an eigen-decomposition of the small projected matrix by Jacobi rotations.
 * Deterministic: the sketch comes from a seeded generator.
 */

/** A sparse matrix, compressed rows: row r's entries are colIdx/vals[rowPtr[r] .. rowPtr[r + 1]). */
export interface Csr {
  rowPtr: Int32Array;
  colIdx: number[];
  vals: number[];
}

/**
 * Positive PMI of co-occurrence counts (Levy, Goldberg and Dagan 2015), the context distribution
 * smoothed (counts^0.75): `counts` maps row * C + column to a count, V rows by C context columns.
 */
export function ppmiCsr(counts: Map<number, number>, V: number, C: number): Csr {
  const rowSum = new Float64Array(V);
  const colSum = new Float64Array(C);
  let total = 0;
  for (const [k, n] of counts) {
    rowSum[Math.floor(k / C)] = (rowSum[Math.floor(k / C)] ?? 0) + n;
    colSum[k % C] = (colSum[k % C] ?? 0) + n;
    total += n;
  }
  let colAlpha = 0;
  const colP = new Float64Array(C);
  for (let c = 0; c < C; c++) colAlpha += (colSum[c] ?? 0) ** 0.75;
  for (let c = 0; c < C; c++) colP[c] = (colSum[c] ?? 0) ** 0.75 / colAlpha;
  const keys = [...counts.keys()].sort((x, y) => x - y);
  const rowPtr = new Int32Array(V + 1);
  const colIdx: number[] = [];
  const vals: number[] = [];
  for (const k of keys) {
    const a = Math.floor(k / C);
    const c = k % C;
    const pmi = Math.log((counts.get(k) ?? 0) / total / (((rowSum[a] ?? 1) / total) * (colP[c] ?? 1)));
    if (pmi <= 0) continue;
    colIdx.push(c);
    vals.push(pmi);
    rowPtr[a + 1] = (rowPtr[a + 1] ?? 0) + 1;
  }
  for (let a = 0; a < V; a++) rowPtr[a + 1] = (rowPtr[a + 1] ?? 0) + (rowPtr[a] ?? 0);
  return { rowPtr, colIdx, vals };
}

/** Oversampling of the sketch beyond the dimensions kept. */
const OVERSAMPLE = 16;

/** The rows of a sparse V x C matrix in `dims` dimensions: U Sigma^0.5 of its truncated SVD. */
export function svdRows({ rowPtr, colIdx, vals }: Csr, V: number, C: number, dims: number): Float32Array {
  const DIMS = dims;
  const K = DIMS + OVERSAMPLE;
  // M (V x C) times X (C x K) -> V x K; M^T times Y (V x K) -> C x K. Row-major Float64Arrays.
  const mul = (X: Float64Array): Float64Array => {
    const out = new Float64Array(V * K);
    for (let a = 0; a < V; a++)
      for (let p = rowPtr[a] ?? 0; p < (rowPtr[a + 1] ?? 0); p++) {
        const c = colIdx[p] ?? 0;
        const v = vals[p] ?? 0;
        for (let k = 0; k < K; k++) out[a * K + k] = (out[a * K + k] ?? 0) + v * (X[c * K + k] ?? 0);
      }
    return out;
  };
  const mulT = (Y: Float64Array): Float64Array => {
    const out = new Float64Array(C * K);
    for (let a = 0; a < V; a++)
      for (let p = rowPtr[a] ?? 0; p < (rowPtr[a + 1] ?? 0); p++) {
        const c = colIdx[p] ?? 0;
        const v = vals[p] ?? 0;
        for (let k = 0; k < K; k++) out[c * K + k] = (out[c * K + k] ?? 0) + v * (Y[a * K + k] ?? 0);
      }
    return out;
  };
  // Modified Gram-Schmidt on the K columns of an n x K matrix, in place.
  const orth = (A: Float64Array, n: number): Float64Array => {
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (A[i * K + k] ?? 0) * (A[i * K + j] ?? 0);
        for (let i = 0; i < n; i++) A[i * K + k] = (A[i * K + k] ?? 0) - s * (A[i * K + j] ?? 0);
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += (A[i * K + k] ?? 0) ** 2;
      s = Math.sqrt(s) || 1;
      for (let i = 0; i < n; i++) A[i * K + k] = (A[i * K + k] ?? 0) / s;
    }
    return A;
  };
  let seed = 0x2545f491;
  const rand = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const omega = new Float64Array(C * K);
  for (let i = 0; i < omega.length; i++)
    omega[i] = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  let Q = orth(mul(omega), V);
  for (let it = 0; it < 2; it++) Q = orth(mul(orth(mulT(Q), C)), V);
  // B = Q^T M (K x C); B B^T = (M^T Q)^T (M^T Q).
  const Bt = mulT(Q);
  const S = new Float64Array(K * K);
  for (let c = 0; c < C; c++)
    for (let i = 0; i < K; i++) {
      const x = Bt[c * K + i] ?? 0;
      if (x === 0) continue;
      for (let j = 0; j < K; j++) S[i * K + j] = (S[i * K + j] ?? 0) + x * (Bt[c * K + j] ?? 0);
    }
  const { values, vectors } = jacobiEigen(S, K);
  const order = [...values.keys()].sort((x, y) => (values[y] ?? 0) - (values[x] ?? 0)).slice(0, DIMS);
  const out = new Float32Array(V * DIMS);
  for (let a = 0; a < V; a++)
    order.forEach((e, d) => {
      let s = 0;
      for (let k = 0; k < K; k++) s += (Q[a * K + k] ?? 0) * (vectors[k * K + e] ?? 0);
      out[a * DIMS + d] = s * Math.max(0, values[e] ?? 0) ** 0.25;
    });
  return out;
}

/** Eigen-decomposition of a symmetric n x n matrix by cyclic Jacobi rotations; columns of `vectors`. */
export function jacobiEigen(A0: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const A = Float64Array.from(A0);
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) W[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (A[p * n + q] ?? 0) ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q] ?? 0;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((A[q * n + q] ?? 0) - (A[p * n + p] ?? 0)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p] ?? 0;
          const akq = A[k * n + q] ?? 0;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k] ?? 0;
          const aqk = A[q * n + k] ?? 0;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const wkp = W[k * n + p] ?? 0;
          const wkq = W[k * n + q] ?? 0;
          W[k * n + p] = c * wkp - s * wkq;
          W[k * n + q] = s * wkp + c * wkq;
        }
      }
  }
  return { values: Array.from({ length: n }, (_, i) => A[i * n + i] ?? 0), vectors: W };
}
