import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape } from '../errors';
import { type Generator, getDefaultGenerator } from '../random';
import { calculateGain, computeFans, type Nonlinearity } from './fans';
import { initIsSkipped } from './skip-init';

/** Options shared by the random initialisers. */
export interface InitOptions {
  /** Source of randomness. Default: the process-wide generator (`manualSeed` seeds it). */
  generator?: Generator;
}

function checkShape(what: string, shape: readonly number[]): number {
  if (!Array.isArray(shape)) throw new ArgumentError(`${what}(shape)`, 'an array of sizes', shape);
  const bad = shape.findIndex((d) => !Number.isInteger(d) || d < 0);
  if (bad >= 0) throw new ArgumentError(`${what}(shape[${bad}])`, 'a non-negative integer', shape[bad]);
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * A float32 tensor of `shape` filled from U(low, high). Like `torch.nn.init.uniform_`.
 *
 * @example
 * ```ts
 * const w = uniform([3, 4], { low: -0.1, high: 0.1, generator: new Generator(0) });
 * ```
 */
export function uniform(
  shape: readonly number[],
  options: InitOptions & { low?: number; high?: number } = {},
): tf.Tensor {
  const { low = 0, high = 1, generator = getDefaultGenerator() } = options;
  if (!(high >= low)) throw new ArgumentError('uniform(high)', `a number >= low (${low})`, high);
  const size = checkShape('uniform', shape);
  if (initIsSkipped()) return tf.zeros([...shape], 'float32');
  const data = generator.fillUniform(new Float32Array(size), low, high);
  return tf.tensor(data, [...shape], 'float32');
}

/**
 * A float32 tensor of `shape` filled from N(mean, std²). Like `torch.nn.init.normal_`.
 *
 * @example
 * ```ts
 * const e = normal([100, 16], { std: 0.02 }); // GPT-2 style embedding init
 * ```
 */
export function normal(
  shape: readonly number[],
  options: InitOptions & { mean?: number; std?: number } = {},
): tf.Tensor {
  const { mean = 0, std = 1, generator = getDefaultGenerator() } = options;
  if (!(std >= 0)) throw new ArgumentError('normal(std)', 'a non-negative standard deviation', std);
  const size = checkShape('normal', shape);
  if (initIsSkipped()) return tf.zeros([...shape], 'float32');
  const data = generator.fillNormal(new Float32Array(size), mean, std);
  return tf.tensor(data, [...shape], 'float32');
}

/**
 * N(mean, std²) truncated to [a, b] by redrawing values outside it, like `torch.nn.init.trunc_normal_`
 * (defaults mean 0, std 1, a −2, b 2; the bounds are absolute values, not multiples of std).
 *
 * @example
 * ```ts
 * const w = truncNormal([64, 64], { std: 0.02, a: -0.04, b: 0.04 });
 * ```
 */
export function truncNormal(
  shape: readonly number[],
  options: InitOptions & { mean?: number; std?: number; a?: number; b?: number } = {},
): tf.Tensor {
  const { mean = 0, std = 1, a = -2, b = 2, generator = getDefaultGenerator() } = options;
  if (!(std >= 0)) throw new ArgumentError('truncNormal(std)', 'a non-negative standard deviation', std);
  if (!(b > a)) throw new ArgumentError('truncNormal(b)', `a number > a (${a})`, b);
  if (mean + 6 * std < a) {
    throw new ArgumentError('truncNormal(a)', `a number within 6 std of the mean (<= ${mean + 6 * std})`, a);
  }
  if (mean - 6 * std > b) {
    throw new ArgumentError('truncNormal(b)', `a number within 6 std of the mean (>= ${mean - 6 * std})`, b);
  }
  const data = new Float32Array(checkShape('truncNormal', shape));
  if (initIsSkipped()) return tf.tensor(data, [...shape], 'float32');
  for (let i = 0; i < data.length; i++) {
    let v: number;
    do v = mean + std * generator.normal();
    while (v < a || v > b);
    data[i] = v;
  }
  return tf.tensor(data, [...shape], 'float32');
}

/** A float32 tensor of `shape` filled with `value`. Like `torch.nn.init.constant_`. */
export function constant(shape: readonly number[], value: number): tf.Tensor {
  checkShape('constant', shape);
  return tf.fill([...shape], value, 'float32');
}

/**
 * Glorot/Xavier uniform: U(±gain·√(6 / (fanIn + fanOut))). Like `torch.nn.init.xavier_uniform_`.
 *
 * @example
 * ```ts
 * const w = xavierUniform([512, 512]); // [out, in]
 * ```
 */
export function xavierUniform(
  shape: readonly number[],
  options: InitOptions & { gain?: number } = {},
): tf.Tensor {
  const { fanIn, fanOut } = computeFans(shape);
  const bound = (options.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(shape, { low: -bound, high: bound, generator: options.generator });
}

/** Glorot/Xavier normal: N(0, (gain·√(2 / (fanIn + fanOut)))²). Like `torch.nn.init.xavier_normal_`. */
export function xavierNormal(
  shape: readonly number[],
  options: InitOptions & { gain?: number } = {},
): tf.Tensor {
  const { fanIn, fanOut } = computeFans(shape);
  const std = (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  return normal(shape, { std, generator: options.generator });
}

/** Options of the He/Kaiming initialisers (PyTorch's defaults). */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the following leaky ReLU (used only with `'leaky_relu'`). Default `0`. */
  a?: number;
  /** Preserve the variance of the forward (`'fanIn'`, default) or backward (`'fanOut'`) pass. */
  mode?: 'fanIn' | 'fanOut';
  /** The non-linearity that follows. Default `'leaky_relu'` (with `a = 0`, i.e. ReLU's gain √2). */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(what: string, shape: readonly number[], options: KaimingOptions): number {
  const { a = 0, mode = 'fanIn', nonlinearity = 'leaky_relu' } = options;
  if (mode !== 'fanIn' && mode !== 'fanOut') {
    throw new ArgumentError(`${what}(mode)`, "'fanIn' or 'fanOut'", mode);
  }
  const fans = computeFans(shape);
  const fan = mode === 'fanIn' ? fans.fanIn : fans.fanOut;
  if (fan === 0) {
    throw new ArgumentError(
      `${what}(shape)`,
      `a shape with ${mode} > 0 (${fmtShape(shape)} has ${mode} 0)`,
      shape,
    );
  }
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/**
 * He/Kaiming uniform: U(±√3·gain/√fan). Like `torch.nn.init.kaiming_uniform_`. With
 * `{ a: Math.sqrt(5) }` this is PyTorch's default `Linear` weight init, U(±1/√fanIn).
 *
 * @example
 * ```ts
 * const w = kaimingUniform([8, 4], { a: Math.sqrt(5) }); // values in ±0.5
 * ```
 */
export function kaimingUniform(shape: readonly number[], options: KaimingOptions = {}): tf.Tensor {
  const bound = Math.sqrt(3) * kaimingStd('kaimingUniform', shape, options);
  return uniform(shape, { low: -bound, high: bound, generator: options.generator });
}

/** He/Kaiming normal: N(0, (gain/√fan)²). Like `torch.nn.init.kaiming_normal_`. */
export function kaimingNormal(shape: readonly number[], options: KaimingOptions = {}): tf.Tensor {
  return normal(shape, { std: kaimingStd('kaimingNormal', shape, options), generator: options.generator });
}
