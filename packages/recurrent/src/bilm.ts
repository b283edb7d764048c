/**
 * An ELMo-style bidirectional language model (Peters et al. 2018), top to bottom: a token (or
 * character) embedding shared by a forward LSTM LM (predicts the next token) and a separate backward
 * LSTM LM (reads each sequence reversed, predicts the previous token), one softmax layer shared by
 * both; its layers — `[x; x]` for the embedding, then `[→h_j; ←h_j]` per LSTM layer — are the
 * contextual representations that a `ScalarMix` combines for a downstream task.
 */
import {
  crossEntropy,
  dropout,
  Embedding,
  type Generator,
  getDefaultGenerator,
  Linear,
  Module,
} from '@glossa/core';
import { checkDims, checkProbability } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { type PaddingOptions, planPadding, reverseSequences } from './ops/padding';
import { createRecurrent } from './recurrent-factory';
import type { RecurrentLayer } from './recurrent-layer';
import { validMask } from './sequence-encoder';

/** Options of {@link BiLM}. */
export interface BiLMOptions {
  /** Tokens or characters `V`. */
  vocabSize: number;
  /** Embedding and LSTM size `H` (each layer's representation is `2H`). */
  hiddenSize: number;
  /** LSTM layers per direction. Default `2` (as ELMo). */
  numLayers?: number;
  /** `'lstm'` (default) or `'gru'`. */
  rnnType?: 'lstm' | 'gru';
  /** Dropout on the embeddings and between layers (training mode). Default `0`. */
  dropout?: number;
  /** Padding id (zero embedding, no gradient). Default: none. */
  paddingIdx?: number;
  /** Randomness for initialisation and dropout. Default: core's process-wide generator. */
  generator?: Generator;
}

/** What {@link BiLM.forward} returns. */
export interface BiLMOutput {
  /** Forward LM logits `[B, T, V]`: position t predicts token t + 1. */
  forwardLogits: tf.Tensor;
  /** Backward LM logits `[B, T, V]`: position t predicts token t − 1. */
  backwardLogits: tf.Tensor;
  /** `numLayers + 1` representations `[B, T, 2H]` (embedding first), in input time order. */
  layers: tf.Tensor[];
}

/**
 * An ELMo-style biLM over token or character ids. Parameters: `embedding.weight`, `forward_lm.*`,
 * `backward_lm.*` (PyTorch LSTM names), `softmax.weight`, `softmax.bias`.
 *
 * @example
 * ```ts
 * const bilm = new BiLM({ vocabSize: 1000, hiddenSize: 64 });
 * const loss = bilm.loss(ids, { lengths });       // mean of the forward and backward LM losses
 * const mix = new ScalarMix({ numLayers: 3 });
 * const elmo = mix.forward(bilm.embed(ids, { lengths })); // ids [B, T] → [B, T, 128]
 * ```
 */
export class BiLM extends Module {
  readonly embedding: Embedding;
  readonly forward_lm: RecurrentLayer;
  readonly backward_lm: RecurrentLayer;
  readonly softmax: Linear;
  readonly numLayers: number;
  private readonly dropout: number;
  private readonly generator: Generator;

  constructor(options: BiLMOptions) {
    super();
    const {
      vocabSize,
      hiddenSize: H,
      numLayers = 2,
      rnnType = 'lstm',
      dropout: p = 0,
      paddingIdx,
      generator = getDefaultGenerator(),
    } = options ?? ({} as BiLMOptions);
    checkDims('BiLM', { vocabSize, hiddenSize: H, numLayers });
    checkProbability('BiLM(dropout)', p);
    this.numLayers = numLayers;
    this.dropout = p;
    this.generator = generator;
    this.embedding = this.registerModule(
      'embedding',
      new Embedding({ numEmbeddings: vocabSize, embeddingDim: H, paddingIdx, generator }),
    );
    const lm = () =>
      createRecurrent(rnnType, { inputSize: H, hiddenSize: H, numLayers, dropout: p, generator });
    this.forward_lm = this.registerModule('forward_lm', lm());
    this.backward_lm = this.registerModule('backward_lm', lm());
    this.softmax = this.registerModule(
      'softmax',
      new Linear({ inFeatures: H, outFeatures: vocabSize, generator }),
    );
  }

  /**
   * @param ids int32 `[B, T]`
   * @param padding `lengths` or `mask` of right-padded rows
   */
  forward(ids: tf.Tensor, padding: PaddingOptions = {}): BiLMOutput {
    return tf.tidy(() => {
      const [B, T] = ids.shape as [number, number];
      const plan = planPadding('BiLM.forward', B, T, padding);
      let x = this.embedding.forward(ids);
      const layers: tf.Tensor[] = [tf.concat([x, x], 2)];
      if (this.training && this.dropout > 0) x = dropout(x, this.dropout, { generator: this.generator });
      const fwd = this.forward_lm.forward(x, { ...padding, returnAllLayers: true });
      const bwd = this.backward_lm.forward(reverseSequences(x, plan), { ...padding, returnAllLayers: true });
      const back = (bwd.layers as tf.Tensor[]).map((l) => reverseSequences(l, plan));
      (fwd.layers as tf.Tensor[]).forEach((f, j) => {
        layers.push(tf.concat([f, back[j] as tf.Tensor], 2));
      });
      const drop = (t: tf.Tensor) =>
        this.training && this.dropout > 0 ? dropout(t, this.dropout, { generator: this.generator }) : t;
      return {
        forwardLogits: this.softmax.forward(drop(fwd.output)),
        backwardLogits: this.softmax.forward(drop(back[back.length - 1] as tf.Tensor)),
        layers,
      } as unknown as tf.TensorContainerObject;
    }) as unknown as BiLMOutput;
  }

  /** The `numLayers + 1` contextual representations `[B, T, 2H]` (for a `ScalarMix`). */
  embed(ids: tf.Tensor, padding: PaddingOptions = {}): tf.Tensor[] {
    return tf.tidy(() => {
      const { forwardLogits, backwardLogits, layers } = this.forward(ids, padding);
      tf.dispose([forwardLogits, backwardLogits]);
      return layers;
    });
  }

  /** The biLM objective: the mean of the forward and backward LM cross-entropies over real tokens. */
  loss(ids: tf.Tensor, padding: PaddingOptions = {}): tf.Scalar {
    return tf.tidy(() => {
      const [B, T] = ids.shape as [number, number];
      const { forwardLogits, backwardLogits } = this.forward(ids, padding);
      const valid = tf.greater(validMask(B, T, padding) ?? tf.ones([B, T]), 0);
      const ignore = tf.fill([B, 1], -100, 'int32');
      const none = tf.zeros([B, 1], 'bool');
      const id = tf.cast(ids, 'int32');
      // Forward: position t predicts t + 1 (when t + 1 is real); backward: t predicts t − 1.
      const nextReal = tf.concat([tf.slice(valid, [0, 1], [-1, -1]), none], 1);
      const fwdTargets = tf.where(
        nextReal,
        tf.concat([tf.slice(id, [0, 1], [-1, -1]), ignore], 1),
        tf.fill([B, T], -100, 'int32'),
      );
      const prevReal = tf.logicalAnd(valid, tf.concat([none, tf.ones([B, T - 1], 'bool')], 1));
      const bwdTargets = tf.where(
        prevReal,
        tf.concat([ignore, tf.slice(id, [0, 0], [-1, T - 1])], 1),
        tf.fill([B, T], -100, 'int32'),
      );
      return tf.div(
        tf.add(crossEntropy(forwardLogits, fwdTargets), crossEntropy(backwardLogits, bwdTargets)),
        2,
      ) as tf.Scalar;
    });
  }
}
