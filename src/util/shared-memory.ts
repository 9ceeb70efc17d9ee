/**
 * Copies of typed arrays on shared memory. A model's weights kept this way are not copied when
 * handed to a worker thread (structured clone shares a SharedArrayBuffer): every thread reads the
 * one copy the main thread decoded.
 */
export function sharedFloat32(values: Float32Array): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(values.byteLength));
  out.set(values);
  return out;
}

export function sharedInt16(values: Int16Array): Int16Array {
  const out = new Int16Array(new SharedArrayBuffer(values.byteLength));
  out.set(values);
  return out;
}
