import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape } from '../errors';
import type { Gradients } from './optimizer';

/**
 * Sums gradients over several micro-batches so that a large batch fits in memory: call `add`
 * after each micro-batch, then `mean()` (or `sum()`) for the optimizer step, then `reset()`.
 * With a loss that is a mean over each micro-batch of equal size, `mean()` equals the gradient
 * of the mean loss over the whole batch.
 *
 * @example
 * ```ts
 * const acc = new GradientAccumulator();
 * for (const micro of microBatches) {
 *   const { value, grads } = tf.variableGrads(() => loss(micro));
 *   acc.add(grads); tf.dispose([value, ...Object.values(grads)]);
 * }
 * const g = acc.mean(); opt.step(g); tf.dispose(Object.values(g)); acc.reset();
 * ```
 */
export class GradientAccumulator {
  private sums = new Map<string, tf.Tensor>();
  /** Number of `add` calls since the last `reset`. */
  count = 0;

  /** Adds a set of gradients (they are not disposed; the accumulator keeps its own sums). */
  add(grads: Gradients): void {
    for (const [k, g] of Object.entries(grads)) {
      if (!g) continue;
      const prev = this.sums.get(k);
      if (prev && (prev.rank !== g.rank || prev.shape.some((d, i) => d !== g.shape[i]))) {
        throw new ArgumentError(
          `GradientAccumulator.add(grads['${k}'])`,
          `a tensor of shape ${fmtShape(prev.shape)}`,
          g,
        );
      }
      const next = tf.keep(prev ? tf.add(prev, g) : g.clone());
      prev?.dispose();
      this.sums.set(k, next);
    }
    this.count += 1;
  }

  /** New tensors holding the summed gradients. */
  sum(): Gradients {
    const out: Gradients = {};
    for (const [k, s] of this.sums) out[k] = s.clone();
    return out;
  }

  /** New tensors holding the summed gradients divided by `count`. */
  mean(): Gradients {
    if (this.count === 0)
      throw new ArgumentError(
        'GradientAccumulator.mean()',
        'count >= 1 (no gradients were added since the last reset)',
        this.count,
      );
    const out: Gradients = {};
    for (const [k, s] of this.sums) out[k] = tf.div(s, this.count);
    return out;
  }

  /** Drops the accumulated sums. */
  reset(): void {
    for (const s of this.sums.values()) s.dispose();
    this.sums.clear();
    this.count = 0;
  }
}
