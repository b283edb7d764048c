import { ArgumentError, Linear } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { PaddingOptions } from './ops/padding';
import { SequenceEncoder, type SequenceEncoderOptions, validMask } from './sequence-encoder';

/** How a sequence becomes one vector. */
export type SequencePooling = 'last' | 'mean' | 'max';

/** Options of {@link SequenceClassifier}. */
export interface SequenceClassifierOptions extends SequenceEncoderOptions {
  /** Number of classes `C`. */
  numClasses: number;
  /**
   * `'last'` (default): the last layer's final states (each sequence's true end forwards and its first
   * step backwards, concatenated); `'mean'` / `'max'`: over the real (unpadded) steps of the output.
   */
  pooling?: SequencePooling;
}

/**
 * Sequence classification: (embedding →) recurrent stack → pooled vector → `classifier` (Linear to
 * `numClasses` logits). Padding-aware: pooled over real steps only. Parameters `embedding.weight`,
 * `rnn.*`, `classifier.weight`, `classifier.bias`.
 *
 * @example
 * ```ts
 * const clf = new SequenceClassifier({ vocabSize: 1000, hiddenSize: 64, bidirectional: true, numClasses: 2, pooling: 'max' });
 * const logits = clf.forward(ids, { lengths: [7, 4] }); // ids [2, 7] int32 → logits [2, 2]
 * const loss = crossEntropy(logits, labels);
 * ```
 */
export class SequenceClassifier extends SequenceEncoder {
  readonly pooling: SequencePooling;
  readonly classifier: Linear;

  constructor(options: SequenceClassifierOptions) {
    super('SequenceClassifier', options);
    const { numClasses, pooling = 'last', generator } = options;
    checkDims('SequenceClassifier', { numClasses });
    if (!['last', 'mean', 'max'].includes(pooling)) {
      throw new ArgumentError('SequenceClassifier(pooling)', "'last', 'mean' or 'max'", pooling);
    }
    this.pooling = pooling;
    this.classifier = this.registerModule(
      'classifier',
      new Linear({ inFeatures: this.outputSize, outFeatures: numClasses, generator }),
    );
  }

  /**
   * @param input int32 ids `[B, T]` (with `vocabSize`) or features `[B, T, inputSize]`
   * @returns logits `[B, numClasses]`
   */
  forward(input: tf.Tensor, padding: PaddingOptions = {}): tf.Tensor {
    return tf.tidy(() => this.classifier.forward(this.pool(input, padding)));
  }

  /** The pooled sequence vectors `[B, directions·H]` that the classifier reads. */
  pool(input: tf.Tensor, padding: PaddingOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const { output, hN } = this.encode(input, padding);
      const [B, T] = output.shape as [number, number, number];
      if (this.pooling === 'last') {
        const D = this.rnn.directions;
        const last = tf.slice(hN, [hN.shape[0] - D, 0, 0], [D, -1, -1]); // [D, B, H]
        return tf.reshape(tf.transpose(last, [1, 0, 2]), [B, -1]);
      }
      const valid = validMask(B, T, padding);
      if (this.pooling === 'mean') {
        if (!valid) return tf.mean(output, 1);
        const v = tf.expandDims(valid, 2);
        return tf.div(tf.sum(tf.mul(output, v), 1), tf.maximum(tf.sum(v, 1), 1));
      }
      if (!valid) return tf.max(output, 1);
      return tf.max(tf.where(tf.greater(tf.expandDims(valid, 2), 0), output, tf.fill(output.shape, -1e9)), 1);
    });
  }
}
