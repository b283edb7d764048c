import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import { GELU, GELU_TANH } from '../kernels/fused/gelu';

/** An element-wise activation function. */
export type ActivationFn = (x: tf.Tensor) => tf.Tensor;

/** Names accepted by `getActivation` (PyTorch's spelling: `'gelu'` is exact, `'gelu_tanh'` the approximation). */
export type ActivationName =
  | 'relu'
  | 'gelu'
  | 'gelu_tanh'
  | 'silu'
  | 'swish'
  | 'tanh'
  | 'sigmoid'
  | 'identity'
  | 'linear';

/**
 * max(0, x). Like `torch.relu`.
 * @example
 * ```ts
 * relu(tf.tensor1d([-1, 2])); // [0, 2]
 * ```
 */
export function relu<T extends tf.Tensor>(x: T): T {
  return tf.relu(x);
}

/** Options of `gelu`. */
export interface GeluOptions {
  /** `'none'` (default): exact x·Φ(x) with erf. `'tanh'`: the tanh approximation (GPT-2's "gelu_new"). */
  approximate?: 'none' | 'tanh';
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * Gaussian error linear unit. Like `torch.nn.functional.gelu(x, approximate=...)`:
 * exact `0.5·x·(1 + erf(x/√2))`, or `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))` with
 * `{ approximate: 'tanh' }`.
 *
 * @example
 * ```ts
 * gelu(tf.tensor1d([1])); // [0.8413447]
 * gelu(tf.tensor1d([1]), { approximate: 'tanh' }); // [0.8411920]
 * ```
 */
export function gelu<T extends tf.Tensor>(x: T, options: GeluOptions = {}): T {
  const { approximate = 'none' } = options;
  if (approximate === 'none') {
    // One fused kernel each way where registered (wasm, cpu; float32), else the composite ops.
    if (x.dtype === 'float32' && tf.getKernel(GELU, tf.getBackend()) !== undefined)
      return tf.engine().runKernel(GELU, { x }) as T;
    return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1))) as T;
  }
  if (approximate === 'tanh') {
    // One fused kernel forward where registered (wasm, cpu; float32: x·σ(x·(a + b·x²)), the same
    // function), its gradient composite; else the composite ops.
    if (x.dtype === 'float32' && tf.getKernel(GELU_TANH, tf.getBackend()) !== undefined)
      return tf.engine().runKernel(GELU_TANH, { x }) as T;
    return tf.tidy(() => {
      const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), SQRT_2_OVER_PI);
      return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
    }) as T;
  }
  throw new ArgumentError('gelu(approximate)', "'none' or 'tanh'", approximate);
}

/**
 * x·sigmoid(x) (a.k.a. swish). Like `torch.nn.functional.silu`.
 * @example
 * ```ts
 * silu(tf.tensor1d([1])); // [0.7310586]
 * ```
 */
export function silu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(x))) as T;
}

/** Hyperbolic tangent. Like `torch.tanh`. */
export function tanh<T extends tf.Tensor>(x: T): T {
  return tf.tanh(x);
}

/** Logistic sigmoid 1 / (1 + e^−x). Like `torch.sigmoid`. */
export function sigmoid<T extends tf.Tensor>(x: T): T {
  return tf.sigmoid(x);
}

const ACTIVATIONS: Record<ActivationName, ActivationFn> = {
  relu,
  gelu: (x) => gelu(x),
  gelu_tanh: (x) => gelu(x, { approximate: 'tanh' }),
  silu,
  swish: silu,
  tanh,
  sigmoid,
  identity: (x) => x.clone(),
  linear: (x) => x.clone(),
};

/**
 * Resolves an activation given by name (as in model configs) or passes a function through.
 *
 * @example
 * ```ts
 * const act = getActivation('gelu'); // exact GELU
 * act(x);
 * ```
 */
export function getActivation(activation: ActivationName | ActivationFn): ActivationFn {
  if (typeof activation === 'function') return activation;
  const fn = Object.hasOwn(ACTIVATIONS, activation) ? ACTIVATIONS[activation] : undefined;
  if (!fn) {
    throw new ArgumentError(
      'getActivation(activation)',
      `a function or one of ${Object.keys(ACTIVATIONS).join(', ')}`,
      activation,
    );
  }
  return fn;
}
