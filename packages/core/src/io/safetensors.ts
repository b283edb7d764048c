import * as tf from '@tensorflow/tfjs-core';
import { FormatError } from '../errors';
import type { PlainTensor } from '../module';
import { type DecodedTensor, decodeTensorBytes } from './safetensors-decode';
import {
  parseSafetensorsHeader,
  readHeaderLength,
  type SafetensorsDtype,
  setOwn,
} from './safetensors-header';

export type { DecodedTensor } from './safetensors-decode';
export type { SafetensorsDtype } from './safetensors-header';

/** What `parseSafetensors` returns. */
export interface ParsedSafetensors {
  tensors: Record<string, DecodedTensor>;
  /** The header's `__metadata__` (string → string), `{}` when absent. */
  metadata: Record<string, string>;
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
  const n = readHeaderLength(buf.subarray(0, 8), buf.byteLength);
  const dataStart = 8 + n;
  const { entries, metadata } = parseSafetensorsHeader(
    buf.subarray(8, dataStart),
    buf.byteLength - dataStart,
  );
  const tensors: Record<string, DecodedTensor> = {};
  for (const e of entries) {
    setOwn(tensors, e.name, decodeTensorBytes(e, buf.subarray(dataStart + e.begin, dataStart + e.end)));
  }
  return { tensors, metadata };
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
  for (const [k, t] of Object.entries(tensors)) setOwn(out, k, tf.tensor(t.data, t.shape, t.dtype));
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
