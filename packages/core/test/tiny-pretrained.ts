// A small module shaped like tooling/fixtures/core/gen_pretrained.py's `Tiny` (token and position
// embeddings, layer norm, linear head, an int position_ids buffer), and helpers for the
// pretrained-file tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { validateConfig } from '../src/io/validate-config';
import { Embedding } from '../src/layers/embedding';
import { LayerNorm } from '../src/layers/layer-norm';
import { Linear } from '../src/layers/linear';
import { Module } from '../src/module';

export const TINY_SCHEMA = {
  vocab_size: 'integer',
  n_embd: 'integer',
  n_out: 'integer',
  n_positions: 'integer',
} as const;

export type TinyConfig = { vocab_size: number; n_embd: number; n_out: number; n_positions: number };

export class Tiny extends Module {
  readonly wte: Embedding;
  readonly wpe: Embedding;
  readonly ln: LayerNorm;
  readonly head: Linear;

  constructor(readonly config: TinyConfig) {
    super();
    this.wte = this.registerModule(
      'wte',
      new Embedding({ numEmbeddings: config.vocab_size, embeddingDim: config.n_embd }),
    );
    this.wpe = this.registerModule(
      'wpe',
      new Embedding({ numEmbeddings: config.n_positions, embeddingDim: config.n_embd }),
    );
    this.ln = this.registerModule('ln', new LayerNorm({ normalizedShape: config.n_embd }));
    this.head = this.registerModule(
      'head',
      new Linear({ inFeatures: config.n_embd, outFeatures: config.n_out }),
    );
    this.registerBuffer(
      'position_ids',
      tf.tidy(() => tf.reshape(tf.range(0, config.n_positions, 1, 'int32'), [1, config.n_positions])),
    );
  }

  /** Builds from a raw config, checking it. */
  static fromConfig(raw: Record<string, unknown>): Tiny {
    return new Tiny(validateConfig(raw, TINY_SCHEMA));
  }

  forward(ids: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      // Buffers are replaced by loadStateDict: look the current one up.
      const positions = tf.slice(this.stateDict().position_ids!, [0, 0], [1, ids.shape[1]]);
      const x = tf.add(this.wte.forward(ids), this.wpe.forward(positions));
      return this.head.forward(this.ln.forward(x)) as tf.Tensor3D;
    });
  }
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'glossa-pretrained-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every tensor's dtype, shape and values, for comparing two state dicts. */
export async function snapshot(state: Record<string, tf.Tensor>) {
  const out: Record<string, { dtype: string; shape: number[]; data: number[] }> = {};
  for (const k of Object.keys(state).sort()) {
    const t = state[k]!;
    out[k] = { dtype: t.dtype, shape: t.shape, data: Array.from(await t.data()) };
  }
  return out;
}
