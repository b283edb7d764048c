/**
 * Hugging Face GPT-2 ↔ glossa GPT: the `config.json` names (`GPT2Config`) and the checkpoint tensors.
 *
 * glossa's GPT uses the same parameter names as HF's `GPT2LMHeadModel` (`transformer.h.0.attn.c_attn.weight`,
 * …) but nanoGPT's layout: every projection is a `Linear` with `weight` `[out, in]`, while HF's `Conv1D`
 * stores `[in, out]`. Only the four Conv1D weights per block (`attn.c_attn`, `attn.c_proj`, `mlp.c_fc`,
 * `mlp.c_proj`) are transposed on the way in and out; everything else is copied by name.
 *
 * Internal to the package: `GPT.fromHFState` / `GPT.toHFState` / `GPTConfig.fromHF` are the API. Reading
 * files (`config.json` + `model.safetensors` in a folder) is core's job (`loadPretrained`).
 */
import { ArgumentError, type StateDict } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

/** The `config.json` fields of HF's `GPT2Config` that glossa reads (others are ignored). */
export interface HFGPT2Config {
  model_type?: string;
  vocab_size?: number;
  n_positions?: number;
  /** Older files: the context size under its previous name. */
  n_ctx?: number;
  n_embd?: number;
  n_layer?: number;
  n_head?: number;
  /** Feed-forward size; `null` = 4·n_embd. */
  n_inner?: number | null;
  activation_function?: string;
  resid_pdrop?: number;
  embd_pdrop?: number;
  attn_pdrop?: number;
  layer_norm_epsilon?: number;
  tie_word_embeddings?: boolean;
  scale_attn_weights?: boolean;
  scale_attn_by_inverse_layer_idx?: boolean;
  add_cross_attention?: boolean;
  [key: string]: unknown;
}

/** The config fields both sides share (the shape of `GPTConfigOptions`). */
export interface GPTConfigFields {
  vocabSize: number;
  blockSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  nInner: number;
  dropout: number;
  bias: boolean;
  tieWeights: boolean;
  layerNormEpsilon: number;
  activation: 'gelu' | 'gelu_tanh' | 'relu' | 'silu' | 'tanh';
}

/** HF `activation_function` → glossa activation (all tanh-GELU variants are the same function). */
const FROM_HF: Record<string, GPTConfigFields['activation']> = {
  gelu_new: 'gelu_tanh',
  gelu_pytorch_tanh: 'gelu_tanh',
  gelu_fast: 'gelu_tanh',
  gelu: 'gelu',
  relu: 'relu',
  silu: 'silu',
  swish: 'silu',
  tanh: 'tanh',
};
const TO_HF: Record<GPTConfigFields['activation'], string> = {
  gelu_tanh: 'gelu_new',
  gelu: 'gelu',
  relu: 'relu',
  silu: 'silu',
  tanh: 'tanh',
};

/** Maps a GPT2Config JSON object to glossa's config fields, rejecting what glossa's GPT cannot run. */
export function gptConfigFromHF(json: HFGPT2Config): Partial<GPTConfigFields> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ArgumentError('GPTConfig.fromHF(config)', 'a GPT2Config object (config.json)', json);
  }
  if (json.model_type !== undefined && json.model_type !== 'gpt2') {
    throw new ArgumentError('GPTConfig.fromHF(config.model_type)', "'gpt2'", json.model_type);
  }
  for (const [key, unsupported] of [
    ['scale_attn_weights', json.scale_attn_weights === false],
    ['scale_attn_by_inverse_layer_idx', json.scale_attn_by_inverse_layer_idx === true],
    ['add_cross_attention', json.add_cross_attention === true],
  ] as const) {
    if (unsupported) {
      throw new ArgumentError(
        `GPTConfig.fromHF(config.${key})`,
        'its GPT-2 default (not supported)',
        json[key],
      );
    }
  }
  const act = json.activation_function ?? 'gelu_new';
  if (!Object.hasOwn(FROM_HF, act)) {
    throw new ArgumentError(
      'GPTConfig.fromHF(config.activation_function)',
      `one of ${Object.keys(FROM_HF).join(', ')}`,
      act,
    );
  }
  const nEmbd = json.n_embd ?? 768;
  return {
    vocabSize: json.vocab_size ?? 50257,
    blockSize: json.n_positions ?? json.n_ctx ?? 1024,
    nLayer: json.n_layer ?? 12,
    nHead: json.n_head ?? 12,
    nEmbd,
    nInner: json.n_inner ?? 4 * nEmbd,
    // nanoGPT has one dropout rate; HF's three are equal in every released GPT-2.
    dropout: json.resid_pdrop ?? 0.1,
    bias: true,
    tieWeights: json.tie_word_embeddings ?? true,
    layerNormEpsilon: json.layer_norm_epsilon ?? 1e-5,
    activation: FROM_HF[act]!,
  };
}

/** glossa config → a GPT2Config JSON object (what `config.json` holds). */
export function gptConfigToHF(c: GPTConfigFields): HFGPT2Config {
  return {
    model_type: 'gpt2',
    architectures: ['GPT2LMHeadModel'],
    vocab_size: c.vocabSize,
    n_positions: c.blockSize,
    n_embd: c.nEmbd,
    n_layer: c.nLayer,
    n_head: c.nHead,
    n_inner: c.nInner === 4 * c.nEmbd ? null : c.nInner,
    activation_function: TO_HF[c.activation],
    resid_pdrop: c.dropout,
    embd_pdrop: c.dropout,
    attn_pdrop: c.dropout,
    layer_norm_epsilon: c.layerNormEpsilon,
    tie_word_embeddings: c.tieWeights,
  };
}

const CONV1D = /\.(attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)\.weight$/;
const BUFFER = /\.attn\.(bias|masked_bias)$/;

/**
 * HF checkpoint tensors → a glossa GPT state dict. Accepts names with or without the `transformer.`
 * prefix, drops the `attn.bias` / `attn.masked_bias` buffers and, with tied weights, `lm_head.weight`;
 * transposes Conv1D weights. `owned` lists the tensors created here (the caller disposes them after
 * loading); the other values are the caller's tensors, unchanged.
 */
export function gptStateFromHF(
  tensors: Record<string, tf.Tensor>,
  tieWeights: boolean,
): { state: StateDict; owned: tf.Tensor[] } {
  if (tensors === null || typeof tensors !== 'object') {
    throw new ArgumentError('GPT.fromHFState(tensors)', 'a record of HF name → tf.Tensor', tensors);
  }
  const state: StateDict = {};
  const owned: tf.Tensor[] = [];
  for (const [key, value] of Object.entries(tensors)) {
    if (key === 'lm_head.weight') {
      if (!tieWeights) state[key] = value;
      continue;
    }
    const name = key.startsWith('transformer.') ? key : `transformer.${key}`;
    if (BUFFER.test(name)) continue;
    if (CONV1D.test(name) && value.rank === 2) {
      const t = tf.transpose(value);
      owned.push(t);
      state[name] = t;
    } else {
      state[name] = value;
    }
  }
  return { state, owned };
}

/**
 * A glossa GPT state dict → HF tensors (new tensors, the caller disposes them): Conv1D weights
 * transposed to `[in, out]`, names prefixed with `prefix`, `lm_head.weight` only when untied, and zero
 * biases where glossa has none (`bias: false`; HF's GPT-2 always has them, and zeros compute the same).
 */
export function gptStateToHF(
  state: Record<string, tf.Tensor>,
  c: Pick<GPTConfigFields, 'nLayer' | 'nEmbd' | 'nInner' | 'bias'>,
  prefix = 'transformer.',
): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [key, value] of Object.entries(state)) {
    const name = key.startsWith('transformer.') ? prefix + key.slice('transformer.'.length) : key;
    out[name] = CONV1D.test(key) ? tf.transpose(value) : value.clone();
  }
  if (!c.bias) {
    const E = c.nEmbd;
    const sizes: Array<[string, number]> = [
      ['ln_1', E],
      ['attn.c_attn', 3 * E],
      ['attn.c_proj', E],
      ['ln_2', E],
      ['mlp.c_fc', c.nInner],
      ['mlp.c_proj', E],
    ];
    for (let i = 0; i < c.nLayer; i++) {
      for (const [m, n] of sizes) out[`${prefix}h.${i}.${m}.bias`] = tf.zeros([n]);
    }
    out[`${prefix}ln_f.bias`] = tf.zeros([E]);
  }
  return out;
}
