/**
 * Appends every item of `items` to `target`. `target.push(...items)` passes each item as a call
 * argument, which overflows the stack (RangeError) once `items` has ~100k entries; a loop does not.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values` and `floor`, without spreading them into call arguments. */
export function maxOf(values: Iterable<number>, floor = Number.NEGATIVE_INFINITY): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}
