import type * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import { littleEndianBytes } from './endian';
import { float32ArrayToHalf } from './half';
import { DTYPE_BYTES, type SafetensorsDtype } from './safetensors-header';

/** How float32 tensors are stored: `'float32'` (F32), `'float16'` (F16) or `'bfloat16'` (BF16). */
export type SaveDtype = 'float32' | 'float16' | 'bfloat16';

const FLOAT: Record<SaveDtype, SafetensorsDtype> = { float32: 'F32', float16: 'F16', bfloat16: 'BF16' };

/** One planned safetensors file: its header bytes and its tensors in file order. */
export interface SafetensorsPlan {
  /** The 8-byte length, the JSON header and its padding. */
  header: Uint8Array;
  tensors: Array<{ name: string; tensor: tf.Tensor; dtype: SafetensorsDtype; bytes: number }>;
  /** The whole file's size. */
  bytes: number;
}

/**
 * The dtype a tensor is stored as, and its size in bytes: floats as `dtype` asks, int32 as I32,
 * bool as BOOL; anything else is an `ArgumentError` naming the tensor.
 *
 * @example
 * ```ts
 * storedAs('w', tf.zeros([2, 3]), 'float16', 'savePretrained(state)'); // { dtype: 'F16', bytes: 12 }
 * ```
 */
export function storedAs(
  name: string,
  tensor: tf.Tensor,
  dtype: SaveDtype,
  what: string,
): { dtype: SafetensorsDtype; bytes: number } {
  const d: SafetensorsDtype | undefined =
    tensor.dtype === 'float32'
      ? FLOAT[dtype]
      : tensor.dtype === 'int32'
        ? 'I32'
        : tensor.dtype === 'bool'
          ? 'BOOL'
          : undefined;
  if (!d) throw new ArgumentError(`${what}['${name}']`, 'a float32, int32 or bool tensor', tensor);
  return { dtype: d, bytes: tensor.size * DTYPE_BYTES[d] };
}

/**
 * Plans a safetensors file without reading any tensor data: tensors ordered as the reference
 * writer does (wider dtypes first, then by name, so every tensor is aligned to its element size),
 * the header padded with spaces to a multiple of 8 bytes.
 *
 * @example
 * ```ts
 * const plan = planSafetensors([['w', w]], 'float32', { format: 'pt' });
 * plan.bytes; // the file's size
 * ```
 */
export function planSafetensors(
  tensors: Array<[string, tf.Tensor]>,
  dtype: SaveDtype,
  metadata: Record<string, string>,
  what = 'savePretrained(state)',
): SafetensorsPlan {
  const planned = tensors.map(([name, tensor]) => ({ name, tensor, ...storedAs(name, tensor, dtype, what) }));
  planned.sort(
    (a, b) => DTYPE_BYTES[b.dtype] - DTYPE_BYTES[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of planned) {
    header[t.name] = { dtype: t.dtype, shape: [...t.tensor.shape], data_offsets: [offset, offset + t.bytes] };
    offset += t.bytes;
  }
  const text = JSON.stringify(header);
  const raw = new TextEncoder().encode(text);
  const json = new TextEncoder().encode(text + ' '.repeat((8 - (raw.byteLength % 8)) % 8));
  const head = new Uint8Array(8 + json.byteLength);
  new DataView(head.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  head.set(json, 8);
  return { header: head, tensors: planned, bytes: head.byteLength + offset };
}

/**
 * The bytes of a planned file, a chunk at a time: the header, then each tensor's data read from the
 * backend (`await tensor.data()`) and encoded as planned (F16/BF16 rounded to nearest even). Only
 * one tensor's bytes are held at a time.
 *
 * @example
 * ```ts
 * for await (const chunk of safetensorsChunks(plan)) await file.write(chunk);
 * ```
 */
export async function* safetensorsChunks(
  plan: SafetensorsPlan,
  onTensor?: (name: string, bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  yield plan.header;
  for (const { name, tensor, dtype, bytes } of plan.tensors) {
    const values = (await tensor.data()) as Float32Array | Int32Array | Uint8Array;
    if (dtype === 'F16') yield littleEndianBytes(float32ArrayToHalf(values, 'float16'));
    else if (dtype === 'BF16') yield littleEndianBytes(float32ArrayToHalf(values, 'bfloat16'));
    else yield littleEndianBytes(values);
    onTensor?.(name, bytes);
  }
}
