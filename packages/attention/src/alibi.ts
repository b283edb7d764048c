import { ArgumentError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * ALiBi head slopes (Press et al. 2022): for `H` a power of two, the geometric sequence
 * `2^(−8/H), 2^(−16/H), …`; otherwise the slopes of the closest smaller power of two followed by
 * every other slope of the next power of two, as in the paper's reference code.
 *
 * @example
 * ```ts
 * alibiSlopes(4); // [0.25, 0.0625, 0.015625, 0.00390625]
 * ```
 */
export function alibiSlopes(numHeads: number): number[] {
  if (!Number.isInteger(numHeads) || numHeads < 1) {
    throw new ArgumentError('alibiSlopes(numHeads)', 'an integer >= 1', numHeads);
  }
  const pow2 = (n: number) => {
    const start = 2 ** (-8 / n);
    return Array.from({ length: n }, (_, i) => start ** (i + 1));
  };
  if (Number.isInteger(Math.log2(numHeads))) return pow2(numHeads);
  const c = 2 ** Math.floor(Math.log2(numHeads));
  return [
    ...pow2(c),
    ...pow2(2 * c)
      .filter((_, i) => i % 2 === 0)
      .slice(0, numHeads - c),
  ];
}

/**
 * ALiBi attention bias `[H, Tq, Tk]`: `−mₕ·|i + offset − j|` for query `i` and key `j`, added to the
 * attention scores instead of adding positional encodings to the inputs. For causal models the
 * future half is masked anyway, so this equals the paper's `mₕ·(j − i)`.
 *
 * @example
 * ```ts
 * const bias = alibiBias(8, 5, 5); // [8, 5, 5], pass as scaledDotProductAttention({ …, bias })
 * ```
 * @param offset absolute position of the first query (the KV-cache length when decoding).
 */
export function alibiBias(numHeads: number, tq: number, tk: number, offset = 0): tf.Tensor3D {
  const slopes = alibiSlopes(numHeads);
  const data = new Float32Array(numHeads * tq * tk);
  for (let h = 0; h < numHeads; h++) {
    for (let i = 0; i < tq; i++) {
      for (let j = 0; j < tk; j++) data[(h * tq + i) * tk + j] = -slopes[h]! * Math.abs(i + offset - j);
    }
  }
  return tf.tensor3d(data, [numHeads, tq, tk]);
}
