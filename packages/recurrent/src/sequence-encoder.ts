/**
 * What the sequence classification and labelling heads share: token ids through an `Embedding`
 * (or feature vectors as they are) into a recurrent stack, with padding handled by the stack.
 * Parameters: `embedding.weight` (with `vocabSize`), `rnn.*` (PyTorch's names).
 */
import { ArgumentError, Embedding, type Generator, getDefaultGenerator, Module } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { boolToFloat, paddingAsBool } from './ops/float-mask';
import type { PaddingOptions } from './ops/padding';
import { createRecurrent, type RecurrentType } from './recurrent-factory';
import type { RecurrentLayer, RecurrentOutput } from './recurrent-layer';

/** Options of the encoder the heads share. */
export interface SequenceEncoderOptions {
  /** Token vocabulary: inputs are int32 ids `[B, T]` embedded by `embedding`. Without it, inputs are features `[B, T, inputSize]`. */
  vocabSize?: number;
  /** Embedding size (with `vocabSize`). Default `hiddenSize`. */
  embeddingDim?: number;
  /** Feature size of each step (without `vocabSize`). */
  inputSize?: number;
  /** Padding token id: its embedding is zero and gets no gradient. Default: none. */
  paddingIdx?: number;
  /** `'lstm'` (default), `'gru'`, `'rnn_tanh'` or `'rnn_relu'`. */
  rnnType?: RecurrentType;
  /** Hidden size of the recurrent stack. */
  hiddenSize: number;
  /** Default `1`. */
  numLayers?: number;
  /** Default `false`. */
  bidirectional?: boolean;
  /** Dropout between recurrent layers. Default `0`. */
  dropout?: number;
  /** Randomness for initialisation and dropout. Default: core's process-wide generator. */
  generator?: Generator;
}

/** Base class of `SequenceClassifier` and `SequenceTagger`. */
export abstract class SequenceEncoder extends Module {
  readonly embedding: Embedding | null;
  readonly rnn: RecurrentLayer;
  /** Width of the stack's output: `directions · hiddenSize`. */
  readonly outputSize: number;

  protected constructor(
    protected readonly owner: string,
    options: SequenceEncoderOptions,
  ) {
    super();
    const {
      vocabSize,
      hiddenSize,
      paddingIdx,
      rnnType = 'lstm',
      generator = getDefaultGenerator(),
    } = options ?? {};
    checkDims(owner, { hiddenSize });
    let inputSize: number;
    if (vocabSize !== undefined) {
      const embeddingDim = options.embeddingDim ?? hiddenSize;
      checkDims(owner, { vocabSize, embeddingDim });
      this.embedding = this.registerModule(
        'embedding',
        new Embedding({ numEmbeddings: vocabSize, embeddingDim, paddingIdx, generator }),
      );
      inputSize = embeddingDim;
    } else {
      if (options?.inputSize === undefined) {
        throw new ArgumentError(
          `${owner}(inputSize)`,
          'a feature size (or vocabSize for token ids)',
          undefined,
        );
      }
      checkDims(owner, { inputSize: options.inputSize });
      this.embedding = null;
      inputSize = options.inputSize;
    }
    this.rnn = this.registerModule(
      'rnn',
      createRecurrent(rnnType, {
        inputSize,
        hiddenSize,
        numLayers: options.numLayers,
        bidirectional: options.bidirectional,
        dropout: options.dropout,
        generator,
      }),
    );
    this.outputSize = this.rnn.directions * hiddenSize;
  }

  /** Embeds (when ids) and runs the stack. */
  protected encode(input: tf.Tensor, padding: PaddingOptions): RecurrentOutput {
    return tf.tidy(() => {
      const x = this.embedding ? this.embedding.forward(input) : input;
      return this.rnn.forward(x, padding) as unknown as tf.TensorContainerObject;
    }) as unknown as RecurrentOutput;
  }
}

/** `[B, T]` float32 validity (1 = real step) from padding options, or `null` when nothing is padded. */
export function validMask(B: number, T: number, padding: PaddingOptions): tf.Tensor | null {
  const { lengths, mask } = padding;
  if (mask !== undefined) return boolToFloat(tf.logicalNot(paddingAsBool(mask)));
  if (lengths === undefined) return null;
  const lens = lengths instanceof tf.Tensor ? tf.cast(lengths, 'int32') : tf.tensor1d([...lengths], 'int32');
  return boolToFloat(tf.less(tf.reshape(tf.range(0, T, 1, 'int32'), [1, T]), tf.reshape(lens, [B, 1])));
}
