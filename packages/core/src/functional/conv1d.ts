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

/** The positions `[Lout·K]` the output windows read: `t·stride + tap` (for im2col gradients). */
export function windowIndices(outLength: number, k: number, stride: number): tf.Tensor1D {
  const idx = new Int32Array(outLength * k);
  for (let t = 0; t < outLength; t++) for (let j = 0; j < k; j++) idx[t * k + j] = t * stride + j;
  return tf.tensor1d(idx, 'int32');
}

/**
 * `[B, L, C] ⊛ [K, C, O] → [B, Lout, O]`, unpadded, dilation 1. Forward: tfjs's `Conv2D`. Gradients:
 * `Conv2DBackpropInput` for the input (every backend has it) and, for the filter, one matrix product
 * of the input's windows (im2col) with the output gradient — the wasm backend has no
 * `Conv2DBackpropFilter`, so this path is the same on every backend.
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
        const dx = tf.reshape(
          tf.conv2dTranspose(
            tf.reshape(dy, [b, 1, lout, o]) as tf.Tensor4D,
            tf.reshape(fs, [1, k, c, o]) as tf.Tensor4D,
            [b, 1, l, c],
            [1, stride],
            'valid',
          ),
          [b, l, c],
        );
        const idx = windowIndices(lout, k, stride);
        const cols = tf.reshape(tf.gather(xs, idx, 1), [b * lout, k * c]);
        const df = tf.reshape(tf.matMul(cols, tf.reshape(dy, [b * lout, o]) as tf.Tensor2D, true, false), [
          k,
          c,
          o,
        ]);
        idx.dispose();
        return [dx, df];
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
