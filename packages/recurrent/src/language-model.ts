/**
 * A recurrent language model — embedding → recurrent stack → linear over the vocabulary — with the
 * `GenerationModel` interface of core's generation loop (`generate`, `generateStream`): the hidden
 * state is the loop's state. Parameter names follow PyTorch's
 * `examples/word_language_model` (`encoder.weight`, `rnn.*`, `decoder.weight`, `decoder.bias`), so
 * its checkpoints load unchanged.
 */
import {
  ArgumentError,
  dropout,
  Embedding,
  type GenerationModel,
  type Generator,
  getDefaultGenerator,
  Linear,
  Module,
  type StepInput,
  type StepOutput,
} from '@glossa/core';
import { checkDims, checkProbability } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { PaddingOptions } from './ops/padding';
import { createRecurrent, type RecurrentType } from './recurrent-factory';
import type { RecurrentLayer } from './recurrent-layer';
import { disposeRecurrentState, type RecurrentState, reorderRecurrentState } from './recurrent-state';

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
 * so long streams train with truncated BPTT (see `truncatedBptt`), and `initState` / `step` /
 * `reorderState` / `disposeState` let core's `generate` decode from it.
 *
 * @example
 * ```ts
 * const lm = new RNNLanguageModel({ vocabSize: 65, hiddenSize: 128, numLayers: 2, dropout: 0.1 });
 * const { logits, state } = lm.forward(ids); // ids [B, T] int32 → logits [B, T, 65], state.h [2, B, 128]
 * const loss = crossEntropy(logits, targets);
 * lm.eval();
 * const ids = await generate(lm, prompt, { maxNewTokens: 50, numBeams: 4 }); // core's loop
 * ```
 */
export class RNNLanguageModel extends Module implements GenerationModel<RecurrentState> {
  readonly vocabSize: number;
  readonly encoder: Embedding;
  readonly rnn: RecurrentLayer;
  readonly decoder: Linear;
  readonly dropout: number;
  private readonly generator: Generator;
  private readonly hasCell: boolean;

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
    this.hasCell = rnnType === 'lstm';
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

  /** {@link GenerationModel.initState}: zero hidden (and cell) states `[numLayers, B, H]`. */
  initState(batchSize: number): RecurrentState {
    checkDims('RNNLanguageModel.initState', { batchSize });
    const shape = [this.rnn.numLayers, batchSize, this.rnn.hiddenSize];
    const state: RecurrentState = { h: tf.zeros(shape) };
    if (this.hasCell) state.c = tf.zeros(shape);
    return state;
  }

  /**
   * {@link GenerationModel.step}: feeds `inputIds` `[B, Tnew]` after `state` (consumed: disposed
   * here) and returns the next-token logits `[B, V]` and the new state, so that core's `generate`
   * (greedy, sampling, beam search) decodes from this model. Left padding (`attentionMask` zeros)
   * neither updates a row's state nor gives its logits: each row's real tokens run as a packed
   * sequence, and its logits are those after its last real token.
   *
   * @example
   * ```ts
   * lm.eval();
   * const out = await generate(lm, prompt, { maxNewTokens: 100, doSample: true, topK: 10, seed: 1 });
   * ```
   */
  step(
    input: StepInput,
    state: RecurrentState,
  ): StepOutput<RecurrentState> | Promise<StepOutput<RecurrentState>> {
    const { inputIds, attentionMask, pastLength } = input;
    // After the prefill every row has a real token, so a single new token is never padding.
    if (!attentionMask || (pastLength > 0 && inputIds.shape[1] === 1))
      return this.stepRows(inputIds, state, null);
    return this.stepPadded(inputIds, attentionMask, state);
  }

  /** Left-padded new tokens: each row's real tokens are moved to the front and run as a packed sequence. */
  private async stepPadded(
    inputIds: tf.Tensor2D,
    attentionMask: tf.Tensor2D,
    state: RecurrentState,
  ): Promise<StepOutput<RecurrentState>> {
    const [B, T] = inputIds.shape;
    const newMask = tf.slice(attentionMask, [0, attentionMask.shape[1] - T], [-1, T]);
    const mask = (await newMask.array()) as number[][];
    newMask.dispose();
    const ids = (await inputIds.array()) as number[][];
    const lengths = mask.map((row) => row.reduce((n, m) => n + (m ? 1 : 0), 0));
    if (lengths.some((n) => n === 0)) {
      throw new ArgumentError(
        'RNNLanguageModel.step(attentionMask)',
        'at least one real new token per row',
        mask,
      );
    }
    const packed = ids.map((row, b) => {
      const real = row.filter((_, t) => (mask[b] as number[])[t]);
      return [...real, ...new Array<number>(T - real.length).fill(0)];
    });
    const packedIds = tf.tensor2d(packed, [B, T], 'int32');
    try {
      return this.stepRows(packedIds, state, lengths);
    } finally {
      packedIds.dispose();
    }
  }

  /** Runs `ids` after `state` (disposed once the step has succeeded); `lengths`: real tokens per row. */
  private stepRows(
    ids: tf.Tensor,
    state: RecurrentState,
    lengths: number[] | null,
  ): StepOutput<RecurrentState> {
    const [B, T] = ids.shape as [number, number];
    const out = tf.tidy(() => {
      const { logits, state: next } = this.forward(ids, state, lengths ? { lengths } : {});
      const last = lengths
        ? tf.gatherND(
            logits,
            tf.tensor2d(
              lengths.flatMap((n, b) => [b, n - 1]),
              [B, 2],
              'int32',
            ),
          )
        : tf.slice(logits, [0, T - 1, 0], [-1, 1, -1]);
      return {
        logits: tf.reshape(last, [B, this.vocabSize]),
        state: next,
      } as unknown as tf.TensorContainerObject;
    }) as unknown as StepOutput<RecurrentState>;
    disposeRecurrentState(state);
    return out;
  }

  /** {@link GenerationModel.reorderState}: the state of batch rows `indices` (`state` is consumed). */
  reorderState(state: RecurrentState, indices: tf.Tensor1D): RecurrentState {
    const next = reorderRecurrentState(state, indices);
    disposeRecurrentState(state);
    return next;
  }

  /** {@link GenerationModel.disposeState}: releases a state's tensors. */
  disposeState(state: RecurrentState): void {
    disposeRecurrentState(state);
  }
}
