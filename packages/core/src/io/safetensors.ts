import * as tf from '@tensorflow/tfjs-core';
import { FormatError } from '../errors';
import type { PlainTensor } from '../module';
import { bfloat16ToFloat32, float16ToFloat32 } from './half';

/** safetensors dtypes this reader understands (the writer emits F32, I32 and BOOL). */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I32' | 'I64' | 'BOOL';

const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I32: 4, I64: 8, BOOL: 1 };
/** Largest header accepted (as the reference implementation: 100 MB). */
const MAX_HEADER = 100_000_000;

/** One decoded tensor: float dtypes become float32, integers int32, BOOL bool. */
export interface DecodedTensor {
  /** The dtype stored in the file. */
  fileDtype: SafetensorsDtype;
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

/** What `parseSafetensors` returns. */
export interface ParsedSafetensors {
  tensors: Record<string, DecodedTensor>;
  /** The header's `__metadata__` (string → string), `{}` when absent. */
  metadata: Record<string, string>;
}

function fail(msg: string, cause?: unknown): never {
  throw new FormatError(`safetensors: ${msg}`, undefined, cause === undefined ? undefined : { cause });
}

/**
 * Parses a safetensors file (8-byte little-endian header length, JSON header, raw little-endian
 * data) without any tensor library. Half precision (F16, BF16) and F64 are converted to float32,
 * I64 to int32 (a value outside the int32 range is a `FormatError`). The header is validated
 * strictly: lengths, dtypes, shapes, and offsets that must tile the data area exactly.
 *
 * @example
 * ```ts
 * const { tensors, metadata } = parseSafetensors(new Uint8Array(await (await fetch(url)).arrayBuffer()));
 * tensors['wte.weight'].shape; // [V, D]
 * ```
 */
export function parseSafetensors(bytes: Uint8Array | ArrayBuffer): ParsedSafetensors {
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (buf.byteLength < 8) fail(`expected at least 8 bytes (the header length), received ${buf.byteLength}`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > MAX_HEADER) fail(`header length ${n} exceeds the ${MAX_HEADER}-byte limit`);
  if (8 + n > buf.byteLength) fail(`header length ${n} runs past the end of the ${buf.byteLength}-byte file`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(8, 8 + n)));
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${(e as Error).message})`, e);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) fail('header must be a JSON object');
  const dataStart = 8 + n;
  const dataLen = buf.byteLength - dataStart;
  const metadata: Record<string, string> = {};
  const entries: Array<[string, SafetensorsDtype, number[], number, number]> = [];
  for (const [name, info] of Object.entries(header as Record<string, any>)) {
    if (name === '__metadata__') {
      if (!info || typeof info !== 'object' || Array.isArray(info))
        fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(info)) {
        if (typeof v !== 'string') fail(`__metadata__['${k}'] must be a string, received ${typeof v}`);
        metadata[k] = v;
      }
      continue;
    }
    if (!info || typeof info !== 'object') fail(`tensor '${name}': expected {dtype, shape, data_offsets}`);
    const { dtype, shape, data_offsets: offs } = info;
    if (!Object.hasOwn(BYTES, dtype)) {
      fail(
        `tensor '${name}': dtype '${String(dtype)}' is not supported (expected one of ${Object.keys(BYTES).join(', ')})`,
      );
    }
    if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
      fail(
        `tensor '${name}': shape must be an array of non-negative integers, received ${JSON.stringify(shape)}`,
      );
    }
    if (
      !Array.isArray(offs) ||
      offs.length !== 2 ||
      offs.some((o) => !Number.isSafeInteger(o) || o < 0) ||
      offs[1] < offs[0]
    ) {
      fail(
        `tensor '${name}': data_offsets must be [begin, end] with 0 <= begin <= end, received ${JSON.stringify(offs)}`,
      );
    }
    const numel = shape.reduce((a: number, b: number) => a * b, 1);
    const expected = numel * BYTES[dtype as SafetensorsDtype];
    if (offs[1] - offs[0] !== expected) {
      fail(
        `tensor '${name}': ${dtype} ${JSON.stringify(shape)} needs ${expected} bytes, data_offsets span ${offs[1] - offs[0]}`,
      );
    }
    if (offs[1] > dataLen)
      fail(`tensor '${name}': data_offsets end ${offs[1]} is past the data area (${dataLen} bytes)`);
    entries.push([name, dtype, shape, offs[0], offs[1]]);
  }
  // The tensors must tile the data area: no overlap, no gap, nothing left over.
  const sorted = [...entries].sort((a, b) => a[3] - b[3] || a[4] - b[4]);
  let pos = 0;
  for (const [name, , , begin, end] of sorted) {
    if (begin !== pos)
      fail(
        `tensor '${name}': data_offsets begin ${begin}, expected ${pos} (tensors must be contiguous and not overlap)`,
      );
    pos = end;
  }
  if (pos !== dataLen) fail(`data area has ${dataLen} bytes but the tensors cover ${pos}`);
  const tensors: Record<string, DecodedTensor> = {};
  for (const [name, dtype, shape, begin, end] of entries) {
    tensors[name] = decode(
      name,
      dtype,
      shape,
      new DataView(buf.buffer, buf.byteOffset + dataStart + begin, end - begin),
    );
  }
  return { tensors, metadata };
}

function decode(name: string, dtype: SafetensorsDtype, shape: number[], v: DataView): DecodedTensor {
  const n = v.byteLength / BYTES[dtype];
  if (dtype === 'BOOL') {
    return {
      fileDtype: dtype,
      dtype: 'bool',
      shape,
      data: new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + n)),
    };
  }
  if (dtype === 'I32' || dtype === 'I64') {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (dtype === 'I32') out[i] = v.getInt32(i * 4, true);
      else {
        const x = v.getBigInt64(i * 8, true);
        if (x > 2147483647n || x < -2147483648n)
          fail(`tensor '${name}': I64 value ${x} at index ${i} does not fit in int32`);
        out[i] = Number(x);
      }
    }
    return { fileDtype: dtype, dtype: 'int32', shape, data: out };
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (dtype === 'F32') out[i] = v.getFloat32(i * 4, true);
    else if (dtype === 'F64') out[i] = v.getFloat64(i * 8, true);
    else if (dtype === 'F16') out[i] = float16ToFloat32(v.getUint16(i * 2, true));
    else out[i] = bfloat16ToFloat32(v.getUint16(i * 2, true));
  }
  return { fileDtype: dtype, dtype: 'float32', shape, data: out };
}

/**
 * Parses a safetensors file into tensors (float32, int32 or bool) and its metadata.
 *
 * @example
 * ```ts
 * const { tensors } = loadSafetensors(bytes);
 * model.loadStateDict(tensors);
 * tf.dispose(Object.values(tensors));
 * ```
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): {
  tensors: Record<string, tf.Tensor>;
  metadata: Record<string, string>;
} {
  const { tensors, metadata } = parseSafetensors(bytes);
  const out: Record<string, tf.Tensor> = {};
  for (const [k, t] of Object.entries(tensors)) out[k] = tf.tensor(t.data, t.shape, t.dtype);
  return { tensors: out, metadata };
}

/**
 * Serializes tensors (or `{ shape, data, dtype }` objects) and string metadata to safetensors
 * bytes: float32 → F32, int32 → I32, bool → BOOL, keys in sorted order, the header padded with
 * spaces so the data starts 8-byte aligned. Async because tensor data is read from the device.
 *
 * @example
 * ```ts
 * const bytes = await serializeSafetensors(model.stateDict(), { format: 'pt' });
 * ```
 */
export async function serializeSafetensors(
  tensors: Record<string, tf.Tensor | PlainTensor>,
  metadata: Record<string, string> = {},
): Promise<Uint8Array> {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string')
        throw new FormatError(
          `serializeSafetensors(metadata['${k}']): expected a string, received ${typeof v}`,
        );
    }
    header.__metadata__ = metadata;
  }
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const name of Object.keys(tensors).sort()) {
    if (name === '__metadata__')
      throw new FormatError(`serializeSafetensors: '__metadata__' is reserved and cannot name a tensor`);
    const t = tensors[name]!;
    const isTensor = t instanceof tf.Tensor;
    const dtype = isTensor ? t.dtype : (t.dtype ?? 'float32');
    const shape = [...t.shape];
    const values = isTensor ? await t.data() : Array.from(t.data as ArrayLike<number>, Number);
    let bytes: Uint8Array;
    let fileDtype: SafetensorsDtype;
    if (dtype === 'float32') {
      bytes = new Uint8Array(Float32Array.from(values as ArrayLike<number>).buffer);
      fileDtype = 'F32';
    } else if (dtype === 'int32') {
      bytes = new Uint8Array(Int32Array.from(values as ArrayLike<number>).buffer);
      fileDtype = 'I32';
    } else if (dtype === 'bool') {
      bytes = Uint8Array.from(values as ArrayLike<number>, (x) => (x ? 1 : 0));
      fileDtype = 'BOOL';
    } else {
      throw new FormatError(
        `serializeSafetensors(tensors['${name}']): dtype '${dtype}' cannot be written (float32, int32, bool)`,
      );
    }
    header[name] = { dtype: fileDtype, shape, data_offsets: [offset, offset + bytes.byteLength] };
    parts.push(bytes);
    offset += bytes.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.byteLength % 8)) % 8;
  if (pad) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(pad));
  const out = new Uint8Array(8 + json.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  let p = 8 + json.byteLength;
  for (const part of parts) {
    out.set(part, p);
    p += part.byteLength;
  }
  return out;
}
