/**
 * An RNN encoder–decoder with attention (Bahdanau et al. 2015; Luong et al. 2015), top to bottom:
 * config, encoder, decoder step, teacher-forced forward, the step/state interface (and its adapter to
 * core's generation loop), and translation (greedy or beam search through core's `generate`)
 * returning attention weights for plotting.
 *
 * - Encoder: `src_embedding` → `encoder` (a bidirectional LSTM/GRU by default); the decoder's initial
 *   state is `tanh(bridge([→h_N; ←h_1]))` per layer (zeros for the LSTM's cell state).
 * - Bahdanau (additive): the previous top state queries the encoder states; the decoder cells read
 *   `[embedding; context]`; `output` reads `[state; context]`.
 * - Luong (`dot`/`general`/`concat`): the decoder cells read `[embedding; h̃_{t−1}]` (input feeding);
 *   the new top state queries; `h̃_t = tanh(combine([context; state]))`; `output` reads `h̃_t`.
 */
import {
  AdditiveAttention,
  keyPaddingMaskFromLengths,
  LuongAttention,
  type LuongScore,
} from '@glossa/attention';
import {
  ArgumentError,
  dropout,
  Embedding,
  type GenerationModel,
  type Generator,
  getDefaultGenerator,
  Linear,
  Module,
} from '@glossa/core';
import { checkDims, checkProbability } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { CellStack } from './cell-stack';
import { boolToFloat, paddingAsBool } from './ops/float-mask';
import type { PaddingOptions } from './ops/padding';
import { createRecurrent } from './recurrent-factory';
import type { RecurrentLayer } from './recurrent-layer';
import type { RecurrentState } from './recurrent-state';
import { attendMemory, projectMemory } from './seq2seq-attention';
import {
  type Seq2SeqState,
  seq2seqGenerationModel,
  type TranslateOptions,
  type Translation,
  translateWith,
} from './seq2seq-decoding';

export type { Seq2SeqState, TranslateOptions, Translation } from './seq2seq-decoding';

/** Options of {@link Seq2Seq}. */
export interface Seq2SeqOptions {
  srcVocabSize: number;
  tgtVocabSize: number;
  /** Hidden size `H` of the encoder (per direction) and the decoder. */
  hiddenSize: number;
  /** Embedding size (source and target). Default `hiddenSize`. */
  embeddingDim?: number;
  /** Layers of the encoder and of the decoder. Default `1`. */
  numLayers?: number;
  /** `'lstm'` (default) or `'gru'`, for both sides. */
  rnnType?: 'lstm' | 'gru';
  /** `'bahdanau'` (additive, default) or `'luong'`. */
  attention?: 'bahdanau' | 'luong';
  /** Luong's score function. Default `'general'`. */
  luongScore?: LuongScore;
  /** Bidirectional encoder. Default `true`. */
  bidirectionalEncoder?: boolean;
  /** Dropout on embeddings and between layers (training mode). Default `0`. */
  dropout?: number;
  /** Randomness for initialisation and dropout. Default: core's process-wide generator. */
  generator?: Generator;
}

/** What the teacher-forced {@link Seq2Seq.forward} returns. */
export interface Seq2SeqOutput {
  /** `[B, Tt, tgtVocabSize]`. */
  logits: tf.Tensor;
  /** Attention weights `[B, Tt, S]` (row t: the weights used to produce target position t). */
  weights: tf.Tensor;
}

/**
 * An attentional RNN encoder–decoder.
 *
 * @example
 * ```ts
 * const model = new Seq2Seq({ srcVocabSize: 13, tgtVocabSize: 13, hiddenSize: 64, attention: 'bahdanau' });
 * const { logits, weights } = model.forward(src, tgtIn, { lengths: srcLengths }); // [B, Tt, 13], [B, Tt, S]
 * const loss = crossEntropy(logits, tgtOut, { ignoreIndex: PAD });
 * const [best] = await model.translate(src1, { bos: 1, eos: 2, maxLength: 12, beamSize: 4 });
 * best.tokens; best.attention; // [steps][S], for plotting
 * ```
 */
export class Seq2Seq extends Module {
  readonly attentionType: 'bahdanau' | 'luong';
  readonly src_embedding: Embedding;
  readonly encoder: RecurrentLayer;
  readonly bridge: Linear;
  readonly tgt_embedding: Embedding;
  readonly decoder: CellStack;
  readonly attention: AdditiveAttention | LuongAttention;
  readonly combine: Linear | null = null;
  readonly output: Linear;
  private readonly numLayers: number;
  private readonly hiddenSize: number;
  private readonly dropout: number;
  private readonly generator: Generator;

  constructor(options: Seq2SeqOptions) {
    super();
    const {
      srcVocabSize,
      tgtVocabSize,
      hiddenSize: H,
      embeddingDim: E = options?.hiddenSize,
      numLayers = 1,
      rnnType = 'lstm',
      attention = 'bahdanau',
      luongScore = 'general',
      bidirectionalEncoder = true,
      dropout: p = 0,
      generator = getDefaultGenerator(),
    } = options ?? ({} as Seq2SeqOptions);
    checkDims('Seq2Seq', { srcVocabSize, tgtVocabSize, hiddenSize: H, embeddingDim: E, numLayers });
    checkProbability('Seq2Seq(dropout)', p);
    if (attention !== 'bahdanau' && attention !== 'luong') {
      throw new ArgumentError('Seq2Seq(attention)', "'bahdanau' or 'luong'", attention);
    }
    if (rnnType !== 'lstm' && rnnType !== 'gru')
      throw new ArgumentError('Seq2Seq(rnnType)', "'lstm' or 'gru'", rnnType);
    this.attentionType = attention;
    this.numLayers = numLayers;
    this.hiddenSize = H;
    this.dropout = p;
    this.generator = generator;
    const De = (bidirectionalEncoder ? 2 : 1) * H;
    const emb = (n: number) => new Embedding({ numEmbeddings: n, embeddingDim: E, generator });
    this.src_embedding = this.registerModule('src_embedding', emb(srcVocabSize));
    this.encoder = this.registerModule(
      'encoder',
      createRecurrent(rnnType, {
        inputSize: E,
        hiddenSize: H,
        numLayers,
        bidirectional: bidirectionalEncoder,
        dropout: p,
        generator,
      }),
    );
    this.bridge = this.registerModule('bridge', new Linear({ inFeatures: De, outFeatures: H, generator }));
    this.tgt_embedding = this.registerModule('tgt_embedding', emb(tgtVocabSize));
    const luong = attention === 'luong';
    this.decoder = this.registerModule(
      'decoder',
      new CellStack({
        cellType: rnnType,
        inputSize: E + (luong ? H : De),
        hiddenSize: H,
        numLayers,
        dropout: p,
        generator,
      }),
    );
    this.attention = this.registerModule(
      'attention',
      luong
        ? new LuongAttention({ score: luongScore, queryDim: H, keyDim: De, generator })
        : new AdditiveAttention({ queryDim: H, keyDim: De, hiddenDim: H, generator }),
    );
    if (luong) {
      this.combine = this.registerModule(
        'combine',
        new Linear({ inFeatures: De + H, outFeatures: H, bias: false, generator }),
      );
    }
    this.output = this.registerModule(
      'output',
      new Linear({ inFeatures: luong ? H : H + De, outFeatures: tgtVocabSize, generator }),
    );
  }

  /**
   * Encodes a source batch into the initial decoding state (owned by the caller: `disposeState`).
   * @param src int32 `[B, S]`
   */
  encode(src: tf.Tensor, padding: PaddingOptions = {}): Seq2SeqState {
    return tf.tidy(() => {
      const [B, S] = src.shape as [number, number];
      const x = this.drop(this.src_embedding.forward(src));
      const { output, hN } = this.encoder.forward(x, padding);
      const D = this.encoder.directions;
      // Per layer: [→h; ←h] of that layer's final states → bridge → tanh.
      const finals = tf.reshape(
        tf.transpose(tf.reshape(hN, [this.numLayers, D, B, this.hiddenSize]), [0, 2, 1, 3]),
        [this.numLayers, B, D * this.hiddenSize],
      );
      const h = tf.tanh(this.bridge.forward(finals));
      const decoder: RecurrentState = { h };
      if (this.decoder.hasCell) decoder.c = tf.zerosLike(h);
      let srcMask: tf.Tensor | null = null;
      if (padding.mask) srcMask = paddingAsBool(padding.mask);
      else if (padding.lengths) {
        srcMask =
          padding.lengths instanceof tf.Tensor
            ? tf.greaterEqual(
                tf.reshape(tf.range(0, S, 1, 'int32'), [1, S]),
                tf.reshape(tf.cast(padding.lengths, 'int32'), [B, 1]),
              )
            : keyPaddingMaskFromLengths([...padding.lengths], S);
      }
      const feed = this.attentionType === 'luong' ? tf.zeros([B, this.hiddenSize]) : null;
      const keys = projectMemory(this.attention, output);
      return {
        memory: output,
        keys,
        srcMask,
        decoder,
        feed,
        weights: null,
      } as unknown as tf.TensorContainerObject;
    }) as unknown as Seq2SeqState;
  }

  /** One decoder step for previous tokens `y` `[N]` (int32): logits `[N, V]` and the new state. */
  private decodeStep(y: tf.Tensor, s: Seq2SeqState): { logits: tf.Tensor; state: Seq2SeqState } {
    const e = this.drop(this.tgt_embedding.forward(y));
    const attend = (query: tf.Tensor) => attendMemory(this.attention, query, s.memory, s.keys, s.srcMask);
    if (this.attentionType === 'bahdanau') {
      const top = tf.squeeze(tf.slice(s.decoder.h, [this.numLayers - 1, 0, 0], [1, -1, -1]), [0]);
      const { context, weights } = attend(top);
      const { output, state } = this.decoder.forward(tf.concat([e, context], 1), s.decoder);
      const logits = this.output.forward(this.drop(tf.concat([output, context], 1)));
      return { logits, state: { ...s, decoder: state, weights } };
    }
    const { output, state } = this.decoder.forward(tf.concat([e, s.feed as tf.Tensor], 1), s.decoder);
    const { context, weights } = attend(output);
    const feed = tf.tanh((this.combine as Linear).forward(tf.concat([context, output], 1)));
    return { logits: this.output.forward(this.drop(feed)), state: { ...s, decoder: state, feed, weights } };
  }

  /**
   * Teacher forcing: decodes `tgtIn` (`bos` then the target without its last token) against `src`.
   * @param src int32 `[B, S]`
   * @param tgtIn int32 `[B, Tt]`
   * @param padding the source's `lengths` or `mask`
   */
  forward(src: tf.Tensor, tgtIn: tf.Tensor, padding: PaddingOptions = {}): Seq2SeqOutput {
    return tf.tidy(() => {
      let s = this.encode(src, padding);
      const Tt = tgtIn.shape[1] as number;
      const ys = tf.split(tgtIn, Tt, 1);
      const logits: tf.Tensor[] = [];
      const weights: tf.Tensor[] = [];
      for (const y of ys) {
        const r = this.decodeStep(tf.reshape(y, [-1]), s);
        logits.push(r.logits);
        weights.push(r.state.weights as tf.Tensor);
        s = r.state;
      }
      return {
        logits: tf.stack(logits, 1),
        weights: tf.stack(weights, 1),
      } as unknown as tf.TensorContainerObject;
    }) as unknown as Seq2SeqOutput;
  }

  /**
   * Feeds `newTokens` `[N, Tnew]` (int32) after `state` (from `encode`): next-token logits `[N, V]`
   * and the new state (new tensors; `state` is left as it is). For decoding, `generationModel` wraps
   * this for core's `generate`.
   */
  decode(newTokens: tf.Tensor, state: Seq2SeqState): { logits: tf.Tensor; state: Seq2SeqState } {
    if (!state?.memory) throw new ArgumentError('Seq2Seq.decode(state)', 'the state from encode(src)', state);
    return tf.tidy(() => {
      let s = state;
      let logits: tf.Tensor | null = null;
      const T = newTokens.shape[1] as number;
      for (const y of tf.split(newTokens, T, 1)) {
        const r = this.decodeStep(tf.reshape(y, [-1]), s);
        logits = r.logits;
        s = r.state;
      }
      // The encoder memory and mask pass through unchanged: clone them (shared data, no copy) so that
      // the new state and `state` can be disposed independently.
      const next: Seq2SeqState = {
        ...s,
        memory: tf.clone(s.memory),
        keys: s.keys ? tf.clone(s.keys) : null,
        srcMask: s.srcMask ? tf.clone(s.srcMask) : null,
      };
      return { logits: logits as tf.Tensor, state: next } as unknown as tf.TensorContainerObject;
    }) as unknown as { logits: tf.Tensor; state: Seq2SeqState };
  }

  /** The state of batch rows `indices` (new tensors; `state` is left as it is). */
  gatherState(state: Seq2SeqState, indices: tf.Tensor | readonly number[]): Seq2SeqState {
    return tf.tidy(() => {
      const idx =
        indices instanceof tf.Tensor ? tf.cast(indices, 'int32') : tf.tensor1d([...indices], 'int32');
      const g = (t: tf.Tensor | null, axis = 0) => (t ? tf.gather(t, idx, axis) : null);
      // gather on bool is not supported everywhere: go through float32.
      const mask = state.srcMask ? tf.greater(tf.gather(boolToFloat(state.srcMask), idx), 0) : null;
      const decoder: RecurrentState = { h: g(state.decoder.h, 1) as tf.Tensor };
      if (state.decoder.c) decoder.c = g(state.decoder.c, 1) as tf.Tensor;
      return {
        memory: g(state.memory),
        keys: g(state.keys),
        srcMask: mask,
        decoder,
        feed: g(state.feed),
        weights: g(state.weights),
      } as unknown as tf.TensorContainerObject;
    }) as unknown as Seq2SeqState;
  }

  /** Releases a state's tensors. */
  disposeState(state: Seq2SeqState): void {
    tf.dispose([
      state.memory,
      state.decoder.h,
      ...([state.keys, state.srcMask, state.decoder.c, state.feed, state.weights].filter(
        (t) => t,
      ) as tf.Tensor[]),
    ]);
  }

  /**
   * This model as core's {@link GenerationModel} for the source `src` `[B, S]`: `initState` encodes
   * it (the loop's rows are the source rows), `step` decodes the new target tokens, `reorderState`
   * gathers beams. Decode with core's `generate` from `bos` tokens `[B, 1]`.
   *
   * @example
   * ```ts
   * model.eval();
   * const gm = model.generationModel(src, { lengths });
   * const ids = await generate(gm, tf.fill([B, 1], BOS, 'int32'), { numBeams: 4, eosTokenId: EOS });
   * ```
   */
  generationModel(src: tf.Tensor, padding: PaddingOptions = {}): GenerationModel<Seq2SeqState> {
    return seq2seqGenerationModel(this, src, padding);
  }

  /**
   * Translates each source row with core's `generate`: greedy with `beamSize: 1` (default), else beam
   * search; the best hypothesis per row with its attention weights (from one teacher-forced pass
   * over the chosen tokens, the weights decoding used). Puts nothing in training mode; call `eval()`
   * first for dropout-free decoding.
   */
  translate(src: tf.Tensor, options: TranslateOptions): Promise<Translation[]> {
    return translateWith(this, src, options);
  }

  private drop(x: tf.Tensor): tf.Tensor {
    return this.training && this.dropout > 0 ? dropout(x, this.dropout, { generator: this.generator }) : x;
  }
}
