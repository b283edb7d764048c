/**
 * A recurrent language model — embedding → recurrent stack → linear over the vocabulary — with the
 * step/state interface of autoregressive decoding. Parameter names follow PyTorch's
 * `examples/word_language_model` (`encoder.weight`, `rnn.*`, `decoder.weight`, `decoder.bias`), so
 * its checkpoints load unchanged.
 */
import { dropout, Embedding, type Generator, getDefaultGenerator, Linear, Module } from '@glossa/core';
import { checkDims, checkProbability } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { PaddingOptions } from './ops/padding';
import { createRecurrent, type RecurrentType } from './recurrent-factory';
import type { RecurrentLayer } from './recurrent-layer';
import { disposeRecurrentState, type RecurrentState, reorderRecurrentState } from './recurrent-state';
import type { StepModel, StepResult } from './step-model';

/** Options of {@link RNNLanguageModel}. */
export interface RNNLanguageModelOptions {
  /** Vocabulary size `V`. */
  vocabSize: number;
  /** Embedding size. Default `hiddenSize`. */
  embeddingDim?: number;
  /** Hidden size `H`. */
  hiddenSize: number;
  /** Default `1`. */
  numLayers?: number;
  /** `'lstm'` (default), `'gru'`, `'rnn_tanh'` or `'rnn_relu'`. */
  rnnType?: RecurrentType;
  /** Dropout on the embeddings, between layers and before the decoder (training mode). Default `0`. */
  dropout?: number;
  /** Randomness for initialisation and dropout. Default: core's process-wide generator. */
  generator?: Generator;
}

/** What {@link RNNLanguageModel.forward} returns. */
export interface LanguageModelOutput {
  /** Next-token logits `[B, T, V]`. */
  logits: tf.Tensor;
  /** The state after the last step (each sequence's true end with `lengths`). */
  state: RecurrentState;
}

/**
 * A word- or character-level recurrent language model: `encoder` (Embedding) → `rnn` (unidirectional
 * LSTM/GRU/RNN) → `decoder` (Linear to `V` logits). `forward` takes and returns the recurrent state,
 * so long streams train with truncated BPTT (see `truncatedBptt`), and `step` / `reorderState` /
 * `disposeState` let a decoding loop generate from it.
 *
 * @example
 * ```ts
 * const lm = new RNNLanguageModel({ vocabSize: 65, hiddenSize: 128, numLayers: 2, dropout: 0.1 });
 * const { logits, state } = lm.forward(ids); // ids [B, T] int32 → logits [B, T, 65], state.h [2, B, 128]
 * const loss = crossEntropy(logits, targets);
 * let s = lm.step(prompt, null);              // logits [B, 65] for the token after the prompt
 * ```
 */
export class RNNLanguageModel extends Module implements StepModel<RecurrentState> {
  readonly vocabSize: number;
  readonly encoder: Embedding;
  readonly rnn: RecurrentLayer;
  readonly decoder: Linear;
  readonly dropout: number;
  private readonly generator: Generator;

  constructor(options: RNNLanguageModelOptions) {
    super();
    const {
      vocabSize,
      hiddenSize,
      embeddingDim = hiddenSize,
      numLayers = 1,
      rnnType = 'lstm',
      dropout: p = 0,
      generator = getDefaultGenerator(),
    } = options ?? ({} as RNNLanguageModelOptions);
    checkDims('RNNLanguageModel', { vocabSize, hiddenSize, embeddingDim, numLayers });
    checkProbability('RNNLanguageModel(dropout)', p);
    this.vocabSize = vocabSize;
    this.dropout = p;
    this.generator = generator;
    this.encoder = this.registerModule(
      'encoder',
      new Embedding({ numEmbeddings: vocabSize, embeddingDim, generator }),
    );
    this.rnn = this.registerModule(
      'rnn',
      createRecurrent(rnnType, { inputSize: embeddingDim, hiddenSize, numLayers, dropout: p, generator }),
    );
    this.decoder = this.registerModule(
      'decoder',
      new Linear({ inFeatures: hiddenSize, outFeatures: vocabSize, generator }),
    );
  }

  /**
   * @param ids int32 `[B, T]`
   * @param state the state to continue from (e.g. the previous chunk's); default zeros
   * @param padding `lengths` or `mask` of right-padded rows
   */
  forward(
    ids: tf.Tensor,
    state: RecurrentState | null = null,
    padding: PaddingOptions = {},
  ): LanguageModelOutput {
    return tf.tidy(() => {
      let x = this.encoder.forward(ids);
      if (this.training && this.dropout > 0) x = dropout(x, this.dropout, { generator: this.generator });
      const r = this.rnn.forward(x, { ...padding, h0: state?.h, c0: state?.c });
      let y = r.output;
      if (this.training && this.dropout > 0) y = dropout(y, this.dropout, { generator: this.generator });
      const next: RecurrentState = { h: r.hN };
      if (r.cN) next.c = r.cN;
      return { logits: this.decoder.forward(y), state: next } as unknown as tf.TensorContainerObject;
    }) as unknown as LanguageModelOutput;
  }

  /** Feeds `newTokens` `[B, Tnew]` after `state`; returns the logits `[B, V]` of the next token and the new state. */
  step(newTokens: tf.Tensor, state: RecurrentState | null): StepResult<RecurrentState> {
    return tf.tidy(() => {
      const { logits, state: next } = this.forward(newTokens, state);
      const T = logits.shape[1] as number;
      const last = tf.reshape(tf.slice(logits, [0, T - 1, 0], [-1, 1, -1]), [-1, this.vocabSize]);
      return { logits: last, state: next } as unknown as tf.TensorContainerObject;
    }) as unknown as StepResult<RecurrentState>;
  }

  /** The state of batch rows `indices` (beam search). */
  reorderState(state: RecurrentState, indices: tf.Tensor | readonly number[]): RecurrentState {
    return reorderRecurrentState(state, indices);
  }

  /** Releases a state's tensors. */
  disposeState(state: RecurrentState): void {
    disposeRecurrentState(state);
  }
}
