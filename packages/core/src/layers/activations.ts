import type * as tf from '@tensorflow/tfjs-core';
import { type GeluOptions, gelu, relu, sigmoid, silu, tanh } from '../functional/activations';
import { Module } from '../module';

/**
 * `max(0, x)` as a module (no parameters), for `Sequential`. Like `torch.nn.ReLU`.
 *
 * @example
 * ```ts
 * const mlp = new Sequential(new Linear({ inFeatures: 4, outFeatures: 8 }), new ReLU(), new Linear({ inFeatures: 8, outFeatures: 2 }));
 * Object.keys(mlp.stateDict()); // ['0.weight', '0.bias', '2.weight', '2.bias'], as in PyTorch
 * ```
 */
export class ReLU extends Module {
  forward<T extends tf.Tensor>(x: T): T {
    return relu(x);
  }
}

/**
 * GELU as a module (exact by default, `{ approximate: 'tanh' }` for GPT-2's). Like `torch.nn.GELU`.
 *
 * @example
 * ```ts
 * new GELU({ approximate: 'tanh' }).forward(tf.tensor1d([1])); // [0.841192]
 * ```
 */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';
  constructor(options: GeluOptions = {}) {
    super();
    this.approximate = options.approximate ?? 'none';
  }
  forward<T extends tf.Tensor>(x: T): T {
    return gelu(x, { approximate: this.approximate });
  }
}

/**
 * `x·sigmoid(x)` as a module. Like `torch.nn.SiLU`.
 *
 * @example
 * ```ts
 * new SiLU().forward(tf.tensor1d([1])); // [0.7310586]
 * ```
 */
export class SiLU extends Module {
  forward<T extends tf.Tensor>(x: T): T {
    return silu(x);
  }
}

/**
 * Hyperbolic tangent as a module. Like `torch.nn.Tanh`.
 *
 * @example
 * ```ts
 * new Tanh().forward(tf.tensor1d([0])); // [0]
 * ```
 */
export class Tanh extends Module {
  forward<T extends tf.Tensor>(x: T): T {
    return tanh(x);
  }
}

/**
 * Logistic sigmoid as a module. Like `torch.nn.Sigmoid`.
 *
 * @example
 * ```ts
 * new Sigmoid().forward(tf.tensor1d([0])); // [0.5]
 * ```
 */
export class Sigmoid extends Module {
  forward<T extends tf.Tensor>(x: T): T {
    return sigmoid(x);
  }
}
