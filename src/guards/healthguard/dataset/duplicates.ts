import type { Corpus } from './corpus.js';
import type { ReasonSink } from './types.js';
import { fnv1a, popcount32 } from './words.js';

/**
 * Exact and near duplicates. Exact: the same words after normalization. Near: 64-bit SimHash over
 * words and word pairs, with locality-sensitive banding (4 bands of 16 bits) and a Hamming limit.
 * A group whose members carry different labels is the classic poisoning pattern: the members
 * whose label the content supports least are reported as conflicting.
 */

export interface DuplicateOptions {
  maxHamming: number;
  minWordsForNear: number;
}

export const defaultDuplicateOptions: DuplicateOptions = { maxHamming: 3, minWordsForNear: 5 };

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r] ?? r;
    let c = x;
    while (this.parent[c] !== r) {
      const next = this.parent[c] ?? r;
      this.parent[c] = r;
      c = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

function simhash(words: string[]): [number, number] {
  const v = new Int32Array(64);
  const features: string[] = [...words];
  for (let i = 0; i + 1 < words.length; i++) features.push(`${words[i]} ${words[i + 1]}`);
  for (const f of features) {
    const hi = fnv1a(f);
    const lo = fnv1a(f, 0x9747b28c);
    for (let b = 0; b < 32; b++) {
      v[b] = (v[b] ?? 0) + ((hi >>> b) & 1 ? 1 : -1);
      v[b + 32] = (v[b + 32] ?? 0) + ((lo >>> b) & 1 ? 1 : -1);
    }
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if ((v[b] ?? 0) > 0) hi |= 1 << b;
    if ((v[b + 32] ?? 0) > 0) lo |= 1 << b;
  }
  return [hi >>> 0, lo >>> 0];
}

export interface DuplicateGroup {
  rows: number[];
  conflicting: boolean;
}

export function findDuplicates(
  corpus: Corpus,
  sink: ReasonSink,
  nbOwn: Float64Array,
  opts: DuplicateOptions = defaultDuplicateOptions,
): DuplicateGroup[] {
  const N = corpus.size;
  const uf = new UnionFind(N);
  const exact = new Map<string, number>();
  const hashes: [number, number][] = new Array(N);
  const bands = [
    new Map<number, number[]>(),
    new Map<number, number[]>(),
    new Map<number, number[]>(),
    new Map<number, number[]>(),
  ];
  for (let i = 0; i < N; i++) {
    const toks = corpus.tokens[i] ?? [];
    const key = toks.join(' ');
    if (key.length === 0) continue;
    const first = exact.get(key);
    if (first !== undefined) uf.union(first, i);
    else exact.set(key, i);
    if (toks.length < opts.minWordsForNear) continue;
    const h = simhash(toks);
    hashes[i] = h;
    const parts = [h[0] & 0xffff, h[0] >>> 16, h[1] & 0xffff, h[1] >>> 16];
    for (let b = 0; b < 4; b++) {
      const band = bands[b];
      const k = parts[b] ?? 0;
      const list = band?.get(k);
      if (list) {
        // Bucket sizes are capped so a degenerate hash cannot turn this quadratic.
        for (const j of list.slice(-50)) {
          if (uf.find(i) === uf.find(j)) continue;
          const hj = hashes[j];
          if (!hj) continue;
          const d = popcount32((h[0] ^ hj[0]) >>> 0) + popcount32((h[1] ^ hj[1]) >>> 0);
          if (d <= opts.maxHamming) uf.union(i, j);
        }
        list.push(i);
      } else band?.set(k, [i]);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < N; i++) {
    const r = uf.find(i);
    if (r === i && !groups.has(r)) continue;
    let g = groups.get(r);
    if (!g) {
      g = [r];
      groups.set(r, g);
    }
    if (r !== i) g.push(i);
  }
  const out: DuplicateGroup[] = [];
  for (const rows of groups.values()) {
    if (rows.length < 2) continue;
    const byLabel = new Map<number, number[]>();
    for (const r of rows) {
      const li = corpus.y[r] ?? -1;
      if (li < 0) continue;
      const list = byLabel.get(li) ?? [];
      list.push(r);
      byLabel.set(li, list);
    }
    const conflicting = byLabel.size > 1;
    out.push({ rows, conflicting });
    if (!conflicting) {
      // Repeats with one label: over-weighting, not a contradiction; later copies are reported mildly.
      for (const r of rows.slice(1))
        sink(r, {
          type: 'duplicate',
          score: 0.3,
          detail: `duplicate of row ${corpus.rows[rows[0] ?? 0]?.id}`,
        });
      continue;
    }
    // The label kept is the majority's; on a tie, the one the content supports best.
    const support = (li: number) => (byLabel.get(li) ?? []).reduce((s, r) => s + (nbOwn[r] ?? 0), 0);
    const ranked = [...byLabel.keys()].sort(
      (a, b) => (byLabel.get(b)?.length ?? 0) - (byLabel.get(a)?.length ?? 0) || support(b) - support(a),
    );
    const keep = ranked[0];
    for (const [li, members] of byLabel) {
      if (li === keep) continue;
      for (const r of members) {
        sink(r, {
          type: 'duplicate_conflict',
          score: 0.75,
          detail: `duplicate of row ${corpus.rows[rows[0] ?? 0]?.id} with a conflicting label ("${corpus.labels[li]}" vs "${corpus.labels[keep ?? 0]}")`,
        });
      }
    }
  }
  return out;
}
