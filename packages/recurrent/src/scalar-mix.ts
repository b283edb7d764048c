/**
 * ELMo's task-specific combination of a biLM's layers (Peters et al. 2018, eq. 1):
 * `ELMo = γ · Σ_j softmax(s)_j · h_j`, with the scalars `s_j` and the scale `γ` learned by the
 * downstream task. AllenNLP's parameter names: `scalar_parameters.{j}` `[1]` and `gamma` `[1]`.
 */
import { ArgumentError, fmtShape, Module, ShapeError } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link ScalarMix}. */
export interface ScalarMixOptions {
  /** Number of layers mixed (a biLM with L LSTM layers has L + 1, the embedding included). */
  numLayers: number;
  /** Initial `s_j`. Default all 0 (an even mix). */
  initialWeights?: number[];
  /** Initial `γ`. Default `1`. */
  gamma?: number;
}

/** A list of scalar parameters named `0`, `1`, … (PyTorch `nn.ParameterList`). */
class ScalarList extends Module {
  readonly values: tf.Variable[];
  constructor(init: number[]) {
    super();
    this.values = init.map((v, j) => this.registerParameter(String(j), tf.tensor1d([v])));
  }
  forward(): tf.Tensor {
    return tf.concat(this.values);
  }
}

/**
 * A learned softmax-weighted sum of layers, scaled by `γ`.
 *
 * @example
 * ```ts
 * const mix = new ScalarMix({ numLayers: 3 });
 * const elmo = mix.forward(bilm.embed(ids).layers); // 3 × [B, T, 2H] → [B, T, 2H]
 * ```
 */
export class ScalarMix extends Module {
  readonly numLayers: number;
  readonly scalar_parameters: ScalarList;
  readonly gamma: tf.Variable;

  constructor(options: ScalarMixOptions) {
    super();
    const {
      numLayers,
      initialWeights = new Array(options?.numLayers ?? 0).fill(0),
      gamma = 1,
    } = options ?? {};
    checkDims('ScalarMix', { numLayers });
    if (!Array.isArray(initialWeights) || initialWeights.length !== numLayers) {
      throw new ArgumentError('ScalarMix(initialWeights)', `${numLayers} numbers`, initialWeights);
    }
    this.numLayers = numLayers;
    this.scalar_parameters = this.registerModule('scalar_parameters', new ScalarList(initialWeights));
    this.gamma = this.registerParameter('gamma', tf.tensor1d([gamma]));
  }

  /** The normalised layer weights `softmax(s)` `[numLayers]`. */
  weights(): tf.Tensor {
    return tf.tidy(() => tf.softmax(this.scalar_parameters.forward()));
  }

  /**
   * @param layers `numLayers` tensors of one shape (e.g. `[B, T, D]`)
   * @returns `γ · Σ_j softmax(s)_j · layers[j]`, same shape
   */
  forward(layers: tf.Tensor[]): tf.Tensor {
    if (!Array.isArray(layers) || layers.length !== this.numLayers) {
      throw new ArgumentError('ScalarMix.forward(layers)', `${this.numLayers} tensors`, layers);
    }
    const shape = (layers[0] as tf.Tensor).shape;
    for (const l of layers) {
      if (l.shape.length !== shape.length || l.shape.some((d, i) => d !== shape[i])) {
        throw new ShapeError(
          `ScalarMix.forward(layers): expected every layer of shape ${fmtShape(shape)}, received ${fmtShape(l.shape)}`,
          shape,
          l.shape,
        );
      }
    }
    return tf.tidy(() => {
      const w = tf.unstack(tf.softmax(this.scalar_parameters.forward()));
      const mixed = tf.addN(layers.map((l, j) => tf.mul(l, w[j] as tf.Tensor)));
      return tf.mul(mixed, this.gamma);
    });
  }
}
