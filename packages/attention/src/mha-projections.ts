import { fmtShape, ShapeError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { toBooleanMask } from './masks';

/** The projection parameters of a `MultiHeadAttention` (PyTorch layout). */
export interface InProjection {
  embedDim: number;
  inProjWeight: tf.Tensor | null;
  qProjWeight: tf.Tensor | null;
  kProjWeight: tf.Tensor | null;
  vProjWeight: tf.Tensor | null;
  inProjBias: tf.Tensor | null;
}

/**
 * Input projections `x·Wᵀ + b` as 2-D matMuls on `[B·T, ·]`; self-attention (the same tensor as
 * query, key and value) uses one packed `[B·T, 3E]` product split afterwards, cross-attention with
 * `key === value` one `[B·T, 2E]` product. Returns `[B, T, E]` queries, keys and values.
 */
export function projectInputs(
  p: InProjection,
  query: tf.Tensor,
  key: tf.Tensor,
  value: tf.Tensor,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const E = p.embedDim;
  const flat = (x: tf.Tensor) => tf.reshape(x, [-1, x.shape[2]!]) as tf.Tensor2D;
  const lin = (x: tf.Tensor, w: tf.Tensor, row: number, rows: number) => {
    let y = tf.matMul(flat(x), w as tf.Tensor2D, false, true);
    if (p.inProjBias) y = tf.add(y, tf.slice(p.inProjBias, [row], [rows]));
    return tf.reshape(y, [x.shape[0]!, x.shape[1]!, rows]);
  };
  if (p.inProjWeight) {
    const W = p.inProjWeight;
    if (query === key && key === value) {
      const parts = tf.split(lin(query, W, 0, 3 * E), 3, 2);
      return [parts[0]!, parts[1]!, parts[2]!];
    }
    const rows = (r: number) => tf.slice(W, [r, 0], [E, E]);
    if (key === value) {
      const kv = tf.split(lin(key, tf.slice(W, [E, 0], [2 * E, E]), E, 2 * E), 2, 2);
      return [lin(query, rows(0), 0, E), kv[0]!, kv[1]!];
    }
    return [lin(query, rows(0), 0, E), lin(key, rows(E), E, E), lin(value, rows(2 * E), 2 * E, E)];
  }
  return [
    lin(query, p.qProjWeight!, 0, E),
    lin(key, p.kProjWeight!, E, E),
    lin(value, p.vProjWeight!, 2 * E, E),
  ];
}

/** The query projection alone, `[B, T, E]` — cross-attention whose keys/values are cached. */
export function projectQuery(p: InProjection, query: tf.Tensor): tf.Tensor {
  const E = p.embedDim;
  const W = p.inProjWeight ? tf.slice(p.inProjWeight, [0, 0], [E, E]) : p.qProjWeight!;
  let y = tf.matMul(tf.reshape(query, [-1, query.shape[2]!]) as tf.Tensor2D, W as tf.Tensor2D, false, true);
  if (p.inProjBias) y = tf.add(y, tf.slice(p.inProjBias, [0], [E]));
  return tf.reshape(y, [query.shape[0]!, query.shape[1]!, E]);
}

/**
 * Linformer: `[B, T, E]` keys/values → `[B, k, E]` through `E·K` and `F·V` along time, with
 * `E`, `F` `[k, maxSeqLen]` (the first `T` columns are used). Padded keys are zeroed first.
 */
export function projectAlongTime(
  k: tf.Tensor,
  v: tf.Tensor,
  Ep: tf.Tensor,
  Fp: tf.Tensor,
  keyPaddingMask?: tf.Tensor,
): [tf.Tensor, tf.Tensor] {
  const [B, T, E] = k.shape as [number, number, number];
  if (keyPaddingMask) {
    const keep = tf.logicalNot(toBooleanMask(keyPaddingMask));
    const m = tf.reshape(tf.cast(keep, 'float32'), [B, T, 1]);
    k = tf.mul(k, m);
    v = tf.mul(v, m);
  }
  const along = (x: tf.Tensor, P: tf.Tensor) => {
    const p = tf.slice(P, [0, 0], [-1, T]) as tf.Tensor2D; // [k, T]
    const xt = tf.reshape(tf.transpose(x, [0, 2, 1]), [B * E, T]) as tf.Tensor2D;
    const y = tf.matMul(xt, p, false, true); // [B·E, k]
    return tf.transpose(tf.reshape(y, [B, E, p.shape[0]]), [0, 2, 1]);
  };
  return [along(k, Ep), along(v, Fp)];
}

/** `[B, T, E]` → `[B, H, T, E/H]`. */
export function splitHeads(x: tf.Tensor, B: number, H: number): tf.Tensor {
  const [, T, E] = x.shape as [number, number, number];
  return tf.transpose(tf.reshape(x, [B, T, H, E / H]), [0, 2, 1, 3]);
}

/** Throws a `ShapeError` unless `shape` equals `expected` exactly. */
export function assertShapeEq(what: string, shape: readonly number[], expected: number[]): void {
  if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(
      `${what}: expected shape ${fmtShape(expected)}, received ${fmtShape(shape)}`,
      expected,
      [...shape],
    );
  }
}
