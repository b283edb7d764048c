/**
 * BERT, read top to bottom like Hugging Face's `modeling_bert.py`: embeddings, self-attention, the
 * post-norm layer (attention → add & LayerNorm → GELU feed-forward → add & LayerNorm), the encoder,
 * the pooler on [CLS], `BertModel`, then the heads (masked LM tied to the word embeddings, next
 * sentence, both, sequence and token classification).
 *
 * Module and parameter names are HF's (`embeddings.word_embeddings.weight`,
 * `encoder.layer.0.attention.self.query.weight`, `encoder.layer.0.attention.output.LayerNorm.weight`,
 * `pooler.dense.weight`; heads: `bert.…`, `cls.predictions.…`, `classifier.…`) and layouts are
 * PyTorch's (`Linear` weights `[out, in]`), so a HF checkpoint maps by name (`bert-pretrained.ts`).
 * The layers keep HF's names rather than reuse `TransformerEncoderLayer` (PyTorch's
 * `self_attn.in_proj_weight` naming): the math is the same post-norm GELU layer.
 */
import { scaledDotProductAttention } from '@glossa/attention';
import {
  type ActivationFn,
  ArgumentError,
  Dropout,
  Embedding,
  type Generator,
  getActivation,
  getDefaultGenerator,
  LayerNorm,
  Linear,
  Module,
  ModuleList,
  type PretrainedSource,
  type SavedPretrained,
  ShapeError,
} from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { BERT_ACTIVATIONS, BertConfig, type BertConfigOptions } from './bert-config';
import { initBertWeights } from './bert-init';
import {
  type BertFromPretrainedOptions,
  type BertSavePretrainedOptions,
  bertFromPretrained,
  bertSavePretrained,
} from './bert-pretrained';

/** `drop.forward(x)` when it drops anything (training, p > 0); else `x` itself. */
const dropped = (drop: Dropout, x: tf.Tensor) => (drop.training && drop.p > 0 ? drop.forward(x) : x);
const norm = (c: BertConfig) => new LayerNorm({ normalizedShape: c.hidden_size, eps: c.layer_norm_eps });
const dense = (i: number, o: number, generator: Generator) =>
  new Linear({ inFeatures: i, outFeatures: o, generator });
const config = (c: BertConfig | BertConfigOptions) => (c instanceof BertConfig ? c : new BertConfig(c));

// ─────────────────────────────────────── embeddings ───────────────────────────────────────

/** Word + position + token-type (segment) embeddings, then LayerNorm and dropout. */
export class BertEmbeddings extends Module {
  readonly word_embeddings: Embedding;
  readonly position_embeddings: Embedding;
  readonly token_type_embeddings: Embedding;
  readonly LayerNorm: LayerNorm;
  readonly dropout: Dropout;

  constructor(
    readonly config: BertConfig,
    generator: Generator,
  ) {
    super();
    const H = config.hidden_size;
    const emb = (n: number, paddingIdx?: number) =>
      new Embedding({ numEmbeddings: n, embeddingDim: H, generator, paddingIdx });
    this.word_embeddings = this.registerModule(
      'word_embeddings',
      emb(config.vocab_size, config.pad_token_id),
    );
    this.position_embeddings = this.registerModule(
      'position_embeddings',
      emb(config.max_position_embeddings),
    );
    this.token_type_embeddings = this.registerModule('token_type_embeddings', emb(config.type_vocab_size));
    this.LayerNorm = this.registerModule('LayerNorm', norm(config));
    this.dropout = this.registerModule('dropout', new Dropout({ p: config.hidden_dropout_prob, generator }));
  }

  /** `[B, T]` ids (and segment ids, default all 0) → `[B, T, H]`; positions `0 … T−1`. */
  forward(inputIds: tf.Tensor, tokenTypeIds?: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const T = inputIds.shape[1]!;
      const types = tokenTypeIds ?? tf.zerosLike(inputIds);
      const pos = this.position_embeddings.forward(tf.range(0, T, 1, 'int32'));
      const sum = tf.add(
        tf.add(this.word_embeddings.forward(inputIds), this.token_type_embeddings.forward(types)),
        pos,
      );
      return dropped(this.dropout, this.LayerNorm.forward(sum));
    });
  }
}

// ──────────────────────────────────────── encoder ─────────────────────────────────────────

/** HF's `BertSelfAttention`: separate `query`, `key`, `value` projections, scaled dot-product attention. */
export class BertSelfAttention extends Module {
  readonly query: Linear;
  readonly key: Linear;
  readonly value: Linear;

  constructor(
    readonly config: BertConfig,
    private readonly generator: Generator,
  ) {
    super();
    const H = config.hidden_size;
    this.query = this.registerModule('query', dense(H, H, generator));
    this.key = this.registerModule('key', dense(H, H, generator));
    this.value = this.registerModule('value', dense(H, H, generator));
  }

  /** Rows `[B·T, H]` → context rows `[B·T, H]`; `mask` `[B, 1, 1, T]`, `true` = padding key. */
  forward(x: tf.Tensor, B: number, T: number, mask?: tf.Tensor): tf.Tensor {
    const { hidden_size: H, num_attention_heads: N } = this.config;
    return tf.tidy(() => {
      const heads = (t: tf.Tensor) =>
        tf.transpose(tf.reshape(t, [B, T, N, H / N]), [0, 2, 1, 3]) as tf.Tensor4D;
      const { output } = scaledDotProductAttention({
        query: heads(this.query.forward(x)),
        key: heads(this.key.forward(x)),
        value: heads(this.value.forward(x)),
        attnMask: mask,
        dropout: this.config.attention_probs_dropout_prob,
        training: this.training,
        generator: this.generator,
      });
      return tf.reshape(tf.transpose(output, [0, 2, 1, 3]), [B * T, H]);
    });
  }
}

/** `LayerNorm(x + dropout(dense(h)))`: HF's `BertSelfOutput` and `BertOutput` (the post-norm residual). */
export class BertResidualOutput extends Module {
  readonly dense: Linear;
  readonly LayerNorm: LayerNorm;
  readonly dropout: Dropout;

  constructor(config: BertConfig, inFeatures: number, generator: Generator) {
    super();
    this.dense = this.registerModule('dense', dense(inFeatures, config.hidden_size, generator));
    this.LayerNorm = this.registerModule('LayerNorm', norm(config));
    this.dropout = this.registerModule('dropout', new Dropout({ p: config.hidden_dropout_prob, generator }));
  }

  forward(h: tf.Tensor, residual: tf.Tensor): tf.Tensor {
    return tf.tidy(() =>
      this.LayerNorm.forward(tf.add(dropped(this.dropout, this.dense.forward(h)), residual)),
    );
  }
}

/** HF's `BertAttention`: `self` (attention) and `output` (projection, add & norm). */
export class BertAttention extends Module {
  readonly self: BertSelfAttention;
  readonly output: BertResidualOutput;

  constructor(config: BertConfig, generator: Generator) {
    super();
    this.self = this.registerModule('self', new BertSelfAttention(config, generator));
    this.output = this.registerModule(
      'output',
      new BertResidualOutput(config, config.hidden_size, generator),
    );
  }

  forward(x: tf.Tensor, B: number, T: number, mask?: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.output.forward(this.self.forward(x, B, T, mask), x));
  }
}

/** HF's `BertIntermediate`: `act(dense(x))`, `[·, H]` → `[·, intermediate_size]`. */
export class BertIntermediate extends Module {
  readonly dense: Linear;
  private readonly act: ActivationFn;

  constructor(config: BertConfig, generator: Generator) {
    super();
    this.dense = this.registerModule('dense', dense(config.hidden_size, config.intermediate_size, generator));
    this.act = getActivation(BERT_ACTIVATIONS[config.hidden_act]);
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.act(this.dense.forward(x)));
  }
}

/** One post-norm encoder layer: `attention`, then `intermediate` → `output` (add & norm). */
export class BertLayer extends Module {
  readonly attention: BertAttention;
  readonly intermediate: BertIntermediate;
  readonly output: BertResidualOutput;

  constructor(config: BertConfig, generator: Generator) {
    super();
    this.attention = this.registerModule('attention', new BertAttention(config, generator));
    this.intermediate = this.registerModule('intermediate', new BertIntermediate(config, generator));
    this.output = this.registerModule(
      'output',
      new BertResidualOutput(config, config.intermediate_size, generator),
    );
  }

  /** Rows `[B·T, H]` → rows `[B·T, H]`. */
  forward(x: tf.Tensor, B: number, T: number, mask?: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const a = this.attention.forward(x, B, T, mask);
      return this.output.forward(this.intermediate.forward(a), a);
    });
  }
}

/** The stack of layers, `layer.0 … layer.{L−1}`. */
export class BertEncoder extends Module {
  readonly layer: ModuleList<BertLayer>;

  constructor(config: BertConfig, generator: Generator) {
    super();
    const layers = Array.from({ length: config.num_hidden_layers }, () => new BertLayer(config, generator));
    this.layer = this.registerModule('layer', new ModuleList(layers));
  }

  forward(x: tf.Tensor, B: number, T: number, mask?: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.layer.toArray().reduce((h, l) => l.forward(h, B, T, mask), x));
  }
}

/** `tanh(dense(h[CLS]))`: the pooled output that sentence-level heads read. */
export class BertPooler extends Module {
  readonly dense: Linear;

  constructor(config: BertConfig, generator: Generator) {
    super();
    this.dense = this.registerModule('dense', dense(config.hidden_size, config.hidden_size, generator));
  }

  /** `[B, T, H]` → `[B, H]`. */
  forward(hidden: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [B, , H] = hidden.shape as [number, number, number];
      return tf.tanh(this.dense.forward(tf.reshape(tf.slice(hidden, [0, 0, 0], [B, 1, H]), [B, H])));
    });
  }
}

// ───────────────────────────────────────── model ──────────────────────────────────────────

/** Inputs of every BERT forward: `[B, T]` int32 tensors. */
export interface BertInputs {
  /** Token ids `[B, T]`, `T ≤ max_position_embeddings`. */
  inputIds: tf.Tensor;
  /** Segment ids `[B, T]` (0 = sentence A, 1 = sentence B). Default all 0. */
  tokenTypeIds?: tf.Tensor;
  /** `[B, T]`, 1 = a real token, 0 = padding (HF's convention). Default: no padding. */
  attentionMask?: tf.Tensor;
}

/** What {@link BertModel.forward} returns. */
export interface BertModelOutput {
  /** `[B, T, H]`: the last layer's hidden states. */
  lastHiddenState: tf.Tensor;
  /** `[B, H]`: the pooler on [CLS]; absent for a model built without a pooler. */
  pooledOutput?: tf.Tensor;
}

/** Which parameters {@link BertModel.freezeFor} leaves trainable. */
export type BertFreezing = 'encoder' | 'lower-half' | 'none';

/**
 * The BERT encoder (HF's `BertModel`): embeddings, `num_hidden_layers` post-norm layers and, unless
 * `addPoolingLayer: false`, the pooler. Initialised as HF does from a seeded generator.
 *
 * @example
 * ```ts
 * const bert = new BertModel({ vocab_size: 100, hidden_size: 32, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 64 });
 * const { lastHiddenState, pooledOutput } = bert.forward({ inputIds, tokenTypeIds, attentionMask });
 * ```
 */
export class BertModel extends Module {
  readonly config: BertConfig;
  readonly embeddings: BertEmbeddings;
  readonly encoder: BertEncoder;
  readonly pooler: BertPooler | null;

  constructor(
    c: BertConfig | BertConfigOptions = {},
    options: { generator?: Generator; addPoolingLayer?: boolean; init?: boolean } = {},
  ) {
    super();
    const { generator = getDefaultGenerator(), addPoolingLayer = true } = options;
    this.config = config(c);
    this.embeddings = this.registerModule('embeddings', new BertEmbeddings(this.config, generator));
    this.encoder = this.registerModule('encoder', new BertEncoder(this.config, generator));
    this.pooler = addPoolingLayer
      ? this.registerModule('pooler', new BertPooler(this.config, generator))
      : null;
    if (options.init !== false) initBertWeights(this, this.config, generator);
  }

  forward(inputs: BertInputs): BertModelOutput {
    const { inputIds, tokenTypeIds, attentionMask } = checkInputs(inputs, this.config, 'BertModel.forward');
    const [B, T] = inputIds.shape as [number, number];
    return tf.tidy(() => {
      const x = tf.reshape(this.embeddings.forward(inputIds, tokenTypeIds), [B * T, this.config.hidden_size]);
      const mask = attentionMask ? tf.reshape(tf.equal(attentionMask, 0), [B, 1, 1, T]) : undefined;
      const lastHiddenState = tf.reshape(this.encoder.forward(x, B, T, mask), [
        B,
        T,
        this.config.hidden_size,
      ]);
      if (!this.pooler) return { lastHiddenState };
      return { lastHiddenState, pooledOutput: this.pooler.forward(lastHiddenState) };
    });
  }

  /**
   * Fine-tuning regimes: `'encoder'` freezes the embeddings, every layer and the pooler (only a head
   * trains); `'lower-half'` freezes the embeddings and the first ⌊L/2⌋ layers; `'none'` unfreezes all.
   * Core's `Module.freeze` flags the variables, so optimizers and `fit` skip them.
   */
  freezeFor(regime: BertFreezing): this {
    if (!['encoder', 'lower-half', 'none'].includes(regime)) {
      throw new ArgumentError('BertModel.freezeFor(regime)', "'encoder', 'lower-half' or 'none'", regime);
    }
    this.unfreeze();
    if (regime === 'none') return this;
    this.embeddings.freeze();
    const layers = this.encoder.layer.toArray();
    const n = regime === 'encoder' ? layers.length : Math.floor(layers.length / 2);
    for (const l of layers.slice(0, n)) l.freeze();
    if (regime === 'encoder') this.pooler?.freeze();
    return this;
  }

  /**
   * A `BertModel` from a HF folder, URL prefix or `indexeddb://…` (`config.json` + `model.safetensors`,
   * names with or without `bert.`; head tensors ignored; a missing pooler initialised). Eval mode.
   *
   * @example
   * ```ts
   * const bert = await BertModel.fromPretrained('models/bert-tiny');
   * const tokenizer = fromBertVocab(await loadBertVocab('models/bert-tiny'));
   * ```
   */
  static fromPretrained(
    source: PretrainedSource,
    options: BertFromPretrainedOptions = {},
  ): Promise<BertModel> {
    return bertFromPretrained((c) => new BertModel(c, { generator: options.generator }), source, options);
  }

  /** Writes `config.json`, `model.safetensors` (HF names, no `bert.` prefix) and, given `vocab`, `vocab.txt`. */
  savePretrained(
    target: PretrainedSource,
    options: BertSavePretrainedOptions = {},
  ): Promise<SavedPretrained> {
    return bertSavePretrained(this, 'BertModel', target, options);
  }
}

function checkInputs(inputs: BertInputs, c: BertConfig, what: string): BertInputs {
  const { inputIds, tokenTypeIds, attentionMask } = inputs ?? ({} as BertInputs);
  if (
    !(inputIds instanceof tf.Tensor) ||
    inputIds.rank !== 2 ||
    inputIds.shape[1] === 0 ||
    inputIds.dtype !== 'int32'
  ) {
    throw new ArgumentError(`${what}(inputIds)`, 'an int32 tensor [B, T] with T >= 1', inputIds);
  }
  const [B, T] = inputIds.shape as [number, number];
  if (T > c.max_position_embeddings) {
    throw new ShapeError(
      `${what}(inputIds): expected at most max_position_embeddings = ${c.max_position_embeddings} positions, received [${B}, ${T}]`,
      [B, c.max_position_embeddings],
      [B, T],
    );
  }
  for (const [name, t] of [
    ['tokenTypeIds', tokenTypeIds],
    ['attentionMask', attentionMask],
  ] as const) {
    if (t !== undefined && (!(t instanceof tf.Tensor) || t.shape.join() !== `${B},${T}`)) {
      throw new ArgumentError(`${what}(${name})`, `a tensor [${B}, ${T}] like inputIds`, t);
    }
  }
  return inputs;
}
