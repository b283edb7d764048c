import { type Generator, init, initIsSkipped, type Module } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from './bert-config';

/**
 * HF's `_init_weights` on `names` (default every parameter): N(0, initializer_range) for matrices and
 * embeddings (the padding row of `word_embeddings` zero), zero biases, LayerNorm weight 1 and bias 0.
 * Skipped under core's `withoutInit` (a checkpoint is about to replace every weight).
 */
export function initBertWeights(
  model: Module,
  c: BertConfig,
  generator: Generator,
  names?: readonly string[],
): void {
  if (initIsSkipped()) return;
  const only = names ? new Set(names) : null;
  for (const [name, p] of model.namedParameters()) {
    if (only && !only.has(name)) continue;
    const value = tf.tidy(() => {
      if (name.includes('LayerNorm.')) return name.endsWith('.weight') ? tf.ones(p.shape) : tf.zeros(p.shape);
      if (p.rank < 2) return tf.zeros(p.shape);
      const w = init.normal(p.shape, { std: c.initializer_range, generator });
      if (!name.endsWith('word_embeddings.weight')) return w;
      const pad = tf.oneHot(tf.tensor1d([c.pad_token_id], 'int32'), c.vocab_size);
      return tf.mul(w, tf.sub(1, tf.reshape(pad, [c.vocab_size, 1])));
    });
    p.assign(value);
    value.dispose();
  }
}
