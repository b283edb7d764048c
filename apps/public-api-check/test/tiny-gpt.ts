/**
 * A tiny GPT-like language model written the way an application would write one: only published
 * entry points of @glossa/core and @glossa/attention. It implements core's `GenerationModel`, so
 * every decoding strategy of `generate` applies to it.
 */
import { KVCache, MultiHeadAttention } from '@glossa/attention';
import {
  crossEntropy,
  type GenerationModel,
  type Generator,
  gelu,
  LayerNorm,
  Linear,
  Module,
  ModuleList,
  modelFromPretrained,
  type StepInput,
  saveModelPretrained,
  TokenAndPositionEmbedding,
  validateConfig,
} from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

/** Sizes, with Hugging Face-style names so that `config.json` reads like a real model's. */
export interface TinyConfig {
  vocab_size: number;
  n_positions: number;
  n_embd: number;
  n_head: number;
  n_layer: number;
}

class Block extends Module {
  readonly ln1: LayerNorm;
  readonly attn: MultiHeadAttention;
  readonly ln2: LayerNorm;
  readonly fc: Linear;
  readonly proj: Linear;

  constructor(c: TinyConfig, generator?: Generator) {
    super();
    this.ln1 = this.registerModule('ln_1', new LayerNorm({ normalizedShape: c.n_embd }));
    this.attn = this.registerModule(
      'attn',
      new MultiHeadAttention({ embedDim: c.n_embd, numHeads: c.n_head, generator }),
    );
    this.ln2 = this.registerModule('ln_2', new LayerNorm({ normalizedShape: c.n_embd }));
    this.fc = this.registerModule(
      'fc',
      new Linear({ inFeatures: c.n_embd, outFeatures: 4 * c.n_embd, generator }),
    );
    this.proj = this.registerModule(
      'proj',
      new Linear({ inFeatures: 4 * c.n_embd, outFeatures: c.n_embd, generator }),
    );
  }

  /** Pre-norm block; `cache` for incremental decoding, `keyPaddingMask` `[B, Tk]` (`true` = padding). */
  forward(x: tf.Tensor, cache?: KVCache, keyPaddingMask?: tf.Tensor): tf.Tensor {
    const h = this.ln1.forward(x);
    const { output } = this.attn.forward({
      query: h,
      isCausal: true,
      needWeights: false,
      cache,
      keyPaddingMask,
    });
    const y = tf.add(x, output);
    return tf.add(y, this.proj.forward(gelu(this.fc.forward(this.ln2.forward(y)))));
  }
}

/** The model: token + learned position embeddings, pre-norm blocks, a final norm and a linear head. */
export class TinyGPT extends Module implements GenerationModel<KVCache[]> {
  readonly config: TinyConfig;
  readonly embed: TokenAndPositionEmbedding;
  readonly blocks: ModuleList<Block>;
  readonly lnF: LayerNorm;
  readonly head: Linear;

  constructor(config: TinyConfig, generator?: Generator) {
    super();
    this.config = config;
    this.embed = this.registerModule(
      'embed',
      new TokenAndPositionEmbedding({
        vocabSize: config.vocab_size,
        embeddingDim: config.n_embd,
        maxLen: config.n_positions,
        generator,
      }),
    );
    this.blocks = this.registerModule(
      'blocks',
      new ModuleList(Array.from({ length: config.n_layer }, () => new Block(config, generator))),
    );
    this.lnF = this.registerModule('ln_f', new LayerNorm({ normalizedShape: config.n_embd }));
    this.head = this.registerModule(
      'head',
      new Linear({ inFeatures: config.n_embd, outFeatures: config.vocab_size, generator }),
    );
  }

  /** Logits `[B, T, V]` for ids `[B, T]` (no cache). */
  forward(ids: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      let x = this.embed.forward(ids);
      for (const b of this.blocks) x = b.forward(x);
      return this.head.forward(this.lnF.forward(x)) as tf.Tensor3D;
    });
  }

  /** Mean next-token cross-entropy of `ids` `[B, T]`. */
  loss(ids: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const [B, T] = ids.shape;
      const logits = this.forward(tf.slice(ids, [0, 0], [B, T - 1]));
      return crossEntropy(logits, tf.slice(ids, [0, 1], [B, T - 1])) as tf.Scalar;
    });
  }

  // GenerationModel: the state is one KVCache per block.
  initState(): KVCache[] {
    return Array.from({ length: this.config.n_layer }, () => new KVCache());
  }

  step(input: StepInput, caches: KVCache[]): { logits: tf.Tensor2D; state: KVCache[] } {
    const logits = tf.tidy(() => {
      const padding = input.attentionMask ? tf.equal(input.attentionMask, 0) : undefined;
      let x = this.embed.forward(input.inputIds, { positions: input.positions });
      this.blocks.toArray().forEach((b, i) => {
        x = b.forward(x, caches[i], padding);
      });
      const [B, T] = input.inputIds.shape;
      const last = tf.reshape(tf.slice(x, [0, T - 1, 0], [B, 1, -1]), [B, -1]);
      return this.head.forward(this.lnF.forward(last)) as tf.Tensor2D;
    });
    return { logits, state: caches };
  }

  reorderState(caches: KVCache[], indices: tf.Tensor1D): KVCache[] {
    for (const c of caches) c.reorder(indices);
    return caches;
  }

  disposeState(caches: KVCache[]): void {
    for (const c of caches) c.dispose();
  }

  /** Saves `config.json` + `model.safetensors` (the Hugging Face layout). */
  savePretrained(dir: string): Promise<unknown> {
    return saveModelPretrained(dir, this, { config: { ...this.config } });
  }

  /** Loads a folder written by `savePretrained`. */
  static fromPretrained(dir: string): Promise<TinyGPT> {
    return modelFromPretrained(dir, (raw) => {
      const c = validateConfig(raw, {
        vocab_size: 'integer',
        n_positions: 'integer',
        n_embd: 'integer',
        n_head: 'integer',
        n_layer: 'integer',
      });
      return new TinyGPT(c as unknown as TinyConfig);
    });
  }
}
