/**
 * Ops on preallocated KV-cache buffers `[B, H, capacity, D]` (what `@glossa/attention`'s `KVCache`
 * keeps): {@link kvCacheWrite} and {@link attendCachedToken}. On wasm and cpu each is one fused kernel
 * that writes into the buffer in place (kernels/fused/kv-attention.ts); elsewhere (webgpu) composite
 * ops give the same values with new buffers.
 *
 * The buffers are *donated*: each op returns the buffer to use from then on (on wasm and cpu a
 * tensor sharing the input's memory, which has been updated), and the caller disposes the input and
 * never reads it again. Only an owner that never hands its buffer out may call these ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError } from '../errors';
import { ATTEND_ONE, KV_WRITE, kvKernelsAvailable } from '../kernels/fused/kv-attention';

function checkBuffer(what: string, buffer: tf.Tensor): [number, number, number, number] {
  if (!(buffer instanceof tf.Tensor) || buffer.rank !== 4 || buffer.dtype !== 'float32') {
    throw new ArgumentError(what, 'a float32 tensor [B, H, capacity, D]', buffer);
  }
  return buffer.shape as [number, number, number, number];
}

/**
 * Writes `src` `[B, H, T, D]` into `buffer` `[B, H, capacity, D]` at positions `offset … offset+T−1`
 * and returns the updated buffer (donated: see the module comment).
 *
 * @example
 * ```ts
 * let buf = tf.zeros([1, 4, 64, 32]) as tf.Tensor4D;
 * const next = kvCacheWrite(buf, newKeys, 16); // newKeys [1, 4, 1, 32] at position 16
 * buf.dispose();                               // always: `next` is the buffer from now on
 * buf = next;
 * ```
 */
export function kvCacheWrite(buffer: tf.Tensor4D, src: tf.Tensor4D, offset: number): tf.Tensor4D {
  const [B, H, cap, D] = checkBuffer('kvCacheWrite(buffer)', buffer);
  const expected = [B, H, null, D];
  if (
    !(src instanceof tf.Tensor) ||
    src.rank !== 4 ||
    src.shape[0] !== B ||
    src.shape[1] !== H ||
    src.shape[3] !== D
  ) {
    const shape = src instanceof tf.Tensor ? src.shape : [];
    throw new ShapeError(
      `kvCacheWrite(src): expected shape ${fmtShape(expected)}, received ${fmtShape(shape)}`,
      expected,
      shape,
    );
  }
  const T = src.shape[2];
  if (!Number.isInteger(offset) || offset < 0 || offset + T > cap) {
    throw new ArgumentError('kvCacheWrite(offset)', `an integer in [0, ${cap - T}]`, offset);
  }
  const s = src.dtype === 'float32' ? src : tf.cast(src, 'float32');
  try {
    if (kvKernelsAvailable()) {
      return tf.engine().runKernel(KV_WRITE, { buffer, src: s }, { offset }) as tf.Tensor4D;
    }
    return tf.tidy(() => {
      const parts: tf.Tensor4D[] = [];
      if (offset > 0) parts.push(tf.slice(buffer, [0, 0, 0, 0], [B, H, offset, D]));
      parts.push(s);
      if (offset + T < cap) parts.push(tf.slice(buffer, [0, 0, offset + T, 0], [B, H, cap - offset - T, D]));
      return tf.concat(parts, 2);
    });
  } finally {
    if (s !== src) s.dispose();
  }
}

/** Inputs of {@link attendCachedToken}. */
export interface AttendCachedTokenArgs {
  /** The new token's query, key and value side by side, `[B, 3·H·D]` (a fused q/k/v projection). */
  qkv: tf.Tensor;
  /** Key buffer `[B, H, capacity, D]` holding `length` positions (donated). */
  keys: tf.Tensor4D;
  /** Value buffer, the same shape (donated). */
  values: tf.Tensor4D;
  /** Positions already cached; the new token goes to position `length` (< capacity). */
  length: number;
  /** Scale of q·Kᵀ. Default `1/√D`. */
  scale?: number;
}

/**
 * One decoding step of multi-head attention over a KV cache, for one new token per row: writes the
 * token's key and value at position `length` of the buffers, then returns, per row and head,
 * softmax(scale·q·K[0…length]ᵀ)·V[0…length] with the heads side by side (`output` `[B, H·D]`, what
 * an output projection reads), and the updated buffers (donated: see the module comment). No mask:
 * every cached position is attended to.
 *
 * @example
 * ```ts
 * const { output, keys, values } = attendCachedToken({ qkv, keys: kBuf, values: vBuf, length: 16 });
 * ```
 */
export function attendCachedToken(args: AttendCachedTokenArgs): {
  output: tf.Tensor2D;
  keys: tf.Tensor4D;
  values: tf.Tensor4D;
} {
  const { qkv, keys, values, length } = args;
  const [B, H, cap, D] = checkBuffer('attendCachedToken(keys)', keys);
  const vShape = checkBuffer('attendCachedToken(values)', values);
  if (vShape.some((d, i) => d !== keys.shape[i])) {
    throw new ShapeError(
      `attendCachedToken(values): expected shape ${fmtShape(keys.shape)}, received ${fmtShape(vShape)}`,
      keys.shape,
      vShape,
    );
  }
  const C = H * D;
  if (
    !(qkv instanceof tf.Tensor) ||
    qkv.rank !== 2 ||
    qkv.shape[0] !== B ||
    qkv.shape[1] !== 3 * C ||
    qkv.dtype !== 'float32'
  ) {
    const shape = qkv instanceof tf.Tensor ? qkv.shape : [];
    throw new ShapeError(
      `attendCachedToken(qkv): expected a float32 tensor of shape [${B}, ${3 * C}], received ${fmtShape(shape)}`,
      [B, 3 * C],
      shape,
    );
  }
  if (!Number.isInteger(length) || length < 0 || length >= cap) {
    throw new ArgumentError(
      'attendCachedToken(length)',
      `an integer in [0, ${cap - 1}] (buffer capacity ${cap})`,
      length,
    );
  }
  const scale = args.scale ?? 1 / Math.sqrt(D);
  if (kvKernelsAvailable()) {
    const [output, k, v] = tf
      .engine()
      .runKernel(ATTEND_ONE, { qkv, keys, values }, { length, scale }) as tf.Tensor[];
    return { output: output as tf.Tensor2D, keys: k as tf.Tensor4D, values: v as tf.Tensor4D };
  }
  // Composite ops: the same steps with new buffers.
  return tf.tidy(() => {
    const heads = (t: tf.Tensor) => tf.reshape(t, [B, H, 1, D]) as tf.Tensor4D;
    const [q, k0, v0] = tf.split(qkv, 3, 1).map(heads) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const k = kvCacheWrite(keys, k0, length);
    const v = kvCacheWrite(values, v0, length);
    const kUsed = tf.slice(k, [0, 0, 0, 0], [B, H, length + 1, D]);
    const vUsed = tf.slice(v, [0, 0, 0, 0], [B, H, length + 1, D]);
    const w = tf.softmax(tf.mul(tf.matMul(q, kUsed, false, true), scale));
    const output = tf.reshape(tf.matMul(w, vUsed), [B, C]) as tf.Tensor2D;
    return { output, keys: k, values: v };
  });
}
