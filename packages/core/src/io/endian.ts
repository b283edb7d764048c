/**
 * Whether this machine stores numbers little-endian (safetensors' byte order); true on every mainstream CPU.
 *
 * @example
 * ```ts
 * const f32 = LITTLE_ENDIAN ? new Float32Array(bytes.buffer) : decodeSwapped(bytes);
 * ```
 */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reverses each `size`-byte element of `bytes` in place (little-endian ↔ big-endian).
 *
 * @example
 * ```ts
 * swapBytes(new Uint8Array([1, 2, 3, 4]), 2); // Uint8Array [2, 1, 4, 3]
 * ```
 */
export function swapBytes(bytes: Uint8Array, size: number): Uint8Array {
  if (size > 1) for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
  return bytes;
}

/**
 * A typed array's bytes in little-endian order: a view of the same memory on little-endian
 * machines (no copy), a byte-swapped copy elsewhere.
 *
 * @example
 * ```ts
 * littleEndianBytes(new Float32Array([1])); // Uint8Array [0, 0, 128, 63]
 * ```
 */
export function littleEndianBytes(values: Float32Array | Int32Array | Uint16Array | Uint8Array): Uint8Array {
  const view = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (LITTLE_ENDIAN || values.BYTES_PER_ELEMENT === 1) return view;
  return swapBytes(view.slice(), values.BYTES_PER_ELEMENT);
}
