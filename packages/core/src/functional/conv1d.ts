import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError } from '../errors';

/** Padding of a 1-D convolution: zeros on each side, `'valid'` (none) or `'same'` (output length = input length). */
export type Conv1dPadding = number | 'same' | 'valid';

/** Options of the functional `conv1d`. */
export interface Conv1dFnOptions {
  /** Step between output positions. Default `1`. */
  stride?: number;
  /**
   * Zeros added to both ends of the time axis (a number), `'valid'` (= 0) or `'same'` (as PyTorch:
   * total `dilation·(k−1)`, the odd one on the right; only with `stride` 1). Default `0`.
   */
  padding?: Conv1dPadding;
  /** Spacing between kernel taps. Default `1`. */
  dilation?: number;
  /** Split channels into this many independent groups (`groups` = in channels: depthwise). Default `1`. */
  groups?: number;
  /** `false` (default): `x` is `[B, C, L]` as PyTorch; `true`: `x` is `[B, L, C]` (text layout), output `[B, L', C']`. */
  channelsLast?: boolean;
}

/** Resolved hyper-parameters, shared with `Conv1d`. */
export interface Conv1dGeometry {
  stride: number;
  dilation: number;
  groups: number;
  /** Zeros before and after the sequence. */
  padLeft: number;
  padRight: number;
}

function positiveInt(what: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) < 1) throw new ArgumentError(what, 'an integer >= 1', v);
  return v as number;
}

/**
 * Checks and resolves `stride`, `dilation`, `groups` and `padding` for a kernel of `kernelSize`
 * taps (`owner` names the caller in messages, e.g. `Conv1d`).
 */
export function resolveConv1d(owner: string, kernelSize: number, options: Conv1dFnOptions): Conv1dGeometry {
  const stride = positiveInt(`${owner}(stride)`, options.stride ?? 1);
  const dilation = positiveInt(`${owner}(dilation)`, options.dilation ?? 1);
  const groups = positiveInt(`${owner}(groups)`, options.groups ?? 1);
  const padding = options.padding ?? 0;
  let padLeft: number;
  let padRight: number;
  if (padding === 'valid') padLeft = padRight = 0;
  else if (padding === 'same') {
    if (stride !== 1) {
      throw new ArgumentError(
        `${owner}(padding)`,
        "a number or 'valid' when stride > 1 (as PyTorch)",
        padding,
      );
    }
    const total = dilation * (kernelSize - 1);
    padLeft = Math.floor(total / 2);
    padRight = total - padLeft;
  } else if (Number.isInteger(padding) && (padding as number) >= 0) {
    padLeft = padRight = padding as number;
  } else {
    throw new ArgumentError(`${owner}(padding)`, "a non-negative integer, 'same' or 'valid'", padding);
  }
  return { stride, dilation, groups, padLeft, padRight };
}

/** Output length of a 1-D convolution or pooling window (PyTorch's floor formula). */
export function conv1dOutputLength(length: number, kernelSize: number, g: Conv1dGeometry): number {
  return Math.floor((length + g.padLeft + g.padRight - g.dilation * (kernelSize - 1) - 1) / g.stride) + 1;
}

/**
 * A filter `[K, C, O]` with `dilation − 1` zeros between taps: `[(K−1)·dilation + 1, C, O]`. Built
 * from differentiable ops, so a dilated convolution is a plain one whose gradients tfjs has.
 */
function dilateFilter(f: tf.Tensor3D, dilation: number): tf.Tensor3D {
  const [k, c, o] = f.shape;
  const spaced = tf.pad(tf.expandDims(f, 1), [
    [0, 0],
    [0, dilation - 1],
    [0, 0],
    [0, 0],
  ]);
  return tf.slice(
    tf.reshape(spaced, [k * dilation, c, o]),
    [0, 0, 0],
    [(k - 1) * dilation + 1, c, o],
  ) as tf.Tensor3D;
}

/**
 * Inserts `stride − 1` zeros between the time steps of `dy` `[B, Lout, O]` → `[B, (Lout−1)·stride + 1, O]`
 * (where a strided convolution's output steps sit on the input's grid).
 */
function spreadTime(dy: tf.Tensor3D, stride: number): tf.Tensor3D {
  if (stride === 1) return dy;
  const [b, lout, o] = dy.shape;
  const spaced = tf.pad(tf.expandDims(dy, 2), [
    [0, 0],
    [0, 0],
    [0, stride - 1],
    [0, 0],
  ]);
  return tf.slice(
    tf.reshape(spaced, [b, lout * stride, o]),
    [0, 0, 0],
    [b, (lout - 1) * stride + 1, o],
  ) as tf.Tensor3D;
}

/**
 * `[B, L, C] ⊛ [K, C, O] → [B, Lout, O]`, unpadded, dilation 1. Both directions run tfjs's forward
 * `Conv2D` only (XNNPACK on wasm), so the gradients are the same on every backend — tfjs's own
 * would need `Conv2DBackpropFilter`, which wasm lacks, and its `Conv2DBackpropInput` is a slow loop
 * there:
 * - input: the output gradient, spread to the input grid and padded by K−1, convolved with the
 *   filter reversed in time (a "full" correlation);
 * - filter: `dW[k, c, o] = Σ_{b,t} x[b, t·stride + k, c] · dy[b, t, o]`, a convolution of the input
 *   (channels as batch, batch as channels) with the output gradient as the filter, dilated by the
 *   stride.
 */
function convValid(x: tf.Tensor3D, f: tf.Tensor3D, stride: number): tf.Tensor3D {
  const run = tf.customGrad((xIn, fIn, save) => {
    const xt = xIn as tf.Tensor3D;
    const ft = fIn as tf.Tensor3D;
    (save as tf.GradSaveFunc)([xt, ft]);
    const [b, l, c] = xt.shape;
    const [k, , o] = ft.shape;
    const y4 = tf.conv2d(
      tf.reshape(xt, [b, 1, l, c]) as tf.Tensor4D,
      tf.reshape(ft, [1, k, c, o]) as tf.Tensor4D,
      [1, stride],
      'valid',
    );
    const lout = y4.shape[2];
    return {
      value: tf.reshape(y4, [b, lout, o]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, fs] = saved as [tf.Tensor3D, tf.Tensor3D];
        const spread = spreadTime(dy as tf.Tensor3D, stride);
        const uncovered = l - ((lout - 1) * stride + k); // trailing inputs no window reached
        const padded = tf.pad(spread, [
          [0, 0],
          [k - 1, k - 1 + uncovered],
          [0, 0],
        ]);
        const flipped = tf.transpose(tf.reverse(fs, 0), [0, 2, 1]); // [K, O, C]
        const dx = tf.conv2d(
          tf.reshape(padded, [b, 1, padded.shape[1], o]) as tf.Tensor4D,
          tf.reshape(flipped, [1, k, o, c]) as tf.Tensor4D,
          1,
          'valid',
        );
        const byChannel = tf.reshape(tf.transpose(xs, [2, 1, 0]), [c, 1, l, b]); // [C, 1, L, B]
        const dyFilter = tf.reshape(tf.transpose(dy, [1, 0, 2]), [1, lout, b, o]); // [1, Lout, B, O]
        const full = tf.conv2d(byChannel as tf.Tensor4D, dyFilter as tf.Tensor4D, 1, 'valid', 'NHWC', [
          1,
          stride,
        ]);
        const df = tf.transpose(tf.reshape(tf.slice(full, [0, 0, 0, 0], [c, 1, k, o]), [c, k, o]), [1, 0, 2]);
        return [tf.reshape(dx, [b, l, c]), df];
      },
    };
  }) as (x: tf.Tensor3D, f: tf.Tensor3D) => tf.Tensor3D;
  return run(x, f);
}

/**
 * 1-D convolution (cross-correlation, as in PyTorch) over the last axis. Like
 * `torch.nn.functional.conv1d`: `x` `[B, C_in, L]`, `weight` `[C_out, C_in/groups, K]` (PyTorch's
 * layout), optional `bias` `[C_out]`; returns `[B, C_out, L_out]` with
 * `L_out = ⌊(L + 2·padding − dilation·(K−1) − 1)/stride⌋ + 1`. With `channelsLast` the input is
 * `[B, L, C_in]` and the output `[B, L_out, C_out]` (the weight keeps PyTorch's layout), which saves
 * two transposes after an embedding. An unbatched `[C_in, L]` (or `[L, C_in]`) input gives an
 * unbatched output.
 *
 * Runs tfjs's `conv2d`; dilation is a filter with zeros between taps and groups are separate
 * convolutions, so gradients work on cpu, wasm and webgpu.
 *
 * @example
 * ```ts
 * const x = tf.randomNormal([2, 16, 10]);            // [B, C, L]
 * const w = tf.randomNormal([8, 16, 3]);             // [C_out, C_in, K]
 * conv1d(x, w, null, { padding: 'same' }).shape;     // [2, 8, 10]
 * conv1d(tf.randomNormal([2, 10, 16]), w, null, { channelsLast: true }).shape; // [2, 8, 8]
 * ```
 */
export function conv1d(
  x: tf.Tensor,
  weight: tf.Tensor,
  bias: tf.Tensor | null = null,
  options: Conv1dFnOptions = {},
): tf.Tensor {
  if (!(x instanceof tf.Tensor)) throw new ArgumentError('conv1d(x)', 'a tf.Tensor', x);
  if (!(weight instanceof tf.Tensor) || weight.rank !== 3) {
    throw new ArgumentError('conv1d(weight)', 'a 3-D tf.Tensor [C_out, C_in/groups, K]', weight);
  }
  const [outChannels, inPerGroup, k] = weight.shape as [number, number, number];
  const g = resolveConv1d('conv1d', k, options);
  const channelsLast = options.channelsLast ?? false;
  const layout = channelsLast ? '[B, L, C_in]' : '[B, C_in, L]';
  const inChannels = inPerGroup * g.groups;
  if (outChannels % g.groups !== 0) {
    throw new ArgumentError('conv1d(groups)', `a divisor of C_out (${outChannels})`, g.groups);
  }
  const unbatched = x.rank === 2;
  if (x.rank !== 3 && !unbatched) {
    throw new ShapeError(
      `conv1d(x): expected ${layout} (or unbatched), received shape ${fmtShape(x.shape)}`,
      channelsLast ? [null, null, inChannels] : [null, inChannels, null],
      [...x.shape],
    );
  }
  const cAxis = x.rank - (channelsLast ? 1 : 2);
  const length = x.shape[channelsLast ? x.rank - 2 : x.rank - 1] as number;
  if (x.shape[cAxis] !== inChannels) {
    const expected = channelsLast ? [null, null, inChannels] : [null, inChannels, null];
    throw new ShapeError(
      `conv1d(x): expected ${layout} with C_in = ${inChannels} (weight ${fmtShape(weight.shape)} × groups ${g.groups}), received shape ${fmtShape(x.shape)}`,
      unbatched ? expected.slice(1) : expected,
      [...x.shape],
    );
  }
  const outLength = conv1dOutputLength(length, k, g);
  if (outLength < 1) {
    throw new ShapeError(
      `conv1d(x): sequence length ${length} (padded ${length + g.padLeft + g.padRight}) is shorter than the kernel's span ${g.dilation * (k - 1) + 1}`,
      [null, null, g.dilation * (k - 1) + 1 - g.padLeft - g.padRight],
      [...x.shape],
    );
  }
  if (bias !== null && (!(bias instanceof tf.Tensor) || bias.rank !== 1 || bias.shape[0] !== outChannels)) {
    throw new ArgumentError('conv1d(bias)', `null or a tf.Tensor of shape [${outChannels}]`, bias);
  }
  return tf.tidy(() => {
    let xs = unbatched ? tf.expandDims(x, 0) : x;
    if (!channelsLast) xs = tf.transpose(xs, [0, 2, 1]);
    if (g.padLeft || g.padRight) {
      xs = tf.pad(xs, [
        [0, 0],
        [g.padLeft, g.padRight],
        [0, 0],
      ]);
    }
    let f = tf.transpose(weight, [2, 1, 0]) as tf.Tensor3D; // [K, C_in/groups, C_out]
    if (g.dilation > 1) f = dilateFilter(f, g.dilation);
    let y: tf.Tensor;
    if (g.groups === 1) y = convValid(xs as tf.Tensor3D, f, g.stride);
    else {
      const xg = tf.split(xs, g.groups, 2) as tf.Tensor3D[];
      const fg = tf.split(f, g.groups, 2) as tf.Tensor3D[];
      y = tf.concat(
        xg.map((xi, i) => convValid(xi, fg[i]!, g.stride)),
        2,
      );
    }
    if (bias) y = tf.add(y, bias);
    if (!channelsLast) y = tf.transpose(y, [0, 2, 1]);
    return unbatched ? tf.squeeze(y, [0]) : y;
  });
}
