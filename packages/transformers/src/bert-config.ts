/**
 * BERT's hyperparameters with Hugging Face `BertConfig` names (snake_case, as in `config.json`), so a
 * hub `config.json` is read field by field and {@link BertConfig.toJSON} writes one back.
 */
import { ArgumentError } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';

/** HF `hidden_act` values glossa runs, and the core activation each one is. */
export const BERT_ACTIVATIONS = {
  gelu: 'gelu',
  gelu_new: 'gelu_tanh',
  gelu_pytorch_tanh: 'gelu_tanh',
  relu: 'relu',
  silu: 'silu',
  tanh: 'tanh',
} as const;

/** Fields of {@link BertConfig}: HF `BertConfig`'s names and defaults (bert-base-uncased). */
export interface BertConfigFields {
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  hidden_act: keyof typeof BERT_ACTIVATIONS;
  hidden_dropout_prob: number;
  attention_probs_dropout_prob: number;
  max_position_embeddings: number;
  type_vocab_size: number;
  initializer_range: number;
  layer_norm_eps: number;
  pad_token_id: number;
  /** Classes of the sequence/token classification heads (HF: the length of `id2label`). */
  num_labels: number;
  /** Dropout before the classification heads; `null` = `hidden_dropout_prob` (HF). */
  classifier_dropout: number | null;
}

/** Options of {@link BertConfig}: any field, plus HF's `id2label` (which sets `num_labels`). */
export type BertConfigOptions = Partial<BertConfigFields> & {
  id2label?: Record<string, string>;
  [key: string]: unknown;
};

const DEFAULTS: BertConfigFields = {
  vocab_size: 30522,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.1,
  attention_probs_dropout_prob: 0.1,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  initializer_range: 0.02,
  layer_norm_eps: 1e-12,
  pad_token_id: 0,
  num_labels: 2,
  classifier_dropout: null,
};

/**
 * A BERT configuration. Unknown `config.json` keys (`architectures`, `transformers_version`, …) are
 * ignored; what glossa cannot run (`position_embedding_type` other than `'absolute'`, a decoder with
 * cross-attention, an unknown `hidden_act`) is an `ArgumentError` naming the field.
 *
 * @example
 * ```ts
 * const small = new BertConfig({ vocab_size: 8000, hidden_size: 256, num_hidden_layers: 4, num_attention_heads: 4, intermediate_size: 1024 });
 * const base = new BertConfig(JSON.parse(configJsonText)); // a hub config.json as is
 * ```
 */
export class BertConfig implements BertConfigFields {
  readonly vocab_size!: number;
  readonly hidden_size!: number;
  readonly num_hidden_layers!: number;
  readonly num_attention_heads!: number;
  readonly intermediate_size!: number;
  readonly hidden_act!: keyof typeof BERT_ACTIVATIONS;
  readonly hidden_dropout_prob!: number;
  readonly attention_probs_dropout_prob!: number;
  readonly max_position_embeddings!: number;
  readonly type_vocab_size!: number;
  readonly initializer_range!: number;
  readonly layer_norm_eps!: number;
  readonly pad_token_id!: number;
  readonly num_labels!: number;
  readonly classifier_dropout!: number | null;

  constructor(options: BertConfigOptions = {}) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new ArgumentError('BertConfig(options)', 'a BertConfig object (config.json)', options);
    }
    const fail = (name: string, expected: string, v: unknown): never => {
      throw new ArgumentError(`BertConfig(${name})`, expected, v);
    };
    if (options.model_type !== undefined && options.model_type !== 'bert') {
      fail('model_type', "'bert'", options.model_type);
    }
    const pet = options.position_embedding_type;
    if (pet !== undefined && pet !== 'absolute') fail('position_embedding_type', "'absolute'", pet);
    if (options.is_decoder === true) fail('is_decoder', 'false (an encoder)', true);
    if (options.add_cross_attention === true) fail('add_cross_attention', 'false', true);
    const labels = options.id2label ? Object.keys(options.id2label).length : undefined;
    const c: BertConfigFields = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as Array<keyof BertConfigFields>) {
      if (options[key] !== undefined) (c as unknown as Record<string, unknown>)[key] = options[key];
    }
    if (options.num_labels === undefined && labels !== undefined) c.num_labels = labels;
    const { vocab_size, hidden_size, num_hidden_layers, num_attention_heads, intermediate_size } = c;
    const { max_position_embeddings, type_vocab_size, num_labels } = c;
    checkDims('BertConfig', {
      vocab_size,
      hidden_size,
      num_hidden_layers,
      num_attention_heads,
      intermediate_size,
      max_position_embeddings,
      type_vocab_size,
      num_labels,
    });
    if (hidden_size % num_attention_heads !== 0) {
      fail('num_attention_heads', `a divisor of hidden_size (${hidden_size})`, num_attention_heads);
    }
    if (!Object.hasOwn(BERT_ACTIVATIONS, c.hidden_act)) {
      fail('hidden_act', `one of ${Object.keys(BERT_ACTIVATIONS).join(', ')}`, c.hidden_act);
    }
    for (const key of ['hidden_dropout_prob', 'attention_probs_dropout_prob'] as const) {
      if (!(c[key] >= 0 && c[key] < 1)) fail(key, 'a probability in [0, 1)', c[key]);
    }
    if (c.classifier_dropout !== null && !(c.classifier_dropout >= 0 && c.classifier_dropout < 1)) {
      fail('classifier_dropout', 'null or a probability in [0, 1)', c.classifier_dropout);
    }
    if (!(c.layer_norm_eps >= 0)) fail('layer_norm_eps', 'a non-negative number', c.layer_norm_eps);
    if (!(c.initializer_range >= 0)) fail('initializer_range', 'a non-negative number', c.initializer_range);
    if (!Number.isInteger(c.pad_token_id) || c.pad_token_id < 0 || c.pad_token_id >= vocab_size) {
      fail('pad_token_id', `an integer in [0, ${vocab_size})`, c.pad_token_id);
    }
    Object.assign(this, c);
  }

  /** `config.json` content: HF names, `model_type: 'bert'`, the `architectures` given and `id2label`. */
  toJSON(architecture?: string): Record<string, unknown> {
    const id2label: Record<string, string> = {};
    const label2id: Record<string, number> = {};
    for (let i = 0; i < this.num_labels; i++) {
      id2label[String(i)] = `LABEL_${i}`;
      label2id[`LABEL_${i}`] = i;
    }
    return {
      model_type: 'bert',
      ...(architecture ? { architectures: [architecture] } : {}),
      ...Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, this[k as keyof BertConfigFields]])),
      position_embedding_type: 'absolute',
      id2label,
      label2id,
    };
  }
}
