import { LITTLE_ENDIAN, swapBytes } from './endian';
import { bfloat16ArrayToFloat32, float16ArrayToFloat32 } from './half';
import {
  DTYPE_BYTES,
  type SafetensorsDtype,
  type SafetensorsEntry,
  safetensorsFail,
} from './safetensors-header';

/** One decoded tensor: float dtypes become float32, integers int32, BOOL bool. */
export interface DecodedTensor {
  /** The dtype stored in the file. */
  fileDtype: SafetensorsDtype;
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

/** A copy in a fresh buffer of its own (not `slice()`: on a Node `Buffer` that is a view). */
function copy(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength);
  out.set(bytes);
  return out;
}

/**
 * Decodes one tensor's raw little-endian bytes. When `bytes` is a whole buffer of its own (offset
 * 0, nothing else in it) F32, I32 and BOOL data become the result without a copy — the buffer is
 * then owned by the result; otherwise the bytes are copied first. F16 and BF16 become float32
 * (bulk table decode), F64 float32, I64 int32 (a value outside the int32 range is a `FormatError`).
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(new Float32Array([1, 2]).buffer);
 * decodeTensorBytes({ name: 'w', dtype: 'F32', shape: [2], begin: 0, end: 8 }, bytes).data; // Float32Array [1, 2]
 * ```
 */
export function decodeTensorBytes(entry: SafetensorsEntry, bytes: Uint8Array, file?: string): DecodedTensor {
  const { name, dtype, shape } = entry;
  const size = DTYPE_BYTES[dtype];
  const n = bytes.byteLength / size;
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  let own = whole ? bytes : copy(bytes);
  if (!LITTLE_ENDIAN && size > 1) {
    if (own === bytes) own = copy(bytes);
    swapBytes(own, size);
  }
  const buf = own.buffer as ArrayBuffer;
  switch (dtype) {
    case 'F32':
      return { fileDtype: dtype, dtype: 'float32', shape, data: new Float32Array(buf, 0, n) };
    case 'F16':
      return {
        fileDtype: dtype,
        dtype: 'float32',
        shape,
        data: float16ArrayToFloat32(new Uint16Array(buf, 0, n)),
      };
    case 'BF16':
      return {
        fileDtype: dtype,
        dtype: 'float32',
        shape,
        data: bfloat16ArrayToFloat32(new Uint16Array(buf, 0, n)),
      };
    case 'F64':
      return {
        fileDtype: dtype,
        dtype: 'float32',
        shape,
        data: Float32Array.from(new Float64Array(buf, 0, n)),
      };
    case 'I32':
      return { fileDtype: dtype, dtype: 'int32', shape, data: new Int32Array(buf, 0, n) };
    case 'I64': {
      const src = new BigInt64Array(buf, 0, n);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const x = src[i]!;
        if (x > 2147483647n || x < -2147483648n)
          safetensorsFail(`tensor '${name}': I64 value ${x} at index ${i} does not fit in int32`, file);
        out[i] = Number(x);
      }
      return { fileDtype: dtype, dtype: 'int32', shape, data: out };
    }
    case 'BOOL':
      return { fileDtype: dtype, dtype: 'bool', shape, data: own };
  }
}
