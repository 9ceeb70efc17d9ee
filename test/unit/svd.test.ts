import { describe, expect, it } from 'vitest';
import { type Csr, jacobiEigen, svdRows } from '../../scripts/lib/svd.js';

function csr(rows: number[][]): Csr {
  const rowPtr = new Int32Array(rows.length + 1);
  const colIdx: number[] = [];
  const vals: number[] = [];
  rows.forEach((r, i) => {
    r.forEach((v, j) => {
      if (v === 0) return;
      colIdx.push(j);
      vals.push(v);
    });
    rowPtr[i + 1] = colIdx.length;
  });
  return { rowPtr, colIdx, vals };
}

const cos = (U: Float32Array, dims: number, a: number, b: number): number => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let d = 0; d < dims; d++) {
    const x = U[a * dims + d] ?? 0;
    const y = U[b * dims + d] ?? 0;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
};

describe('truncated SVD for word vectors', () => {
  it('finds the eigenvalues and eigenvectors of a symmetric matrix', () => {
    // [[2, 1], [1, 2]]: eigenvalues 3 (1, 1) and 1 (1, -1).
    const { values, vectors } = jacobiEigen(Float64Array.from([2, 1, 1, 2]), 2);
    const top = (values[0] ?? 0) > (values[1] ?? 0) ? 0 : 1;
    expect([...values].sort()).toEqual([expect.closeTo(1, 9), expect.closeTo(3, 9)]);
    const v = [vectors[top] ?? 0, vectors[2 + top] ?? 0];
    expect(Math.abs(v[0] ?? 0)).toBeCloseTo(Math.SQRT1_2, 9);
    // The top eigenvector is (1, 1) / sqrt 2, up to sign.
    expect(values[top]).toBeCloseTo(3, 9);
    expect((v[0] ?? 0) * (v[1] ?? 0)).toBeCloseTo(0.5, 9);
  });

  it('gives rows that share their columns the same direction, and rows of disjoint columns orthogonal ones', () => {
    // Two topics: rows 0-2 use columns 0-2, rows 3-5 columns 3-5 (row 5 more weakly).
    const rows = [
      [1, 2, 1, 0, 0, 0],
      [2, 4, 2, 0, 0, 0],
      [1, 2, 1.2, 0, 0, 0],
      [0, 0, 0, 3, 1, 1],
      [0, 0, 0, 3, 1, 1.1],
      [0, 0, 0, 1, 0.3, 0.3],
    ];
    const U = svdRows(csr(rows), rows.length, 6, 2);
    expect(cos(U, 2, 0, 1)).toBeGreaterThan(0.99);
    expect(cos(U, 2, 0, 2)).toBeGreaterThan(0.99);
    expect(cos(U, 2, 3, 5)).toBeGreaterThan(0.99);
    expect(Math.abs(cos(U, 2, 0, 3))).toBeLessThan(0.05);
    // Deterministic: the same matrix gives the same vectors.
    expect([...svdRows(csr(rows), rows.length, 6, 2)]).toEqual([...U]);
  });
});
