/** Input checks shared by the RNN-style attentions (additive and Luong); not exported from the package. */
import { fmtShape, ShapeError } from '@glossa/core';
import type * as tf from '@tensorflow/tfjs-core';

/** Validates `[B, Tq, Dq]`, `[B, Tk, Dk]`, `[B, Tk, Dv]`, `[B, Tk]`; returns `[B, Tq, Tk]`. */
export function checkRnnInputs(
  owner: string,
  query: tf.Tensor,
  key: tf.Tensor,
  value: tf.Tensor,
  keyPaddingMask: tf.Tensor | undefined,
  dq: number,
  dk: number,
): [number, number, number] {
  const fail = (what: string, expected: Array<number | null>, x: tf.Tensor) => {
    throw new ShapeError(
      `${owner}.forward(${what}): expected shape ${fmtShape(expected)}, received ${fmtShape(x.shape)}`,
      expected,
      x.shape,
    );
  };
  const eq = (x: tf.Tensor, e: Array<number | null>) =>
    x.rank === e.length && e.every((d, i) => d === null || d === x.shape[i]);
  if (!eq(query, [null, null, dq])) fail('query', [null, null, dq], query);
  const B = query.shape[0]!;
  if (!eq(key, [B, null, dk])) fail('key', [B, null, dk], key);
  const Tk = key.shape[1]!;
  if (!eq(value, [B, Tk, null])) fail('value', [B, Tk, null], value);
  if (keyPaddingMask && !eq(keyPaddingMask, [B, Tk])) fail('keyPaddingMask', [B, Tk], keyPaddingMask);
  return [B, query.shape[1]!, Tk];
}
