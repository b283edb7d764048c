import { Linear } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { PaddingOptions } from './ops/padding';
import { SequenceEncoder, type SequenceEncoderOptions } from './sequence-encoder';

/** Options of {@link SequenceTagger}. */
export interface SequenceTaggerOptions extends SequenceEncoderOptions {
  /** Number of tags `C`. */
  numTags: number;
}

/**
 * Sequence labelling (POS tags, NER): (embedding →) recurrent stack (usually bidirectional) →
 * `classifier` (Linear to `numTags` logits) at every step. Padded steps give logits from a zero state;
 * give their targets the loss's ignore index. Parameters `embedding.weight`, `rnn.*`,
 * `classifier.weight`, `classifier.bias`.
 *
 * @example
 * ```ts
 * const tagger = new SequenceTagger({ vocabSize: 5000, hiddenSize: 64, bidirectional: true, numTags: 17 });
 * const logits = tagger.forward(ids, { lengths }); // ids [B, T] → logits [B, T, 17]
 * const loss = crossEntropy(logits, tags, { ignoreIndex: -100 }); // tags −100 at padding
 * ```
 */
export class SequenceTagger extends SequenceEncoder {
  readonly classifier: Linear;

  constructor(options: SequenceTaggerOptions) {
    super('SequenceTagger', options);
    checkDims('SequenceTagger', { numTags: options.numTags });
    this.classifier = this.registerModule(
      'classifier',
      new Linear({ inFeatures: this.outputSize, outFeatures: options.numTags, generator: options.generator }),
    );
  }

  /**
   * @param input int32 ids `[B, T]` (with `vocabSize`) or features `[B, T, inputSize]`
   * @returns logits `[B, T, numTags]`
   */
  forward(input: tf.Tensor, padding: PaddingOptions = {}): tf.Tensor {
    return tf.tidy(() => this.classifier.forward(this.encode(input, padding).output));
  }
}
