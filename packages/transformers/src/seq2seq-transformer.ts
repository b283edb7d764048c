/**
 * The encoder–decoder Transformer of "Attention Is All You Need", read top to bottom: embeddings
 * (scaled by √d_model, plus sinusoidal positions), PyTorch's `nn.Transformer` encoder and decoder
 * stacks, the output projection, the label-smoothed teacher-forcing loss, then decoding through
 * core's generation loop (cached self-attention and cross-attention keys/values) and checkpoints.
 *
 * Parameter names follow `nn.Transformer` (`encoder.layers.0.self_attn.in_proj_weight`, …,
 * `encoder.norm.weight`, `decoder.layers.0.multihead_attn.*`, `decoder.norm.*`) with `shared.weight`
 * (a joint vocabulary) or `src_embed.weight` / `tgt_embed.weight`, and `output_projection.*` when the
 * output is not tied to the target embedding.
 */
import type { CrossAttentionCache, KVCache } from '@glossa/attention';
import {
  ArgumentError,
  crossEntropy,
  Dropout,
  Embedding,
  type GenerateOutput,
  type GenerationModel,
  type Generator,
  generate,
  generateDetailed,
  getDefaultGenerator,
  init,
  initIsSkipped,
  Linear,
  type LoadPretrainedOptions,
  loadPretrained,
  Module,
  type PretrainedSource,
  type SavedPretrained,
  type SavePretrainedOptions,
  type StepInput,
  type StepOutput,
  savePretrained,
  sinusoidalPositions,
  validateConfig,
  withoutInit,
} from '@glossa/core';
import { fromTokenizerJson } from '@glossa/tokenizers';
import * as tf from '@tensorflow/tfjs-core';
import {
  SEQ2SEQ_CONFIG_SCHEMA,
  type Seq2SeqAttention,
  Seq2SeqConfig,
  type Seq2SeqConfigOptions,
  type Seq2SeqGenerateOptions,
} from './seq2seq-config';
import { TransformerDecoder } from './transformer-decoder';
import { TransformerEncoder } from './transformer-encoder';
import { type TranslateOptions, type TranslationTokenizer, translateSentences } from './translation';

// ───────────────────────────────────────── inputs ─────────────────────────────────────────

/**
 * A padding mask `[B, maxLen]` (bool, `true` = padding) from the real length of each row.
 *
 * @example
 * ```ts
 * paddingMaskFromLengths([3, 1], 3); // [[false, false, false], [false, true, true]]
 * ```
 */
export function paddingMaskFromLengths(lengths: readonly number[], maxLen: number): tf.Tensor2D {
  if (!Array.isArray(lengths) || lengths.some((n) => !Number.isInteger(n) || n < 1 || n > maxLen)) {
    throw new ArgumentError('paddingMaskFromLengths(lengths)', `integers in [1, ${maxLen}]`, lengths);
  }
  const m = new Uint8Array(lengths.length * maxLen);
  for (const [b, n] of lengths.entries()) m.fill(1, b * maxLen + n, (b + 1) * maxLen);
  return tf.tensor2d(m, [lengths.length, maxLen], 'bool');
}

/** Options of {@link Seq2SeqTransformer.forward}. */
export interface Seq2SeqForwardOptions {
  /** Real tokens of each source row (right padding after them). Default: the tokens ≠ `padTokenId`. */
  srcLengths?: readonly number[];
  /** Real tokens of each decoder-input row. Default: the tokens ≠ `padTokenId`. */
  tgtLengths?: readonly number[];
  /** `[B, T]` int32 next tokens (teacher forcing); `padTokenId` positions are ignored by the loss. */
  targets?: tf.Tensor;
  /** Label smoothing ε of the loss (the paper's 0.1 by default). */
  labelSmoothing?: number;
}

/** What {@link Seq2SeqTransformer.forward} returns. */
export interface Seq2SeqOutput {
  /** `[B, T, tgtVocabSize]`. */
  logits: tf.Tensor;
  /** Mean label-smoothed cross-entropy over the non-padding targets, when `targets` were given. */
  loss?: tf.Scalar;
}

/** Decoding state (opaque to core's loop): the encoder memory, its padding and the caches. */
export interface Seq2SeqDecodeState {
  /** `[B, S, D]`; dropped once the cross-attention caches hold its projections. */
  memory: tf.Tensor | null;
  /** `[B, S]` bool, `true` = source padding. */
  memoryPad: tf.Tensor;
  /** Self-attention caches (cached decoding), or `null`. */
  self: KVCache[] | null;
  /** Cross-attention caches (cached decoding), or `null`. */
  cross: CrossAttentionCache[] | null;
  /** Uncached decoding: the target prefix `[B, t]` so far, re-run every step. */
  prefix: tf.Tensor | null;
}

/** `drop.forward(x)` when it drops anything; else `x` itself. */
const dropped = (drop: Dropout, x: tf.Tensor) => (drop.training && drop.p > 0 ? drop.forward(x) : x);

// ───────────────────────────────────────── model ──────────────────────────────────────────

/**
 * The encoder–decoder Transformer for translation. Teacher forcing: `forward(src, tgtIn, { targets })`
 * gives logits and the label-smoothed loss; decoding: `generate(src, { numBeams })` through core's
 * loop; text: `translate(sentences)` with the tokenizer that `fromPretrained` read.
 *
 * @example
 * ```ts
 * const model = new Seq2SeqTransformer({ srcVocabSize: 8000, dModel: 256, nhead: 4, numEncoderLayers: 3, numDecoderLayers: 3, dimFeedforward: 1024 });
 * const { loss } = model.forward(src, tgtIn, { targets: tgtOut }); // src [B, S], tgtIn/tgtOut [B, T]
 * model.eval();
 * const out = await model.generate(src, { numBeams: 4 }); // [B, 1 + new]: bos, tokens, eos, pads
 * const fr = await Seq2SeqTransformer.fromPretrained('assets/en-fr');
 * await fr.translate(['How are you?'], { numBeams: 4 }); // ['Comment allez-vous ?']
 * ```
 */
export class Seq2SeqTransformer extends Module {
  readonly config: Seq2SeqConfig;
  readonly srcEmbed: Embedding;
  readonly tgtEmbed: Embedding;
  readonly encoder: TransformerEncoder;
  readonly decoder: TransformerDecoder;
  /** `[tgtVocabSize, dModel]` + bias when the output is not tied; else `null`. */
  readonly outputProjection: Linear | null;
  readonly dropout: Dropout;
  /** Tokenizer used by {@link Seq2SeqTransformer.translate} (set by `fromPretrained` from `tokenizer.json`). */
  tokenizer: TranslationTokenizer | null = null;
  private readonly positions: tf.Tensor2D;
  private readonly scale: number;

  constructor(config: Seq2SeqConfig | Seq2SeqConfigOptions, options: { generator?: Generator } = {}) {
    super();
    const { generator = getDefaultGenerator() } = options;
    const c = config instanceof Seq2SeqConfig ? config : new Seq2SeqConfig(config);
    this.config = c;
    const D = c.dModel;
    const table = (n: number) => new Embedding({ numEmbeddings: n, embeddingDim: D, generator });
    if (c.shareEmbeddings) {
      this.srcEmbed = this.tgtEmbed = this.registerModule('shared', table(c.srcVocabSize));
    } else {
      this.srcEmbed = this.registerModule('src_embed', table(c.srcVocabSize));
      this.tgtEmbed = this.registerModule('tgt_embed', table(c.tgtVocabSize));
    }
    const layer = {
      dModel: D,
      nhead: c.nhead,
      dimFeedforward: c.dimFeedforward,
      dropout: c.dropout,
      activation: c.activation,
      layerNormEps: c.layerNormEps,
      normFirst: c.normFirst,
      generator,
    };
    this.encoder = this.registerModule(
      'encoder',
      new TransformerEncoder({ encoderLayer: layer, numLayers: c.numEncoderLayers, norm: true }),
    );
    this.decoder = this.registerModule(
      'decoder',
      new TransformerDecoder({ decoderLayer: layer, numLayers: c.numDecoderLayers, norm: true }),
    );
    this.outputProjection = c.tieOutput
      ? null
      : this.registerModule(
          'output_projection',
          new Linear({ inFeatures: D, outFeatures: c.tgtVocabSize, generator }),
        );
    this.dropout = this.registerModule('dropout', new Dropout({ p: c.dropout, generator }));
    this.positions = tf.keep(sinusoidalPositions(c.maxLen, D));
    this.scale = Math.sqrt(D);
    // nn.Transformer's Xavier-uniform matrices; embeddings N(0, d^-1/2) so that √d scaling gives unit
    // variance (the tied output then starts with logits of unit scale). Skipped under withoutInit.
    for (const [name, p] of initIsSkipped() ? [] : this.namedParameters()) {
      if (p.rank < 2) continue;
      const embed = name.endsWith('embed.weight') || name === 'shared.weight';
      const v = embed
        ? init.normal(p.shape, { std: D ** -0.5, generator })
        : init.xavierUniform(p.shape, { generator });
      p.assign(v);
      v.dispose();
    }
  }

  /** `embedding(ids)·√d + PE[offset…]`, dropout: `[B, T]` → `[B, T, D]`. */
  private embed(ids: tf.Tensor, side: 'src' | 'tgt', offset = 0): tf.Tensor {
    const [B, T] = this.checkIds(`Seq2SeqTransformer(${side}Ids)`, ids, side);
    if (offset + T > this.config.maxLen) {
      throw new ArgumentError(
        `Seq2SeqTransformer(${side}Ids)`,
        `at most maxLen = ${this.config.maxLen} positions (offset ${offset})`,
        `[${B}, ${T}]`,
      );
    }
    const table = side === 'src' ? this.srcEmbed : this.tgtEmbed;
    return tf.tidy(() => {
      const pe = tf.slice(this.positions, [offset, 0], [T, this.config.dModel]);
      return dropped(this.dropout, tf.add(tf.mul(table.forward(ids), this.scale), pe));
    });
  }

  private checkIds(what: string, ids: unknown, side: 'src' | 'tgt'): [number, number] {
    if (!(ids instanceof tf.Tensor) || ids.rank !== 2 || ids.dtype !== 'int32' || ids.shape[1] === 0) {
      throw new ArgumentError(what, 'an int32 tensor [B, T] with T >= 1', ids);
    }
    void side;
    return ids.shape as [number, number];
  }

  /** `[B, T]` bool padding mask from `lengths`, or from `ids ≠ padTokenId`. */
  private padMask(ids: tf.Tensor, lengths?: readonly number[]): tf.Tensor {
    if (lengths === undefined) return tf.equal(ids, this.config.padTokenId);
    if (!Array.isArray(lengths) || lengths.length !== ids.shape[0]) {
      throw new ArgumentError(
        'Seq2SeqTransformer(lengths)',
        `${ids.shape[0]} lengths (one per row)`,
        lengths,
      );
    }
    return paddingMaskFromLengths(lengths, ids.shape[1]!);
  }

  /** The encoder output `[B, S, D]` of source ids `[B, S]` (padding from `srcLengths` or `padTokenId`). */
  encode(srcIds: tf.Tensor, options: { srcLengths?: readonly number[] } = {}): tf.Tensor {
    return tf.tidy(() => {
      const x = this.embed(srcIds, 'src');
      return this.encoder.forward(x, { srcKeyPaddingMask: this.padMask(srcIds, options.srcLengths) });
    });
  }

  /** Rows `[N, D]` → logits `[N, V]` (tied: `h · Eᵀ`). */
  private logits(h: tf.Tensor): tf.Tensor {
    if (this.outputProjection) return this.outputProjection.forward(h);
    return tf.matMul(h as tf.Tensor2D, this.tgtEmbed.weight as tf.Tensor2D, false, true);
  }

  /**
   * Teacher forcing: logits for every decoder input position, and with `targets` the mean
   * label-smoothed cross-entropy (ε = `labelSmoothing`, default 0.1; `padTokenId` targets ignored).
   *
   * @param srcIds int32 `[B, S]` source tokens (right-padded).
   * @param tgtIds int32 `[B, T]` decoder inputs: `bos, y1, …` (right-padded).
   */
  forward(srcIds: tf.Tensor, tgtIds: tf.Tensor, options: Seq2SeqForwardOptions = {}): Seq2SeqOutput {
    const { targets, labelSmoothing = 0.1 } = options;
    const [B, T] = this.checkIds('Seq2SeqTransformer.forward(tgtIds)', tgtIds, 'tgt');
    this.checkIds('Seq2SeqTransformer.forward(srcIds)', srcIds, 'src');
    if (srcIds.shape[0] !== B) {
      throw new ArgumentError(
        'Seq2SeqTransformer.forward(tgtIds)',
        `${srcIds.shape[0]} rows (as srcIds)`,
        tgtIds,
      );
    }
    if (targets !== undefined && (!(targets instanceof tf.Tensor) || targets.shape.join() !== `${B},${T}`)) {
      throw new ArgumentError('Seq2SeqTransformer.forward(targets)', `an int32 tensor [${B}, ${T}]`, targets);
    }
    return tf.tidy(() => {
      const memoryPad = this.padMask(srcIds, options.srcLengths);
      const memory = this.encoder.forward(this.embed(srcIds, 'src'), { srcKeyPaddingMask: memoryPad });
      const h = this.decoder.forward(this.embed(tgtIds, 'tgt'), memory, {
        tgtIsCausal: true,
        tgtKeyPaddingMask: this.padMask(tgtIds, options.tgtLengths),
        memoryKeyPaddingMask: memoryPad,
      });
      const rows = this.logits(tf.reshape(h, [B * T, this.config.dModel]));
      const logits = tf.reshape(rows, [B, T, -1]);
      if (!targets) return { logits };
      const loss = crossEntropy(rows, tf.reshape(targets, [B * T]), {
        ignoreIndex: this.config.padTokenId,
        labelSmoothing,
        validateTargets: false,
      }) as tf.Scalar;
      return { logits, loss };
    });
  }

  /**
   * Per-layer, per-head attention weights for a source and a target (e.g. its translation, as
   * decoder inputs `bos, y1, …`), for plots. Eval mode gives the weights used at inference. The
   * caller disposes the tensors.
   */
  attentionWeights(
    srcIds: tf.Tensor,
    tgtIds: tf.Tensor,
    options: { srcLengths?: readonly number[] } = {},
  ): Seq2SeqAttention {
    this.checkIds('Seq2SeqTransformer.attentionWeights(tgtIds)', tgtIds, 'tgt');
    return tf.tidy(() => {
      const memoryPad = this.padMask(srcIds, options.srcLengths);
      const enc = this.encoder.forward(this.embed(srcIds, 'src'), {
        srcKeyPaddingMask: memoryPad,
        needWeights: true,
      });
      const dec = this.decoder.forward(this.embed(tgtIds, 'tgt'), enc.output, {
        tgtIsCausal: true,
        memoryKeyPaddingMask: memoryPad,
        needWeights: true,
      });
      return {
        encoderSelf: enc.selfAttnWeights,
        decoderSelf: dec.selfAttnWeights,
        cross: dec.crossAttnWeights,
      };
    });
  }

  // ─────────────────────────────────────── decoding ───────────────────────────────────────

  /**
   * The {@link GenerationModel} that core's loop drives for one batch of sources: `initState` runs
   * the encoder, `step` feeds new target tokens (with caches: only those, appended to the
   * self-attention caches, cross-attention keys/values projected once; without: the whole prefix
   * again), `reorderState` gathers beams. Prompts are decoder inputs starting with `bosTokenId`.
   */
  decodingModel(
    srcIds: tf.Tensor,
    options: { srcLengths?: readonly number[]; useCache?: boolean } = {},
  ): GenerationModel<Seq2SeqDecodeState> {
    const [B] = this.checkIds('Seq2SeqTransformer.generate(srcIds)', srcIds, 'src');
    const useCache = options.useCache ?? true;
    return {
      initState: (batchSize) => {
        if (batchSize !== B) {
          throw new ArgumentError(
            'Seq2SeqTransformer.generate(inputIds)',
            `${B} rows (one per source)`,
            batchSize,
          );
        }
        const memoryPad = tf.keep(this.padMask(srcIds, options.srcLengths));
        const memory = tf.keep(this.encode(srcIds, options));
        const self = useCache ? this.decoder.createCaches() : null;
        const cross = useCache ? this.decoder.createCrossCaches() : null;
        return { memory, memoryPad, self, cross, prefix: null };
      },
      step: (input, state) => this.decodeStep(input, state),
      reorderState: (state, indices) => {
        const gather = (t: tf.Tensor | null) => {
          if (!t) return null;
          const g = tf.tidy(() =>
            t.dtype === 'bool'
              ? tf.cast(tf.gather(tf.cast(t, 'int32'), indices), 'bool')
              : tf.gather(t, indices),
          );
          t.dispose();
          return g;
        };
        state.memory = gather(state.memory);
        state.memoryPad = gather(state.memoryPad)!;
        state.prefix = gather(state.prefix);
        for (const c of state.self ?? []) c.reorder(indices);
        for (const c of state.cross ?? []) c.reorder(indices);
        return state;
      },
      disposeState: (state) => {
        tf.dispose([state.memory, state.memoryPad, state.prefix].filter((t): t is tf.Tensor => t !== null));
        for (const c of [...(state.self ?? []), ...(state.cross ?? [])]) c.dispose();
      },
    };
  }

  /** One decoding step: logits `[B, V]` after the new tokens. */
  private decodeStep(input: StepInput, state: Seq2SeqDecodeState): StepOutput<Seq2SeqDecodeState> {
    const { inputIds, pastLength } = input;
    const B = inputIds.shape[0];
    const last = (h: tf.Tensor) => {
      const T = h.shape[1]!;
      return tf.reshape(tf.slice(h, [0, T - 1, 0], [B, 1, this.config.dModel]), [B, this.config.dModel]);
    };
    if (state.self) {
      const T = inputIds.shape[1];
      const logits = tf.tidy(() => {
        const h = this.decoder.forward(this.embed(inputIds, 'tgt', pastLength), state.memory, {
          caches: state.self!,
          crossCaches: state.cross!,
          memoryKeyPaddingMask: state.memoryPad,
          tgtIsCausal: T > 1,
        });
        return this.logits(last(h)) as tf.Tensor2D;
      });
      // the cross-attention caches now hold the memory's projected keys/values
      state.memory?.dispose();
      state.memory = null;
      return { logits, state };
    }
    const prefix = state.prefix ? tf.concat([state.prefix, inputIds], 1) : tf.clone(inputIds);
    state.prefix?.dispose();
    state.prefix = prefix;
    const logits = tf.tidy(() => {
      const h = this.decoder.forward(this.embed(prefix, 'tgt'), state.memory, {
        tgtIsCausal: true,
        memoryKeyPaddingMask: state.memoryPad,
      });
      return this.logits(last(h)) as tf.Tensor2D;
    });
    return { logits, state };
  }

  /** Prompts `[[bos]] × B` and the options with the model's defaults (eos, pad, room left in `maxLen`). */
  private decodeArgs(srcIds: tf.Tensor, options: Seq2SeqGenerateOptions) {
    const { srcLengths, useCache, ...rest } = options;
    const { bosTokenId, eosTokenId, padTokenId, maxLen } = this.config;
    const B = this.checkIds('Seq2SeqTransformer.generate(srcIds)', srcIds, 'src')[0];
    const maxNewTokens = rest.maxNewTokens ?? maxLen - 1;
    if (!(maxNewTokens <= maxLen - 1)) {
      throw new ArgumentError(
        'Seq2SeqTransformer.generate(maxNewTokens)',
        `at most maxLen − 1 = ${maxLen - 1}`,
        maxNewTokens,
      );
    }
    const model = this.decodingModel(srcIds, { srcLengths, useCache });
    const prompts = tf.fill([B, 1], bosTokenId, 'int32') as tf.Tensor2D;
    return { model, prompts, options: { eosTokenId, padTokenId, ...rest, maxNewTokens } };
  }

  /**
   * Decodes sources `[B, S]`: greedy, or beam search with `numBeams` (`lengthPenalty`,
   * `earlyStopping`, `numReturnSequences`), or sampling — every option of core's `generate`. Call
   * `eval()` first on a model with dropout.
   *
   * @returns int32 `[B · numReturnSequences, 1 + new]`: `bos`, the tokens, `eos`, `padTokenId` after.
   */
  async generate(srcIds: tf.Tensor, options: Seq2SeqGenerateOptions = {}): Promise<tf.Tensor2D> {
    const { model, prompts, options: o } = this.decodeArgs(srcIds, options);
    try {
      return await generate(model, prompts, o);
    } finally {
      prompts.dispose();
    }
  }

  /** {@link Seq2SeqTransformer.generate} as plain arrays with beam scores (core's `generateDetailed`). */
  async generateDetailed(srcIds: tf.Tensor, options: Seq2SeqGenerateOptions = {}): Promise<GenerateOutput> {
    const { model, prompts, options: o } = this.decodeArgs(srcIds, options);
    try {
      return await generateDetailed(model, prompts, o);
    } finally {
      prompts.dispose();
    }
  }

  /**
   * Text in, text out with {@link Seq2SeqTransformer.tokenizer} (or `options.tokenizer`): sources are
   * encoded and closed with `eos`, batched by length, decoded (greedy, or beams with `numBeams`).
   *
   * @example
   * ```ts
   * await model.translate(['Good morning.', 'Where is the station?'], { numBeams: 4 });
   * ```
   */
  translate(sentences: readonly string[], options: TranslateOptions = {}): Promise<string[]> {
    const tokenizer = options.tokenizer ?? this.tokenizer;
    if (!tokenizer) {
      throw new ArgumentError(
        'Seq2SeqTransformer.translate(tokenizer)',
        'a tokenizer (fromPretrained sets one)',
        tokenizer,
      );
    }
    return translateSentences(this, tokenizer, sentences, options);
  }

  // ────────────────────────────────────── checkpoints ──────────────────────────────────────

  /**
   * A model from a pretrained folder (Node), URL prefix or `indexeddb://<name>` in core's layout:
   * `config.json` ({@link Seq2SeqConfig} fields), `model.safetensors` (this model's `stateDict()`
   * names) and, when present, `tokenizer.json` (then {@link Seq2SeqTransformer.tokenizer} is set).
   * Built without random initialisation and returned in eval mode.
   */
  static async fromPretrained(
    source: PretrainedSource,
    options: Omit<LoadPretrainedOptions, 'tokenizer'> & { generator?: Generator } = {},
  ): Promise<Seq2SeqTransformer> {
    const { generator, ...load } = options;
    const loaded = await loadPretrained(source, { ...load, tokenizer: true });
    try {
      const c = validateConfig(
        loaded.config,
        SEQ2SEQ_CONFIG_SCHEMA,
        'Seq2SeqTransformer.fromPretrained(config)',
      );
      const model = withoutInit(() => new Seq2SeqTransformer(c as Seq2SeqConfigOptions, { generator }));
      try {
        model.loadStateDict(loaded.state);
        if (loaded.tokenizerJson !== undefined)
          model.tokenizer = fromTokenizerJson(loaded.tokenizerJson as never);
      } catch (e) {
        model.dispose();
        throw e;
      }
      return model.eval();
    } finally {
      loaded.dispose();
    }
  }

  /**
   * Writes `config.json`, `model.safetensors` and `tokenizer.json` (`options.tokenizerJson`, else
   * the attached tokenizer's `toTokenizerJson()` when it has one) through core's `savePretrained`
   * (atomic; `dtype: 'float16'` halves the file).
   */
  async savePretrained(
    target: PretrainedSource,
    options: Omit<SavePretrainedOptions, 'config' | 'state'> = {},
  ): Promise<SavedPretrained> {
    const tokenizerJson = options.tokenizerJson ?? this.tokenizer?.toTokenizerJson?.();
    return savePretrained(target, {
      ...options,
      tokenizerJson,
      config: { model_type: 'glossa-seq2seq-transformer', ...this.config.toJSON() },
      state: this.stateDict(),
    });
  }

  /** Releases the parameters and the position table. */
  override dispose(): void {
    super.dispose();
    this.positions.dispose();
  }
}
