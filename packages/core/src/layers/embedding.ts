import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError } from '../errors';
import { checkIds } from '../index-checks';
import { initIsSkipped } from '../init/skip-init';
import { Module, type StateValue, toTensor } from '../module';
import { type Generator, getDefaultGenerator } from '../random';

/** Options of `Embedding`. */
export interface EmbeddingOptions {
  /** Vocabulary size (rows of the table). Inferred from `weights` when given. */
  numEmbeddings?: number;
  /** Size of each vector (columns). Inferred from `weights` when given. */
  embeddingDim?: number;
  /**
   * Index whose row is initialised to zeros and receives no gradient (padding). Negative values
   * count from the end, as in PyTorch. Default: none.
   */
  paddingIdx?: number;
  /** Initial table `[numEmbeddings, embeddingDim]` (e.g. pretrained vectors), copied. Default: N(0, 1). */
  weights?: StateValue;
  /** Keep the table fixed during training (not returned by `trainableParameters()`). Default `false`. */
  freeze?: boolean;
  /** Randomness for the initial table. Default: the process-wide generator. */
  generator?: Generator;
}

/** Passes `x` through in the forward pass and multiplies its gradient by `keep`. */
const maskGradient = tf.customGrad((x, keep, save) => {
  (save as tf.GradSaveFunc)([keep as tf.Tensor]);
  return {
    value: (x as tf.Tensor).clone(),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, saved[0]!), tf.zerosLike(saved[0]!)],
  };
}) as (x: tf.Tensor, keep: tf.Tensor) => tf.Tensor;

/**
 * A lookup table of vectors: integer ids `[...]` → vectors `[..., embeddingDim]`. Parameter
 * `weight` `[numEmbeddings, embeddingDim]`, initialised N(0, 1) with the `paddingIdx` row zeroed.
 * Like `torch.nn.Embedding` (and `Embedding.from_pretrained` via `weights` + `freeze`).
 *
 * @example
 * ```ts
 * const emb = new Embedding({ numEmbeddings: 100, embeddingDim: 16, paddingIdx: 0 });
 * const x = emb.forward(tf.tensor2d([[5, 7, 0]], [1, 3], 'int32')); // [B, T] → [B, T, 16]
 * ```
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** Normalised (non-negative) padding index, or `null`. */
  readonly paddingIdx: number | null;
  /** `[numEmbeddings, embeddingDim]`. */
  readonly weight: tf.Variable;
  /**
   * Check ids before the lookup (default `true`): an id outside `[0, numEmbeddings)` is an
   * `ArgumentError` naming its position, the id and the vocabulary size (tfjs would throw an
   * untyped `GatherV2` error, or on some backends return zeros). Cheap on cpu/wasm; deferred on
   * webgpu for ids already on the GPU (see `crossEntropy`'s `validateTargets`). Set `false` to skip.
   */
  validateIds = true;

  constructor(options: EmbeddingOptions) {
    super();
    const { paddingIdx, weights, freeze = false, generator = getDefaultGenerator() } = options ?? {};
    let { numEmbeddings, embeddingDim } = options ?? {};
    let init: tf.Tensor | undefined;
    if (weights !== undefined) {
      init = toTensor(weights, 'Embedding(weights)');
      if (init.rank !== 2) {
        const shape = init.shape;
        init.dispose();
        throw new ShapeError(
          `Embedding(weights): expected a 2-D table, received shape ${fmtShape(shape)}`,
          [null, null],
          shape,
        );
      }
      const [n, d] = init.shape as [number, number];
      if (
        (numEmbeddings !== undefined && numEmbeddings !== n) ||
        (embeddingDim !== undefined && embeddingDim !== d)
      ) {
        init.dispose();
        throw new ShapeError(
          `Embedding(weights): expected shape ${fmtShape([numEmbeddings ?? -1, embeddingDim ?? -1])} to match numEmbeddings/embeddingDim, received ${fmtShape([n, d])}`,
          [numEmbeddings ?? null, embeddingDim ?? null],
          [n, d],
        );
      }
      numEmbeddings = n;
      embeddingDim = d;
      if (init.dtype !== 'float32') {
        const cast = tf.cast(init, 'float32');
        init.dispose();
        init = cast;
      }
    }
    for (const [name, v] of [
      ['numEmbeddings', numEmbeddings],
      ['embeddingDim', embeddingDim],
    ] as const) {
      if (!Number.isInteger(v) || (v as number) < 0) {
        init?.dispose();
        throw new ArgumentError(`Embedding(${name})`, 'a non-negative integer (or weights)', v);
      }
    }
    const n = numEmbeddings as number;
    const d = embeddingDim as number;
    let pad: number | null = null;
    if (paddingIdx !== undefined && paddingIdx !== null) {
      if (!Number.isInteger(paddingIdx) || paddingIdx < -n || paddingIdx >= n) {
        init?.dispose();
        throw new ArgumentError('Embedding(paddingIdx)', `an integer in [${-n}, ${n - 1}]`, paddingIdx);
      }
      pad = paddingIdx < 0 ? paddingIdx + n : paddingIdx;
    }
    this.numEmbeddings = n;
    this.embeddingDim = d;
    this.paddingIdx = pad;
    if (!init && initIsSkipped()) init = tf.zeros([n, d]);
    if (!init) {
      const data = generator.fillNormal(new Float32Array(n * d));
      if (pad !== null) data.fill(0, pad * d, (pad + 1) * d);
      init = tf.tensor2d(data, [n, d]);
    }
    this.weight = this.registerParameter('weight', init, !freeze);
  }

  /**
   * @param ids integer ids of any shape `[...]` (int32; other dtypes are cast).
   * @returns `[..., embeddingDim]` float32.
   */
  forward(ids: tf.Tensor): tf.Tensor {
    if (!(ids instanceof tf.Tensor)) {
      throw new ArgumentError('Embedding.forward(ids)', 'an int32 tf.Tensor of token ids', ids);
    }
    if (this.validateIds)
      checkIds(
        'Embedding.forward(ids)',
        ids,
        this.numEmbeddings,
        `a token id in [0, ${this.numEmbeddings}) (the vocabulary size is ${this.numEmbeddings})`,
      );
    return tf.tidy(() => {
      const idx = ids.dtype === 'int32' ? ids : tf.cast(ids, 'int32');
      const flat = tf.reshape(idx, [-1]);
      let out: tf.Tensor = tf.gather(this.weight, flat);
      if (this.paddingIdx !== null && this.weight.trainable) {
        const keep = tf.cast(tf.expandDims(tf.notEqual(flat, this.paddingIdx), 1), 'float32');
        out = maskGradient(out, keep);
      }
      return tf.reshape(out, [...ids.shape, this.embeddingDim]);
    });
  }
}
