/**
 * One-hot versus dense vectors: every pair of distinct one-hot vectors is orthogonal (cosine 0), so
 * they say nothing about which words are alike; learned vectors place related words close.
 */
import { ArgumentError } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KeyedVectors } from './keyed-vectors';

/**
 * One-hot rows for `ids`: `[N, depth]` float32, row `i` all zeros but a 1 at `ids[i]`.
 * (Uses `tf.oneHot`; switches to `@glossa/core`'s `oneHot` when that lands.)
 *
 * @example
 * ```ts
 * oneHotVectors([2, 0], 4); // [[0, 0, 1, 0], [1, 0, 0, 0]]
 * ```
 */
export function oneHotVectors(ids: ArrayLike<number>, depth: number): tf.Tensor2D {
  if (!Number.isInteger(depth) || depth < 1)
    throw new ArgumentError('oneHotVectors(depth)', 'an integer >= 1', depth);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!Number.isInteger(id) || id < 0 || id >= depth) {
      throw new ArgumentError(`oneHotVectors(ids[${i}])`, `an integer in [0, ${depth})`, id);
    }
  }
  // TODO(merge): core's oneHot.
  return tf.tidy(
    () => tf.cast(tf.oneHot(tf.tensor1d(Array.from(ids), 'int32'), depth), 'float32') as tf.Tensor2D,
  );
}

/**
 * Cosine similarity of every pair of rows: `[N, D]` → `[N, N]` (rows of norm 0 give 0).
 *
 * @example
 * ```ts
 * cosineSimilarityMatrix(tf.tensor2d([[1, 0], [1, 1]])); // [[1, 0.707], [0.707, 1]]
 * ```
 */
export function cosineSimilarityMatrix(x: tf.Tensor2D): tf.Tensor2D {
  if (x.rank !== 2) throw new ArgumentError('cosineSimilarityMatrix(x)', 'a 2-D tensor [N, D]', x);
  return tf.tidy(() => {
    const norms = tf.norm(x, 'euclidean', 1, true);
    const unit = tf.divNoNan(x, norms);
    return tf.matMul(unit, unit, false, true) as tf.Tensor2D;
  });
}

/** The two similarity tables of {@link compareOneHotAndDense}. */
export interface OneHotComparison {
  words: string[];
  /** Cosine similarities of the words' one-hot vectors: the identity matrix. */
  oneHot: number[][];
  /** Cosine similarities of their learned vectors. */
  dense: number[][];
}

/**
 * The demonstration: cosine similarities between `words` as one-hot vectors over `kv`'s vocabulary
 * (always 0 off the diagonal) and as `kv`'s learned vectors (high for related words).
 *
 * @example
 * ```ts
 * const { oneHot, dense } = await compareOneHotAndDense(model.wv, ['monday', 'tuesday', 'whale']);
 * oneHot[0][1]; // 0
 * dense[0][1];  // 0.8 — monday and tuesday are alike; dense[0][2] is lower
 * ```
 */
export async function compareOneHotAndDense(
  kv: KeyedVectors,
  words: readonly string[],
): Promise<OneHotComparison> {
  const ids = words.map((w, i) => {
    const id = kv.indexOf(w);
    if (id < 0) throw new ArgumentError(`compareOneHotAndDense(words[${i}])`, 'a word in the vocabulary', w);
    return id;
  });
  const table = async (rows: tf.Tensor2D): Promise<number[][]> => {
    const sims = cosineSimilarityMatrix(rows);
    const out = await sims.array();
    tf.dispose([rows, sims]);
    return out;
  };
  const d = kv.vectorSize;
  const dense = new Float32Array(ids.length * d);
  ids.forEach((id, i) => {
    dense.set(kv.vectors.subarray(id * d, (id + 1) * d), i * d);
  });
  return {
    words: [...words],
    oneHot: await table(oneHotVectors(ids, kv.size)),
    dense: await table(tf.tensor2d(dense, [ids.length, d])),
  };
}
