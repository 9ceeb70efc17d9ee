/**
 * The set of row hashes a file job has seen (exact duplicates across chunks): 52-bit integers in
 * an open-addressing table of float64 slots. A `Set<number>` of 223,000 such hashes held about
 * 9 MB of the main thread's heap (a boxed number and entry per hash), counted again in the heap
 * headroom V8 keeps; this holds 8 to 16 bytes a hash outside the heap.
 */
export class RowHashSet {
  /** Slot value hash + 1, so 0 marks an empty slot. */
  private slots = new Float64Array(1 << 14);
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(hash: number): boolean {
    return this.slots[this.find(hash + 1)] !== 0;
  }

  add(hash: number): void {
    const key = hash + 1;
    const at = this.find(key);
    if (this.slots[at] !== 0) return;
    this.slots[at] = key;
    this.count++;
    // At most half full, so probes stay short.
    if (this.count * 2 > this.slots.length) this.grow();
  }

  /** The slot holding `key`, or the empty slot where it belongs (linear probing). */
  private find(key: number): number {
    const mask = this.slots.length - 1;
    // The low 32 bits of the hash are already uniform (a slice of a SHA-1).
    let i = (key % 4_294_967_296) & mask;
    for (;;) {
      const v = this.slots[i];
      if (v === 0 || v === key) return i;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    for (const key of old) {
      if (key !== 0) this.slots[this.find(key)] = key;
    }
  }
}
