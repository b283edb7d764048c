import type * as tf from '@tensorflow/tfjs-core';
import { checkDims } from '../checks';
import { ArgumentError } from '../errors';
import { type Conv1dGeometry, type Conv1dPadding, conv1d, resolveConv1d } from '../functional/conv1d';
import { uniform } from '../init/initializers';
import { Module } from '../module';
import { type Generator, getDefaultGenerator } from '../random';

/** Options of `Conv1d` (PyTorch's `nn.Conv1d` arguments, camelCased). */
export interface Conv1dOptions {
  inChannels: number;
  outChannels: number;
  /** Taps of the kernel. */
  kernelSize: number;
  /** Default `1`. */
  stride?: number;
  /** Zeros on each end (a number), `'valid'` (none) or `'same'` (stride 1 only). Default `0`. */
  padding?: Conv1dPadding;
  /** Default `1`. */
  dilation?: number;
  /** Channel groups; must divide both channel counts. `groups = inChannels` is a depthwise convolution. Default `1`. */
  groups?: number;
  /** Learn an additive bias. Default `true`. */
  bias?: boolean;
  /** Only `'zeros'` (PyTorch's default) is supported. */
  paddingMode?: 'zeros';
  /** `false` (default): input `[B, C, L]` and output `[B, C', L']` as PyTorch; `true`: `[B, L, C]` → `[B, L', C']`. */
  channelsLast?: boolean;
  /** Randomness for the initial weights. Default: the process-wide generator. */
  generator?: Generator;
}

/**
 * 1-D convolution over time, as `torch.nn.Conv1d`: parameters `weight` `[outChannels,
 * inChannels/groups, kernelSize]` and `bias` `[outChannels]` (PyTorch's names and layout, so
 * `loadStateDict(torchModel.state_dict())` works), initialised as PyTorch does (U(±1/√fanIn) with
 * `fanIn = inChannels/groups · kernelSize`).
 *
 * Layout: the input is `[B, C, L]` — channels before time, as in PyTorch — and the output
 * `[B, outChannels, L_out]`, `L_out = ⌊(L + 2·padding − dilation·(kernelSize−1) − 1)/stride⌋ + 1`.
 * Text models hold `[B, T, D]` (time before channels): pass `channelsLast: true` to take `[B, T, D]`
 * and return `[B, T_out, outChannels]` without transposing yourself.
 *
 * @example
 * ```ts
 * const conv = new Conv1d({ inChannels: 64, outChannels: 100, kernelSize: 3, padding: 1 });
 * conv.forward(tf.zeros([8, 64, 20])).shape;  // [8, 100, 20]
 * const text = new Conv1d({ inChannels: 64, outChannels: 100, kernelSize: 3, channelsLast: true });
 * text.forward(tf.zeros([8, 20, 64])).shape;  // [B, T, D] → [8, 18, 100]
 * ```
 */
export class Conv1d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly padding: Conv1dPadding;
  readonly channelsLast: boolean;
  /** Resolved stride, dilation, groups and padding on each side. */
  readonly geometry: Conv1dGeometry;
  /** `[outChannels, inChannels/groups, kernelSize]`. */
  readonly weight: tf.Variable;
  /** `[outChannels]`, or `null` with `bias: false`. */
  readonly bias: tf.Variable | null;

  constructor(options: Conv1dOptions) {
    super();
    const {
      inChannels,
      outChannels,
      kernelSize,
      padding = 0,
      bias = true,
      paddingMode = 'zeros',
      channelsLast = false,
      generator = getDefaultGenerator(),
    } = options ?? ({} as Conv1dOptions);
    checkDims('Conv1d', { inChannels, outChannels, kernelSize });
    if (paddingMode !== 'zeros') throw new ArgumentError('Conv1d(paddingMode)', "'zeros'", paddingMode);
    const geometry = resolveConv1d('Conv1d', kernelSize, { ...options, padding });
    for (const [name, n] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
    ] as const) {
      if (n % geometry.groups !== 0) {
        throw new ArgumentError('Conv1d(groups)', `a divisor of ${name} (${n})`, geometry.groups);
      }
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
    this.padding = padding;
    this.channelsLast = channelsLast;
    this.geometry = geometry;
    const bound = 1 / Math.sqrt((inChannels / geometry.groups) * kernelSize);
    this.weight = this.registerParameter(
      'weight',
      uniform([outChannels, inChannels / geometry.groups, kernelSize], {
        low: -bound,
        high: bound,
        generator,
      }),
    );
    this.bias = bias
      ? this.registerParameter('bias', uniform([outChannels], { low: -bound, high: bound, generator }))
      : null;
  }

  /**
   * @param x `[B, inChannels, L]` (or `[B, L, inChannels]` with `channelsLast`; unbatched inputs too).
   * @returns `[B, outChannels, L_out]` (or `[B, L_out, outChannels]`).
   */
  forward(x: tf.Tensor): tf.Tensor {
    const g = this.geometry;
    return conv1d(x, this.weight, this.bias, {
      stride: g.stride,
      dilation: g.dilation,
      groups: g.groups,
      padding: this.padding,
      channelsLast: this.channelsLast,
    });
  }
}
