/**
 * GPT, read top to bottom like nanoGPT's `model.py`: config, blocks (attention, MLP, block), model.
 *
 * Parameter names are nanoGPT's and Hugging Face GPT-2's (`transformer.wte.weight`,
 * `transformer.h.0.attn.c_attn.weight`, …, `transformer.ln_f.bias`, `lm_head.weight` when untied), so
 * both kinds of checkpoint map by name. Layouts are nanoGPT's: every projection is a `Linear` with
 * `weight` `[out, in]`; HF's `Conv1D` `[in, out]` is transposed only at the HF boundary (`hf-gpt2.ts`).
 */
import { causalMask, combineMasks, KVCache, scaledDotProductAttention } from '@glossa/attention';
import {
  type ActivationFn,
  ArgumentError,
  crossEntropy,
  Dropout,
  Embedding,
  type GenerateOptions,
  type GenerateOutput,
  type GenerateStreamChunk,
  type GenerationModel,
  type Generator,
  generate,
  generateDetailed,
  generateStream,
  getActivation,
  getDefaultGenerator,
  init,
  initIsSkipped,
  LayerNorm,
  Linear,
  type LoadPretrainedOptions,
  type LoadStateDictOptions,
  loadPretrained,
  loadSafetensors,
  Module,
  ModuleList,
  type PretrainedSource,
  type SavedPretrained,
  type SavePretrainedOptions,
  ShapeError,
  type StateDict,
  type StepInput,
  type StepOutput,
  savePretrained,
  validateConfig,
  withoutInit,
} from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import {
  type GPTConfigFields,
  gptConfigFromHF,
  gptConfigToHF,
  gptStateFromHF,
  gptStateToHF,
  type HFGPT2Config,
} from './hf-gpt2';
import { generateText, streamText, type TextGenerationOptions, type TextTokenizer } from './text-generation';

// ───────────────────────────────────────── config ─────────────────────────────────────────

const ACTIVATIONS: ReadonlyArray<GPTConfigFields['activation']> = [
  'gelu',
  'gelu_tanh',
  'relu',
  'silu',
  'tanh',
];

/** Options of {@link GPTConfig}; every field has nanoGPT's default. */
export type GPTConfigOptions = Partial<GPTConfigFields>;

/**
 * GPT hyperparameters, with nanoGPT's names (camelCase) and defaults: `vocabSize` 50304, `blockSize`
 * (context length) 1024, `nLayer` 12, `nHead` 12, `nEmbd` 768, `nInner` 4·nEmbd, `dropout` 0, `bias`
 * true, `tieWeights` true (lm_head shares wte), `layerNormEpsilon` 1e-5, `activation` `'gelu'` (exact;
 * GPT-2 checkpoints use `'gelu_tanh'`, HF's "gelu_new").
 *
 * @example
 * ```ts
 * const small = new GPTConfig({ vocabSize: 65, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128 });
 * const gpt2 = GPTConfig.fromHF(JSON.parse(configJson)); // n_embd, n_layer, n_head, n_positions, …
 * gpt2.toHF();                                           // back to GPT2Config names
 * ```
 */
export class GPTConfig implements GPTConfigFields {
  readonly vocabSize!: number;
  readonly blockSize!: number;
  readonly nLayer!: number;
  readonly nHead!: number;
  readonly nEmbd!: number;
  readonly nInner!: number;
  readonly dropout!: number;
  readonly bias!: boolean;
  readonly tieWeights!: boolean;
  readonly layerNormEpsilon!: number;
  readonly activation!: GPTConfigFields['activation'];

  constructor(options: GPTConfigOptions = {}) {
    const { vocabSize = 50304, blockSize = 1024, nLayer = 12, nHead = 12, nEmbd = 768 } = options;
    const { nInner = 4 * nEmbd, dropout = 0, bias = true, tieWeights = true } = options;
    const { layerNormEpsilon = 1e-5, activation = 'gelu' } = options;
    checkDims('GPTConfig', { vocabSize, blockSize, nLayer, nHead, nEmbd, nInner });
    const fail = (name: string, expected: string, v: unknown) => {
      throw new ArgumentError(`GPTConfig(${name})`, expected, v);
    };
    if (nEmbd % nHead !== 0) fail('nHead', `a divisor of nEmbd (${nEmbd})`, nHead);
    if (!(dropout >= 0 && dropout < 1)) fail('dropout', 'a probability in [0, 1)', dropout);
    if (!(layerNormEpsilon >= 0)) fail('layerNormEpsilon', 'a non-negative number', layerNormEpsilon);
    if (!ACTIVATIONS.includes(activation)) fail('activation', `one of ${ACTIVATIONS.join(', ')}`, activation);
    Object.assign(this, { vocabSize, blockSize, nLayer, nHead, nEmbd, nInner, dropout, layerNormEpsilon });
    Object.assign(this, { bias: Boolean(bias), tieWeights: Boolean(tieWeights), activation });
  }

  /**
   * From a Hugging Face `config.json` (`GPT2Config`): `vocab_size`, `n_positions`, `n_embd`, `n_layer`,
   * `n_head`, `n_inner`, `layer_norm_epsilon`, `activation_function` (`'gelu_new'` → `'gelu_tanh'`),
   * `resid_pdrop` → `dropout`, `tie_word_embeddings`. Options GPT-2 checkpoints never change
   * (`scale_attn_by_inverse_layer_idx`, …) are rejected with an `ArgumentError` when set.
   */
  static fromHF(config: HFGPT2Config): GPTConfig {
    return new GPTConfig(gptConfigFromHF(config));
  }

  /** This config with GPT2Config names (what `config.json` holds). */
  toHF(): HFGPT2Config {
    return gptConfigToHF(this);
  }
}

// ───────────────────────────────────────── blocks ─────────────────────────────────────────

/** `drop.forward(x)` when it drops anything (training, p > 0); else `x` itself (no copy: a step costs fewer ops). */
const dropped = (drop: Dropout, x: tf.Tensor) => (drop.training && drop.p > 0 ? drop.forward(x) : x);

const layerNorm = (c: GPTConfig) =>
  new LayerNorm({ normalizedShape: c.nEmbd, eps: c.layerNormEpsilon, bias: c.bias });

/** nanoGPT's `CausalSelfAttention`: one fused `c_attn` projection to q, k, v, causal attention, `c_proj`. */
export class GPTCausalSelfAttention extends Module {
  readonly c_attn: Linear;
  readonly c_proj: Linear;
  readonly resid_dropout: Dropout;

  constructor(
    readonly config: GPTConfig,
    private readonly generator: Generator,
  ) {
    super();
    const { nEmbd: C, bias } = config;
    this.c_attn = this.registerModule(
      'c_attn',
      new Linear({ inFeatures: C, outFeatures: 3 * C, bias, generator }),
    );
    this.c_proj = this.registerModule(
      'c_proj',
      new Linear({ inFeatures: C, outFeatures: C, bias, generator }),
    );
    this.resid_dropout = this.registerModule('resid_dropout', new Dropout({ p: config.dropout, generator }));
  }

  /**
   * @param x `[B, T, C]`; with a `cache`, the new positions only (keys/values are appended to it).
   * @param keyPaddingMask `[B, Tk]` over every key (cached ones included); `true` = padding.
   */
  forward(x: tf.Tensor, cache?: KVCache, keyPaddingMask?: tf.Tensor): tf.Tensor {
    const [B, T, C] = x.shape as [number, number, number];
    return tf.tidy(() =>
      tf.reshape(this.forwardRows(tf.reshape(x, [B * T, C]), B, T, cache, keyPaddingMask), [B, T, C]),
    );
  }

  /**
   * {@link GPTCausalSelfAttention.forward} on the rows `[B·T, C]` of `[B, T, C]`: what the trunk passes
   * between blocks, so that the projections and norms run without reshapes (a decoding step is mostly
   * per-kernel overhead).
   *
   * Decoding one token (T = 1, a cache, no padding mask, no attention dropout) takes a short path:
   * the fused q/k/v row goes to `cache.attendNext`, which writes k and v into the cache's buffers and
   * attends over every cached position in one kernel (wasm, cpu) — three kernels for the whole
   * attention, `c_attn`, the attention and `c_proj` (plus biases). Everything else (training, the
   * prefill, padded batches) splits q, k, v into heads and runs `scaledDotProductAttention`.
   */
  forwardRows(x: tf.Tensor, B: number, T: number, cache?: KVCache, keyPaddingMask?: tf.Tensor): tf.Tensor {
    const C = x.shape[1]!;
    const H = this.config.nHead;
    const attnDropout = this.training && this.config.dropout > 0;
    if (cache && T === 1 && !keyPaddingMask && !attnDropout) {
      return tf.tidy(() => {
        const y = cache.attendNext(this.c_attn.forward(x) as tf.Tensor2D, H);
        return dropped(this.resid_dropout, this.c_proj.forward(y));
      });
    }
    return tf.tidy(() => {
      // rows → [B, H, T, D]; one new token (decoding) needs no transpose.
      const heads = (t: tf.Tensor) =>
        (T === 1
          ? tf.reshape(t, [B, H, 1, C / H])
          : tf.transpose(tf.reshape(t, [B, T, H, C / H]), [0, 2, 1, 3])) as tf.Tensor4D;
      const [q, k0, v0] = tf.split(this.c_attn.forward(x), 3, 1).map(heads) as [
        tf.Tensor4D,
        tf.Tensor4D,
        tf.Tensor4D,
      ];
      const { keys: k, values: v } = cache ? cache.append(k0, v0) : { keys: k0, values: v0 };
      const Tk = k.shape[2];
      const attnMask = combineMasks(
        T > 1 ? causalMask(T, Tk, Tk - T) : undefined,
        keyPaddingMask ? tf.reshape(keyPaddingMask, [B, 1, 1, Tk]) : undefined,
      );
      const { output } = scaledDotProductAttention({
        query: q,
        key: k,
        value: v,
        attnMask,
        dropout: this.config.dropout,
        training: this.training,
        generator: this.generator,
      });
      const y = tf.reshape(T === 1 ? output : tf.transpose(output, [0, 2, 1, 3]), [B * T, C]);
      return dropped(this.resid_dropout, this.c_proj.forward(y));
    });
  }
}

/** nanoGPT's `MLP`: `c_proj(act(c_fc(x)))` with dropout, `[B, T, C]` → `[B, T, C]`. */
export class GPTMLP extends Module {
  readonly c_fc: Linear;
  readonly c_proj: Linear;
  readonly dropout: Dropout;
  private readonly act: ActivationFn;

  constructor(config: GPTConfig, generator: Generator) {
    super();
    const linear = (i: number, o: number) =>
      new Linear({ inFeatures: i, outFeatures: o, bias: config.bias, generator });
    this.c_fc = this.registerModule('c_fc', linear(config.nEmbd, config.nInner));
    this.c_proj = this.registerModule('c_proj', linear(config.nInner, config.nEmbd));
    this.dropout = this.registerModule('dropout', new Dropout({ p: config.dropout, generator }));
    // 'gelu_tanh' (HF's gelu_new) and 'gelu' are one fused kernel each on wasm and cpu (core's `gelu`).
    this.act = getActivation(config.activation);
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => dropped(this.dropout, this.c_proj.forward(this.act(this.c_fc.forward(x)))));
  }
}

/** nanoGPT's pre-norm `Block`: `x = x + attn(ln_1(x)); x = x + mlp(ln_2(x))`. */
export class GPTBlock extends Module {
  readonly ln_1: LayerNorm;
  readonly attn: GPTCausalSelfAttention;
  readonly ln_2: LayerNorm;
  readonly mlp: GPTMLP;

  constructor(config: GPTConfig, generator: Generator) {
    super();
    this.ln_1 = this.registerModule('ln_1', layerNorm(config));
    this.attn = this.registerModule('attn', new GPTCausalSelfAttention(config, generator));
    this.ln_2 = this.registerModule('ln_2', layerNorm(config));
    this.mlp = this.registerModule('mlp', new GPTMLP(config, generator));
  }

  forward(x: tf.Tensor, cache?: KVCache, keyPaddingMask?: tf.Tensor): tf.Tensor {
    const [B, T, C] = x.shape as [number, number, number];
    return tf.tidy(() =>
      tf.reshape(this.forwardRows(tf.reshape(x, [B * T, C]), B, T, cache, keyPaddingMask), [B, T, C]),
    );
  }

  /** {@link GPTBlock.forward} on rows `[B·T, C]` (see {@link GPTCausalSelfAttention.forwardRows}). */
  forwardRows(x: tf.Tensor, B: number, T: number, cache?: KVCache, keyPaddingMask?: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const h = tf.add(x, this.attn.forwardRows(this.ln_1.forward(x), B, T, cache, keyPaddingMask));
      return tf.add(h, this.mlp.forward(this.ln_2.forward(h)));
    });
  }
}

// ───────────────────────────────────────── model ──────────────────────────────────────────

/** The `config.json` of glossa's own saved layout: `GPTConfig`'s field names (checked by core's `validateConfig`). */
const GLOSSA_CONFIG_SCHEMA = {
  vocabSize: 'integer',
  blockSize: 'integer',
  nLayer: 'integer',
  nHead: 'integer',
  nEmbd: 'integer',
  nInner: 'integer?',
  dropout: 'number?',
  bias: 'boolean?',
  tieWeights: 'boolean?',
  layerNormEpsilon: 'number?',
  activation: 'string?',
} as const;

/** Options of {@link GPT.forwardCached} (and of the trunk's forward). */
export interface GPTStepOptions {
  /** Absolute position of the first new token. Default: the caches' length (0 without caches). */
  positionOffset?: number;
  /** Per-row positions `[B, T]` int32 (left-padded batches); overrides `positionOffset`. */
  positionIds?: tf.Tensor;
  /** `[B, Tk]` over every key (cached and new); `true` = padding. */
  keyPaddingMask?: tf.Tensor;
  /** Return only the last position's logits `[B, 1, V]` (all a sampler needs). Default `false`. */
  lastOnly?: boolean;
}

/** The GPT trunk (nanoGPT's `transformer`, HF's `GPT2Model`): embeddings, blocks `h.N`, final norm `ln_f`. */
export class GPTTransformer extends Module {
  readonly wte: Embedding;
  readonly wpe: Embedding;
  readonly drop: Dropout;
  readonly h: ModuleList<GPTBlock>;
  readonly ln_f: LayerNorm;

  constructor(
    readonly config: GPTConfig,
    generator: Generator,
  ) {
    super();
    const { vocabSize, blockSize, nEmbd: C, nLayer } = config;
    this.wte = this.registerModule(
      'wte',
      new Embedding({ numEmbeddings: vocabSize, embeddingDim: C, generator }),
    );
    this.wpe = this.registerModule(
      'wpe',
      new Embedding({ numEmbeddings: blockSize, embeddingDim: C, generator }),
    );
    this.drop = this.registerModule('drop', new Dropout({ p: config.dropout, generator }));
    const blocks = Array.from({ length: nLayer }, () => new GPTBlock(config, generator));
    this.h = this.registerModule('h', new ModuleList(blocks));
    this.ln_f = this.registerModule('ln_f', layerNorm(config));
  }

  /** Hidden states `[B, T, C]` of ids `[B, T]`; with `caches` (one per block) the ids are the new tokens. */
  forward(inputIds: tf.Tensor, caches?: readonly KVCache[], options: GPTStepOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const rows = this.forwardRows(inputIds, caches, options); // checks inputIds
      return tf.reshape(rows, [...inputIds.shape, this.config.nEmbd]);
    });
  }

  /** {@link GPTTransformer.forward} as rows `[B·T, C]` (the blocks pass rows between them: no reshapes). */
  forwardRows(inputIds: tf.Tensor, caches?: readonly KVCache[], options: GPTStepOptions = {}): tf.Tensor {
    const what = caches ? 'GPT.forwardCached' : 'GPT.forward';
    if (!(inputIds instanceof tf.Tensor) || inputIds.rank !== 2 || inputIds.shape[1] === 0) {
      throw new ArgumentError(`${what}(inputIds)`, 'an int32 tensor [B, T] with T >= 1', inputIds);
    }
    const [B, T] = inputIds.shape as [number, number];
    const { positionIds, keyPaddingMask } = options;
    const offset = options.positionOffset ?? caches?.[0]?.length ?? 0;
    if (!positionIds && (!Number.isInteger(offset) || offset < 0 || offset + T > this.config.blockSize)) {
      if (offset === 0) {
        throw new ShapeError(
          `${what}(inputIds): expected at most blockSize = ${this.config.blockSize} positions, received [${B}, ${T}]`,
          [B, this.config.blockSize],
          [B, T],
        );
      }
      throw new ArgumentError(
        `${what}(positionOffset)`,
        `an integer in [0, ${this.config.blockSize - T}]`,
        offset,
      );
    }
    return tf.tidy(() => {
      const pos = positionIds ?? tf.range(offset, offset + T, 1, 'int32');
      const emb = tf.add(this.wte.forward(inputIds), this.wpe.forward(pos)); // [B, T, C]
      let x = dropped(this.drop, tf.reshape(emb, [B * T, this.config.nEmbd]));
      for (const [i, block] of this.h.toArray().entries()) {
        x = block.forwardRows(x, B, T, caches?.[i], keyPaddingMask);
      }
      return this.ln_f.forward(x);
    });
  }
}

/** What {@link GPT.forward} returns. */
export interface GPTOutput {
  /** `[B, T, V]`. */
  logits: tf.Tensor;
  /** Mean cross-entropy over the targets that are not -1 (a scalar), when `targets` were given. */
  loss?: tf.Scalar;
}

/**
 * A GPT language model with nanoGPT's structure: token and learned position embeddings, `nLayer`
 * pre-norm blocks of causal self-attention (through `@glossa/attention`) and a GELU MLP, a final
 * LayerNorm and an `lm_head` tied to `wte`. Initialised as nanoGPT (N(0, 0.02), residual projections
 * `c_proj` N(0, 0.02/√(2·nLayer)), zero biases) from a seeded generator.
 *
 * @example
 * ```ts
 * const gpt = new GPT({ vocabSize: 65, blockSize: 32, nLayer: 2, nHead: 4, nEmbd: 64 }, { generator: new Generator(0) });
 * const ids = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');          // [B, T]
 * const { logits, loss } = gpt.forward(ids, { targets });          // logits [1, 3, 65], loss: scalar
 * // decoding: one KV cache per block, only the new token per step
 * const caches = gpt.createCaches();
 * let next = gpt.forwardCached(ids, caches, { lastOnly: true });  // [1, 1, 65]
 * next = gpt.forwardCached(tf.tensor2d([[7]], [1, 1], 'int32'), caches, { lastOnly: true });
 * for (const c of caches) c.dispose();
 * ```
 */
export class GPT extends Module implements GenerationModel<KVCache[]> {
  readonly config: GPTConfig;
  readonly transformer: GPTTransformer;
  /** The output projection `[V, C]` when `tieWeights` is false; `null` when tied to `wte`. */
  readonly lm_head: Linear | null;

  constructor(config: GPTConfig | GPTConfigOptions = {}, options: { generator?: Generator } = {}) {
    super();
    const { generator = getDefaultGenerator() } = options;
    this.config = config instanceof GPTConfig ? config : new GPTConfig(config);
    const { nEmbd, vocabSize, tieWeights, nLayer } = this.config;
    this.transformer = this.registerModule('transformer', new GPTTransformer(this.config, generator));
    this.lm_head = tieWeights
      ? null
      : this.registerModule(
          'lm_head',
          new Linear({ inFeatures: nEmbd, outFeatures: vocabSize, bias: false, generator }),
        );
    // nanoGPT's _init_weights, then the scaled init of the residual projections (GPT-2 paper); not
    // under core's withoutInit (a checkpoint is about to replace the weights).
    for (const [name, p] of initIsSkipped() ? [] : this.namedParameters()) {
      if (name.includes('.ln_')) continue;
      const std = name.endsWith('c_proj.weight') ? 0.02 / Math.sqrt(2 * nLayer) : 0.02;
      const value = p.rank >= 2 ? init.normal(p.shape, { std, generator }) : tf.zeros(p.shape);
      p.assign(value);
      value.dispose();
    }
  }

  /**
   * @param inputIds int32 `[B, T]`, `T ≤ blockSize`
   * @param options.targets int32 `[B, T]`; -1 marks positions without a target (as nanoGPT).
   */
  forward(inputIds: tf.Tensor, options: { targets?: tf.Tensor } = {}): GPTOutput {
    const { targets } = options;
    return tf.tidy(() => {
      const rows = this.transformer.forwardRows(inputIds); // checks inputIds
      const logits = tf.reshape(this.logits(rows), [...inputIds.shape, -1]);
      if (!targets) return { logits };
      return { logits, loss: crossEntropy(logits, targets, { ignoreIndex: -1 }) as tf.Scalar };
    });
  }

  /**
   * The incremental forward that generation calls each step: `newIds` `[B, Tnew]` are appended to the
   * per-block KV `caches` (from {@link GPT.createCaches}) at positions `positionOffset …` and attend to
   * everything cached. Returns logits `[B, Tnew, V]` (`[B, 1, V]` with `lastOnly`).
   */
  forwardCached(newIds: tf.Tensor, caches: readonly KVCache[], options: GPTStepOptions = {}): tf.Tensor {
    if (!Array.isArray(caches) || caches.length !== this.config.nLayer) {
      throw new ArgumentError(
        'GPT.forwardCached(caches)',
        `${this.config.nLayer} KVCaches (createCaches())`,
        caches,
      );
    }
    return tf.tidy(() => {
      const rows = this.cachedLogitRows(newIds, caches, options); // checks newIds
      const [B, T] = newIds.shape as [number, number];
      return tf.reshape(rows, [B, options.lastOnly ? 1 : T, -1]);
    });
  }

  /** {@link GPT.forwardCached}'s logits as rows `[B·T, V]` (`[B, V]` with `lastOnly`: what a step returns). */
  private cachedLogitRows(newIds: tf.Tensor, caches: readonly KVCache[], options: GPTStepOptions): tf.Tensor {
    return tf.tidy(() => {
      const h = this.transformer.forwardRows(newIds, caches, options); // [B·T, C]
      const [B, T] = newIds.shape as [number, number];
      if (!options.lastOnly || T === 1) return this.logits(h);
      const C = this.config.nEmbd;
      return this.logits(tf.reshape(tf.slice(tf.reshape(h, [B, T, C]), [0, T - 1, 0], [-1, 1, -1]), [B, C]));
    });
  }

  /** One empty `KVCache` per block, for {@link GPT.forwardCached}. The caller disposes them. */
  createCaches(): KVCache[] {
    return this.transformer.h.toArray().map(() => new KVCache());
  }

  /** Rows `[N, C]` → `[N, V]` through `lm_head` (or `wte` transposed when tied). */
  private logits(h: tf.Tensor): tf.Tensor {
    if (this.lm_head) return this.lm_head.forward(h);
    return tf.matMul(h as tf.Tensor2D, this.transformer.wte.weight as tf.Tensor2D, false, true);
  }

  /**
   * `Module.loadStateDict`, also accepting nanoGPT's `state_dict()` as is: with tied weights its
   * `lm_head.weight` (the same storage as `wte.weight`) is skipped.
   */
  override loadStateDict(state: StateDict, options: LoadStateDictOptions = {}) {
    const key = `${options.prefix ?? ''}lm_head.weight`;
    if (!this.config.tieWeights || !(key in state)) return super.loadStateDict(state, options);
    const { [key]: _tied, ...rest } = state;
    return super.loadStateDict(rest, options);
  }

  // ─────────────────────────────────────── generate ───────────────────────────────────────
  // GPT is a GenerationModel: core's loop (greedy, sampling, beams) drives these four methods.

  /** {@link GenerationModel.initState}: one empty `KVCache` per block (rows appear at the prefill). */
  initState(_batchSize: number): KVCache[] {
    return this.createCaches();
  }

  /**
   * {@link GenerationModel.step}: the new tokens through {@link GPT.forwardCached}, appended to the
   * caches; the last position's logits `[B, V]`. A left-padded batch (`attentionMask` not null) uses
   * the loop's per-row `positions` and masks the padding keys; otherwise positions continue from
   * `pastLength` and nothing is masked.
   */
  step(input: StepInput, caches: KVCache[]): StepOutput<KVCache[]> {
    const { inputIds, attentionMask, pastLength } = input;
    const T = inputIds.shape[1];
    const { blockSize } = this.config;
    if (pastLength + T > blockSize) {
      throw new ArgumentError(
        'GPT.step(inputIds)',
        `at most blockSize = ${blockSize} positions with the ${pastLength} cached`,
        inputIds,
      );
    }
    const logits = tf.tidy(() => {
      const padded = attentionMask !== null;
      return this.cachedLogitRows(inputIds, caches, {
        positionOffset: pastLength,
        positionIds: padded ? input.positions : undefined,
        keyPaddingMask: padded ? tf.equal(attentionMask, 0) : undefined,
        lastOnly: true,
      }) as tf.Tensor2D; // [B, V]
    });
    return { logits, state: caches };
  }

  /** {@link GenerationModel.reorderState}: every cache gathered by `indices` (`KVCache.reorder`). */
  reorderState(caches: KVCache[], indices: tf.Tensor1D): KVCache[] {
    for (const c of caches) c.reorder(indices);
    return caches;
  }

  /** {@link GenerationModel.disposeState}: releases the caches. */
  disposeState(caches: KVCache[]): void {
    for (const c of caches) c.dispose();
  }

  /**
   * Autoregressive generation through core's `generate` with the KV caches: greedy by default;
   * sampling (`doSample`, `temperature`, `topK`, `topP`, `minP`, `seed`), beam search (`numBeams`,
   * `lengthPenalty`, `earlyStopping`, `numReturnSequences`), `repetitionPenalty`,
   * `noRepeatNgramSize`, `eosTokenId`/`padTokenId`, `stopStrings` (with `decode`), `signal`, and an
   * `attentionMask` for left-padded batches — every option of core's `GenerateOptions`.
   * The prompt plus `maxNewTokens` must fit in `blockSize` (`maxNewTokens` defaults to 20, or what
   * is left of the context when that is less). Runs in the current mode: call `eval()` first on a
   * model with dropout (`fromPretrained` returns one in eval mode).
   *
   * @param inputIds int32 `[B, T]` prompts (left-padded with `attentionMask` for different lengths).
   * @returns int32 `[B · numReturnSequences, T + new]`: the prompts followed by the new tokens.
   *
   * @example
   * ```ts
   * gpt.eval();
   * const ids = tf.tensor2d([[5, 17, 42]], [1, 3], 'int32');
   * const out = await gpt.generate(ids, { maxNewTokens: 10 });                  // greedy, [1, 13]
   * const s = await gpt.generate(ids, { maxNewTokens: 10, doSample: true, topK: 40, seed: 1 });
   * const b = await gpt.generate(ids, { maxNewTokens: 10, numBeams: 4, numReturnSequences: 2 });
   * ```
   */
  async generate(inputIds: tf.Tensor2D, options: GenerateOptions = {}): Promise<tf.Tensor2D> {
    return generate(this, inputIds, this.fitContext('generate', inputIds, options));
  }

  /** {@link GPT.generate} as an async iterator of steps (greedy or sampling): core's `generateStream`. */
  async *generateStream(
    inputIds: tf.Tensor2D,
    options: GenerateOptions = {},
  ): AsyncGenerator<GenerateStreamChunk, void, undefined> {
    yield* generateStream(this, inputIds, this.fitContext('generateStream', inputIds, options));
  }

  /** {@link GPT.generate} with plain arrays and beam scores: core's `generateDetailed`. */
  async generateDetailed(inputIds: tf.Tensor2D, options: GenerateOptions = {}): Promise<GenerateOutput> {
    return generateDetailed(this, inputIds, this.fitContext('generateDetailed', inputIds, options));
  }

  /**
   * Text in, text out: encodes `prompt` with `tokenizer` (anything with `encode(text)` → ids and
   * `decode(ids)` → text, e.g. a `@glossa/tokenizers` tokenizer), generates, and yields the new text
   * piece by piece (also to `options.onText`). Greedy unless `doSample`; a prompt longer than the
   * context keeps its last `blockSize − maxNewTokens` tokens; EOS ids end the text and are left out.
   *
   * @example
   * ```ts
   * for await (const piece of gpt.streamText(tokenizer, 'ROMEO:', { maxNewTokens: 200, doSample: true, seed: 0 })) {
   *   process.stdout.write(piece);
   * }
   * ```
   */
  streamText(
    tokenizer: TextTokenizer,
    prompt: string,
    options: TextGenerationOptions = {},
  ): AsyncGenerator<string, void, undefined> {
    return streamText(this, tokenizer, prompt, options, this.config.blockSize);
  }

  /**
   * {@link GPT.streamText} resolving with the whole new text (beam search allowed: then `onText` is
   * called once, at the end).
   *
   * @example
   * ```ts
   * const text = await gpt.generateText(tokenizer, 'ROMEO:', { maxNewTokens: 50, onText: (s) => process.stdout.write(s) });
   * ```
   */
  generateText(
    tokenizer: TextTokenizer,
    prompt: string,
    options: TextGenerationOptions = {},
  ): Promise<string> {
    return generateText(this, tokenizer, prompt, options, this.config.blockSize);
  }

  /** `maxNewTokens` checked against the context left after the prompt (the default capped by it). */
  private fitContext(fn: string, inputIds: tf.Tensor2D, options: GenerateOptions): GenerateOptions {
    const T = inputIds instanceof tf.Tensor ? (inputIds.shape[1] ?? 0) : 0;
    const left = this.config.blockSize - T;
    if (options?.maxNewTokens === undefined) {
      return left >= 1 && left < 20 ? { ...options, maxNewTokens: left } : options;
    }
    if (left < options.maxNewTokens) {
      throw new ArgumentError(
        `GPT.${fn}(maxNewTokens)`,
        `at most blockSize − prompt length = ${this.config.blockSize} − ${T} = ${left}`,
        options.maxNewTokens,
      );
    }
    return options;
  }

  // ────────────────────────────────────── checkpoints ──────────────────────────────────────

  /**
   * A GPT from a Hugging Face GPT-2 checkpoint: `config` is `config.json` (GPT2Config names), `tensors`
   * the checkpoint's tensors by HF name (with or without the `transformer.` prefix; Conv1D weights
   * `[in, out]`; `attn.bias`/`attn.masked_bias` buffers and a tied `lm_head.weight` are ignored). The
   * tensors stay the caller's. The model is returned in eval mode, as HF's `from_pretrained` does.
   */
  static fromHFState(
    config: HFGPT2Config,
    tensors: Record<string, tf.Tensor>,
    options: { generator?: Generator } = {},
  ) {
    const gpt = withoutInit(() => new GPT(GPTConfig.fromHF(config), options)); // the state replaces every weight
    const { state, owned } = gptStateFromHF(tensors, gpt.config.tieWeights);
    try {
      gpt.loadStateDict(state);
    } catch (e) {
      gpt.dispose();
      throw e;
    } finally {
      tf.dispose(owned);
    }
    return gpt.eval();
  }

  /**
   * {@link GPT.fromHFState} on the bytes of a `model.safetensors` file (read by core's `loadSafetensors`).
   *
   * @example
   * ```ts
   * const gpt = GPT.fromHFSafetensors(JSON.parse(configText), new Uint8Array(safetensorsBytes));
   * ```
   */
  static fromHFSafetensors(
    config: HFGPT2Config,
    bytes: Uint8Array | ArrayBuffer,
    options: { generator?: Generator } = {},
  ) {
    const { tensors } = loadSafetensors(bytes);
    try {
      return GPT.fromHFState(config, tensors, options);
    } finally {
      tf.dispose(Object.values(tensors));
    }
  }

  /**
   * The weights by Hugging Face GPT-2 name and layout (Conv1D weights `[in, out]`, names under `prefix`,
   * default `'transformer.'` as `GPT2LMHeadModel.save_pretrained` writes; `lm_head.weight` only when
   * untied). New tensors: the caller disposes them. Pair with `config.toHF()` for `config.json`.
   */
  toHFState(options: { prefix?: string } = {}): Record<string, tf.Tensor> {
    return gptStateToHF(this.stateDict(), this.config, options.prefix);
  }

  /**
   * A GPT from a pretrained folder (Node), URL prefix or `indexeddb://<name>`, read by core's
   * `loadPretrained` (`config.json` + `model.safetensors`, or shards with their index). Two layouts:
   * - **Hugging Face GPT-2** (`config.json` with GPT2Config names: `n_embd`, `n_layer`, …): tensors
   *   with or without the `transformer.` prefix, Conv1D weights `[in, out]`, no `lm_head.weight` when
   *   tied, `attn.bias`/`attn.masked_bias` buffers ignored, `gelu_new` → the tanh GELU. What
   *   `GPT2LMHeadModel.save_pretrained` and {@link GPT.savePretrained} write.
   * - **glossa's own** (`config.json` with `GPTConfig` names: `vocabSize`, `nEmbd`, …): the
   *   `stateDict()` as is (`Linear` weights `[out, in]`), as `saveModelPretrained(path, gpt, {
   *   config: { ...gpt.config } })` writes it; a nanoGPT checkpoint saved this way loads too.
   *
   * The model is built without random initialisation (core's `withoutInit`: GPT-2 small in ~1 s instead
   * of ~35 s on wasm) and comes back in eval mode (as HF's `from_pretrained`); the loaded tensors are
   * disposed.
   *
   * @example
   * ```ts
   * const gpt = await GPT.fromPretrained('models/gpt2');  // or 'https://…/resolve/main/'
   * const gpt2 = await GPT.fromPretrained(url, { onProgress: ({ loadedBytes, totalBytes }) => … });
   * ```
   */
  static async fromPretrained(
    source: PretrainedSource,
    options: Omit<LoadPretrainedOptions, 'tokenizer'> & { generator?: Generator } = {},
  ): Promise<GPT> {
    const { generator, ...load } = options;
    const loaded = await loadPretrained(source, { ...load, tokenizer: false });
    try {
      const raw = loaded.config;
      if (!('nEmbd' in raw)) return GPT.fromHFState(raw as HFGPT2Config, loaded.state, { generator });
      const c = validateConfig(raw, GLOSSA_CONFIG_SCHEMA, 'GPT.fromPretrained(config)');
      const gpt = withoutInit(() => new GPT(c as GPTConfigOptions, { generator }));
      try {
        gpt.loadStateDict(loaded.state);
      } catch (e) {
        gpt.dispose();
        throw e;
      }
      return gpt.eval();
    } finally {
      loaded.dispose();
    }
  }

  /**
   * Writes this model in the Hugging Face GPT-2 layout through core's `savePretrained`: `config.json`
   * (`config.toHF()`: GPT2Config names, `model_type: 'gpt2'`) and `model.safetensors` ({@link
   * GPT.toHFState}: `transformer.`-prefixed names, Conv1D weights `[in, out]`, no tied `lm_head`), so
   * `GPT2LMHeadModel.from_pretrained` and {@link GPT.fromPretrained} read it. A model without biases
   * (`bias: false`) is written with zero biases (GPT-2 always has them): the same function, and it
   * reloads as a model with biases. Options are `savePretrained`'s (`dtype`, `maxShardSize`,
   * `tokenizerJson`, `signal`, `onProgress`); the write is atomic.
   *
   * @example
   * ```ts
   * await gpt.savePretrained('out/baby-gpt', { tokenizerJson: tokenizer.toTokenizerJson() });
   * const again = await GPT.fromPretrained('out/baby-gpt');
   * ```
   */
  async savePretrained(
    target: PretrainedSource,
    options: Omit<SavePretrainedOptions, 'config' | 'state'> = {},
  ): Promise<SavedPretrained> {
    const state = this.toHFState();
    try {
      return await savePretrained(target, { ...options, config: this.config.toHF(), state });
    } finally {
      tf.dispose(Object.values(state));
    }
  }
}
