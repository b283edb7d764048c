import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError } from '../errors';

/** Options of `globalMaxPool1d` and `globalAvgPool1d`. */
export interface GlobalPool1dOptions {
  /**
   * `[B, L]` padding mask, `true` (or 1) = padding, ignored — the convention of PyTorch's
   * `key_padding_mask` and of `@glossa/attention`'s `keyPaddingMaskFromLengths`. Default: no padding.
   */
  paddingMask?: tf.Tensor;
  /** `false` (default): `x` is `[B, C, L]` as PyTorch; `true`: `[B, L, C]`. */
  channelsLast?: boolean;
}

interface Plan {
  timeAxis: number;
  /** `[B, 1, L]` or `[B, L, 1]` boolean mask, `true` = padding, or null. */
  padding: () => tf.Tensor | null;
}

function plan(what: string, x: tf.Tensor, options: GlobalPool1dOptions): Plan {
  if (!(x instanceof tf.Tensor)) throw new ArgumentError(`${what}(x)`, 'a tf.Tensor', x);
  const { paddingMask, channelsLast = false } = options;
  if (x.rank !== 3) {
    throw new ShapeError(
      `${what}(x): expected ${channelsLast ? '[B, L, C]' : '[B, C, L]'}, received shape ${fmtShape(x.shape)}`,
      [null, null, null],
      [...x.shape],
    );
  }
  const timeAxis = channelsLast ? 1 : 2;
  const [b] = x.shape;
  const l = x.shape[timeAxis]!;
  if (paddingMask !== undefined) {
    if (!(paddingMask instanceof tf.Tensor)) {
      throw new ArgumentError(`${what}(paddingMask)`, 'a [B, L] tf.Tensor (true = padding)', paddingMask);
    }
    if (paddingMask.rank !== 2 || paddingMask.shape[0] !== b || paddingMask.shape[1] !== l) {
      throw new ShapeError(
        `${what}(paddingMask): expected shape ${fmtShape([b!, l])} ([B, L] of x), received ${fmtShape(paddingMask.shape)}`,
        [b!, l],
        [...paddingMask.shape],
      );
    }
  }
  return {
    timeAxis,
    // Masks stay boolean and become numbers through `where`: webgpu's bool→float cast only relabels
    // the buffer, which later reductions and transposes misread.
    padding: () =>
      paddingMask === undefined ? null : tf.expandDims(tf.cast(paddingMask, 'bool'), channelsLast ? 2 : 1),
  };
}

/**
 * `tf.max` over the time axis (1 or 2) of `x`, with the gradient going to the first maximum (as
 * PyTorch's `max_pool1d` over the whole length), scattered with `unsortedSegmentSum`. tfjs's own
 * `Max` gradient compares every element with the broadcast maximum, which is slow on wasm (a
 * broadcasting `Equal`) and gives every tied element the full gradient.
 */
function maxOverTime(x: tf.Tensor3D, timeAxis: number): tf.Tensor {
  const run = tf.customGrad((xIn, save) => {
    const xt = xIn as tf.Tensor3D;
    (save as tf.GradSaveFunc)([xt]);
    return {
      value: tf.max(xt, timeAxis),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const xs = saved[0] as tf.Tensor3D;
        const [b, d1, d2] = xs.shape;
        const [l, c] = timeAxis === 1 ? [d1, d2] : [d2, d1];
        // Flat position of row n, channel ch at time t: [B, L, C] (n·L + t)·C + ch; [B, C, L] (n·C + ch)·L + t.
        const base = new Int32Array(b * c);
        for (let n = 0; n < b; n++)
          for (let ch = 0; ch < c; ch++)
            base[n * c + ch] = timeAxis === 1 ? n * l * c + ch : (n * c + ch) * l;
        const t = tf.argMax(xs, timeAxis); // [B, C]
        const at = tf.add(
          timeAxis === 1 ? tf.mul(t, tf.scalar(c, 'int32')) : t,
          tf.tensor2d(base, [b, c], 'int32'),
        );
        return [
          tf.reshape(tf.unsortedSegmentSum(tf.reshape(dy, [-1]), tf.reshape(at, [-1]), xs.size), xs.shape),
        ];
      },
    };
  }) as (x: tf.Tensor3D) => tf.Tensor;
  return run(x);
}

/**
 * Maximum over the whole time axis ("max-over-time pooling", Collobert et al. 2011; Kim 2014):
 * `[B, C, L]` (or `[B, L, C]` with `channelsLast`) → `[B, C]`. Padded positions (`paddingMask`
 * true) are ignored; a row with no real position gives zeros. Like `torch.amax(x, dim=-1)` with
 * padding filled with −∞; the gradient goes to the first maximum of each row (as `max_pool1d` over
 * the whole length).
 *
 * @example
 * ```ts
 * const x = tf.tensor3d([[[1, 9, 4]]]);                                      // [B=1, C=1, L=3]
 * globalMaxPool1d(x);                                                        // [[9]]
 * globalMaxPool1d(x, { paddingMask: tf.tensor2d([[0, 1, 0]], [1, 3], 'bool') }); // [[4]]
 * ```
 */
export function globalMaxPool1d(x: tf.Tensor, options: GlobalPool1dOptions = {}): tf.Tensor2D {
  const p = plan('globalMaxPool1d', x, options);
  return tf.tidy(() => {
    const padding = p.padding();
    if (!padding) return maxOverTime(x as tf.Tensor3D, p.timeAxis) as tf.Tensor2D;
    const mask = tf.where(padding, tf.scalar(Number.NEGATIVE_INFINITY), tf.scalar(0)); // additive
    const m = maxOverTime(tf.add(x, mask) as tf.Tensor3D, p.timeAxis) as tf.Tensor;
    // [B, 1]: rows without a real position. Reduced over the last axis of the [B, L] mask: webgpu
    // cannot transpose a bool tensor, which reducing the middle axis of `padding` would need.
    const empty = tf.all(tf.cast(options.paddingMask!, 'bool'), 1, true);
    return tf.where(empty, tf.scalar(0), m) as tf.Tensor2D;
  });
}

/**
 * Mean over the time axis: `[B, C, L]` (or `[B, L, C]` with `channelsLast`) → `[B, C]`, over the
 * real positions only when a `paddingMask` is given (a row with none gives zeros).
 *
 * @example
 * ```ts
 * const x = tf.tensor3d([[[1, 9, 5]]]);                                      // [B=1, C=1, L=3]
 * globalAvgPool1d(x);                                                        // [[5]]
 * globalAvgPool1d(x, { paddingMask: tf.tensor2d([[0, 1, 0]], [1, 3], 'bool') }); // [[3]]
 * ```
 */
export function globalAvgPool1d(x: tf.Tensor, options: GlobalPool1dOptions = {}): tf.Tensor2D {
  const p = plan('globalAvgPool1d', x, options);
  return tf.tidy(() => {
    const padding = p.padding();
    if (!padding) return tf.mean(x, p.timeAxis) as tf.Tensor2D;
    const keep = tf.where(padding, tf.scalar(0), tf.scalar(1));
    const count = tf.maximum(tf.sum(keep, p.timeAxis), 1); // [B, 1]
    return tf.div(tf.sum(tf.mul(x, keep), p.timeAxis), count) as tf.Tensor2D;
  });
}
