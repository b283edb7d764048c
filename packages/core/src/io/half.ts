/**
 * Conversions between IEEE half precision (float16), bfloat16 and float32 bit patterns.
 *
 * @example
 * ```ts
 * float16ToFloat32(0x3c00); // 1
 * bfloat16ToFloat32(0x3f80); // 1
 * ```
 */
export function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** bfloat16 bits (the high half of a float32) → float32 value. */
export function bfloat16ToFloat32(b: number): number {
  u32[0] = (b & 0xffff) << 16;
  return f32[0]!;
}

/**
 * float32 value → float16 bits, rounding to nearest even as PyTorch's `.half()` does: values past
 * 65504 (after rounding) become ±Infinity, values below 2^-25 become ±0, NaN stays NaN (0x7e00).
 *
 * @example
 * ```ts
 * float32ToFloat16(1); // 0x3c00
 * float32ToFloat16(1 + 2 ** -11); // 0x3c00 (a tie, rounded to the even neighbour)
 * ```
 */
export function float32ToFloat16(x: number): number {
  f32[0] = x;
  const b = u32[0]!;
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return sign | (mant ? 0x7e00 : 0x7c00);
  if (exp >= 143) return sign | 0x7c00; // ≥ 2^16: past the largest half even before rounding
  if (exp >= 113) {
    // Normal half: keep 10 of the 23 mantissa bits; a carry may run into the exponent (or to ∞).
    let h = ((exp - 112) << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
    return sign | h;
  }
  if (exp === 0) return sign; // float32 zero or subnormal (< 2^-126): far below half's range
  // Subnormal half (units of 2^-24): the 24-bit significand shifted right, rounded to even.
  const shift = 126 - exp;
  if (shift > 24) return sign;
  const sig = mant | 0x800000;
  let h = sig >>> shift;
  const rest = sig & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  if (rest > half || (rest === half && h & 1)) h++;
  return sign | h;
}

/**
 * float32 value → bfloat16 bits (the high half of the float32), rounding to nearest even as
 * PyTorch's `.bfloat16()` does; NaN stays a (quiet) NaN.
 *
 * @example
 * ```ts
 * float32ToBfloat16(1); // 0x3f80
 * float32ToBfloat16(Math.PI); // 0x4049 (3.140625)
 * ```
 */
export function float32ToBfloat16(x: number): number {
  f32[0] = x;
  const b = u32[0]!;
  if ((b & 0x7f800000) === 0x7f800000 && b & 0x7fffff) return (b >>> 16) | 0x40;
  return ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) & 0xffff;
}

let f16Table: Float32Array | undefined;

/**
 * Decodes float16 bits to float32 values in bulk (a 65,536-entry table, built on first use).
 *
 * @example
 * ```ts
 * float16ArrayToFloat32(new Uint16Array([0x3c00, 0xc100])); // Float32Array [1, -2.5]
 * ```
 */
export function float16ArrayToFloat32(
  bits: Uint16Array,
  out: Float32Array = new Float32Array(bits.length),
): Float32Array {
  if (!f16Table) {
    f16Table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) f16Table[h] = float16ToFloat32(h);
  }
  const table = f16Table;
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]!]!;
  return out;
}

/**
 * Decodes bfloat16 bits to float32 values in bulk (each becomes the high half of a float32).
 *
 * @example
 * ```ts
 * bfloat16ArrayToFloat32(new Uint16Array([0x3f80])); // Float32Array [1]
 * ```
 */
export function bfloat16ArrayToFloat32(
  bits: Uint16Array,
  out: Float32Array = new Float32Array(bits.length),
): Float32Array {
  const o = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < bits.length; i++) o[i] = bits[i]! << 16;
  return out;
}

/**
 * Encodes float32 values as float16 or bfloat16 bits in bulk, rounding to nearest even.
 *
 * @example
 * ```ts
 * float32ArrayToHalf(new Float32Array([1, -2.5]), 'float16'); // Uint16Array [0x3c00, 0xc100]
 * ```
 */
export function float32ArrayToHalf(values: ArrayLike<number>, format: 'float16' | 'bfloat16'): Uint16Array {
  const out = new Uint16Array(values.length);
  const encode = format === 'float16' ? float32ToFloat16 : float32ToBfloat16;
  for (let i = 0; i < values.length; i++) out[i] = encode(values[i]!);
  return out;
}
