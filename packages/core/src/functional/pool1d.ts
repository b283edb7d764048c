import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError } from '../errors';

/** Options of `maxPool1d` and `avgPool1d`. */
export interface Pool1dOptions {
  /** Step between windows. Default: `kernelSize` (as PyTorch). */
  stride?: number;
  /** Positions added to both ends, at most `kernelSize / 2` (as PyTorch). Default `0`. */
  padding?: number;
  /** `false` (default): `x` is `[B, C, L]` as PyTorch; `true`: `[B, L, C]`. */
  channelsLast?: boolean;
}

/** Options of `avgPool1d`. */
export interface AvgPool1dOptions extends Pool1dOptions {
  /** Count the padding zeros in each window's average (PyTorch's `count_include_pad`). Default `true`. */
  countIncludePad?: boolean;
}

interface PoolPlan {
  k: number;
  stride: number;
  padding: number;
  channelsLast: boolean;
  unbatched: boolean;
  length: number;
  outLength: number;
}

/** Checks a pooling call's arguments (shared by the functions and the `MaxPool1d`/`AvgPool1d` modules). */
export function planPool1d(what: string, x: tf.Tensor, kernelSize: number, options: Pool1dOptions): PoolPlan {
  if (!(x instanceof tf.Tensor)) throw new ArgumentError(`${what}(x)`, 'a tf.Tensor', x);
  checkPool1dArgs(what, kernelSize, options);
  const { stride = kernelSize, padding = 0, channelsLast = false } = options;
  const unbatched = x.rank === 2;
  if (x.rank !== 3 && !unbatched) {
    throw new ShapeError(
      `${what}(x): expected ${channelsLast ? '[B, L, C]' : '[B, C, L]'} (or unbatched), received shape ${fmtShape(x.shape)}`,
      [null, null, null],
      [...x.shape],
    );
  }
  const length = x.shape[channelsLast ? x.rank - 2 : x.rank - 1] as number;
  const outLength = Math.floor((length + 2 * padding - kernelSize) / stride) + 1;
  if (outLength < 1) {
    throw new ShapeError(
      `${what}(x): sequence length ${length} (padded ${length + 2 * padding}) is shorter than kernelSize ${kernelSize}`,
      undefined,
      [...x.shape],
    );
  }
  return { k: kernelSize, stride, padding, channelsLast, unbatched, length, outLength };
}

/** Validates kernel size, stride and padding (`what` names the caller). */
export function checkPool1dArgs(what: string, kernelSize: number, options: Pool1dOptions): void {
  if (!Number.isInteger(kernelSize) || kernelSize < 1) {
    throw new ArgumentError(`${what}(kernelSize)`, 'an integer >= 1', kernelSize);
  }
  const { stride = kernelSize, padding = 0 } = options;
  if (!Number.isInteger(stride) || stride < 1)
    throw new ArgumentError(`${what}(stride)`, 'an integer >= 1', stride);
  if (!Number.isInteger(padding) || padding < 0 || padding > kernelSize / 2) {
    throw new ArgumentError(
      `${what}(padding)`,
      `an integer in [0, ${Math.floor(kernelSize / 2)}] (at most half the kernel size)`,
      padding,
    );
  }
}

/** `x` as `[B, 1, L, C]` (tfjs pooling's NHWC), padded with `value`. */
function toNhwc(x: tf.Tensor, p: PoolPlan, value: number): tf.Tensor4D {
  let xs = p.unbatched ? tf.expandDims(x, 0) : x;
  if (!p.channelsLast) xs = tf.transpose(xs, [0, 2, 1]);
  if (p.padding) {
    xs = tf.pad(
      xs,
      [
        [0, 0],
        [p.padding, p.padding],
        [0, 0],
      ],
      value,
    );
  }
  const [b, l, c] = xs.shape as [number, number, number];
  return tf.reshape(xs, [b, 1, l, c]);
}

function fromNhwc(y: tf.Tensor4D, p: PoolPlan): tf.Tensor {
  const [b, , l, c] = y.shape;
  let out: tf.Tensor = tf.reshape(y, [b, l, c]);
  if (!p.channelsLast) out = tf.transpose(out, [0, 2, 1]);
  return p.unbatched ? tf.squeeze(out, [0]) : out;
}

/**
 * Max pooling of `x` `[B, L, C]` over windows of `k` every `stride` (unpadded) → `[B, Lout, C]`.
 * Forward: tfjs's `MaxPool`. Gradient: each window's output gradient goes to its first maximum (as
 * PyTorch), found with `argMax` over the `k` strided slices and scattered back with
 * `unsortedSegmentSum`. tfjs's `MaxPoolGrad` and `MaxPoolWithArgmax` are not used: on wasm
 * (tfjs-backend-wasm 4.22) both mishandle windows whose values are all negative.
 */
export function maxPoolWithGrad(x: tf.Tensor3D, k: number, stride: number): tf.Tensor3D {
  const run = tf.customGrad((xIn, save) => {
    const xt = xIn as tf.Tensor3D;
    (save as tf.GradSaveFunc)([xt]);
    const [b, l, c] = xt.shape;
    const y = tf.maxPool(tf.reshape(xt, [b, 1, l, c]) as tf.Tensor4D, [1, k], [1, stride], 'valid');
    const lout = y.shape[2];
    return {
      value: tf.reshape(y, [b, lout, c]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const xs = saved[0] as tf.Tensor3D;
        const end = (lout - 1) * stride + 1;
        const taps = Array.from({ length: k }, (_, j) =>
          tf.stridedSlice(xs, [0, j, 0], [b, j + end, c], [1, stride, 1]),
        );
        const tap = tf.argMax(tf.stack(taps, 2), 2); // [B, Lout, C]: which tap holds the maximum
        // Flat position in x of output (n, t, ch)'s maximum: ((n·L + t·stride + tap)·C + ch.
        const base = new Int32Array(b * lout * c);
        for (let n = 0; n < b; n++)
          for (let t = 0; t < lout; t++)
            for (let ch = 0; ch < c; ch++) base[(n * lout + t) * c + ch] = (n * l + t * stride) * c + ch;
        const at = tf.add(tf.mul(tap, tf.scalar(c, 'int32')), tf.tensor3d(base, [b, lout, c], 'int32'));
        return [
          tf.reshape(tf.unsortedSegmentSum(tf.reshape(dy, [-1]), tf.reshape(at, [-1]), xs.size), xs.shape),
        ];
      },
    };
  }) as (x: tf.Tensor3D) => tf.Tensor3D;
  return run(x);
}

/**
 * Maximum over sliding windows of the time axis. Like `torch.nn.functional.max_pool1d` (no dilation,
 * `ceil_mode` false): `[B, C, L]` → `[B, C, ⌊(L + 2·padding − k)/stride⌋ + 1]`; padding never wins
 * (it is −∞). `channelsLast` for `[B, L, C]`.
 *
 * @example
 * ```ts
 * maxPool1d(tf.tensor3d([[[1, 3, 2, 5]]]), 2); // [[[3, 5]]]
 * ```
 */
export function maxPool1d(x: tf.Tensor, kernelSize: number, options: Pool1dOptions = {}): tf.Tensor {
  const p = planPool1d('maxPool1d', x, kernelSize, options);
  return tf.tidy(() => {
    const x4 = toNhwc(x, p, Number.NEGATIVE_INFINITY);
    const [b, , l, c] = x4.shape;
    const y = maxPoolWithGrad(tf.reshape(x4, [b, l, c]), p.k, p.stride);
    return fromNhwc(tf.reshape(y, [b, 1, p.outLength, c]), p);
  });
}

/**
 * Mean over sliding windows of the time axis. Like `torch.nn.functional.avg_pool1d` (`ceil_mode`
 * false): padding adds zeros, counted in the mean unless `countIncludePad: false`.
 *
 * @example
 * ```ts
 * avgPool1d(tf.tensor3d([[[1, 3, 2, 6]]]), 2);                                      // [[[2, 4]]]
 * avgPool1d(tf.tensor3d([[[2, 4]]]), 2, { stride: 1, padding: 1, countIncludePad: false }); // [[[2, 3, 4]]]
 * ```
 */
export function avgPool1d(x: tf.Tensor, kernelSize: number, options: AvgPool1dOptions = {}): tf.Tensor {
  const p = planPool1d('avgPool1d', x, kernelSize, options);
  const countIncludePad = options.countIncludePad ?? true;
  return tf.tidy(() => {
    let y = tf.avgPool(toNhwc(x, p, 0), [1, p.k], [1, p.stride], 'valid');
    if (p.padding && !countIncludePad) {
      // Rescale each window's mean from k positions to the real positions it covers.
      const scale = new Float32Array(p.outLength);
      for (let t = 0; t < p.outLength; t++) {
        const start = t * p.stride - p.padding;
        const real = Math.min(start + p.k, p.length) - Math.max(start, 0);
        scale[t] = p.k / real;
      }
      y = tf.mul(y, tf.tensor4d(scale, [1, 1, p.outLength, 1]));
    }
    return fromNhwc(y, p);
  });
}
