import * as tf from '@tensorflow/tfjs-core';
import { checkRange, Optimizer, type OptimizerOptions } from './optimizer';

/** Options of `RMSProp` (PyTorch's names and defaults). */
export interface RMSPropOptions extends OptimizerOptions {
  /** Learning rate. Default `0.01`. */
  lr?: number;
  /** Smoothing constant of the squared-gradient average. Default `0.99`. */
  alpha?: number;
  /** Added to the denominator. Default `1e-8`. */
  eps?: number;
  /** L2 penalty added to the gradient. Default `0`. */
  weightDecay?: number;
  /** Momentum factor. Default `0`. */
  momentum?: number;
  /** Normalise by the centred second moment (an estimate of the variance). Default `false`. */
  centered?: boolean;
}

/**
 * RMSProp as `torch.optim.RMSprop`: `v ← α·v + (1−α)·g²`; `avg = √(v − ḡ²)` (centred) or `√v`, plus
 * `eps`; `p ← p − lr·g/avg` (or through a momentum buffer `b ← μ·b + g/avg`).
 *
 * @example
 * ```ts
 * const opt = new RMSProp({ lr: 1e-3, params: model });
 * ```
 */
export class RMSProp extends Optimizer {
  static override readonly typeName: string = 'RMSProp';
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly centered: boolean;

  constructor(options: RMSPropOptions = {}) {
    super(options, 0.01);
    const { alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false } = options;
    checkRange('RMSProp(alpha)', alpha, 0, 1, true);
    checkRange('RMSProp(eps)', eps, 0, Number.POSITIVE_INFINITY);
    checkRange('RMSProp(weightDecay)', weightDecay, 0, Number.POSITIVE_INFINITY);
    checkRange('RMSProp(momentum)', momentum, 0, Number.POSITIVE_INFINITY);
    this.alpha = alpha;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
    this.centered = centered;
  }

  protected hyper() {
    return {
      alpha: this.alpha,
      eps: this.eps,
      weightDecay: this.weightDecay,
      momentum: this.momentum,
      centered: this.centered,
    };
  }

  protected update(name: string, p: tf.Variable, grad: tf.Tensor, _t: number): void {
    const g = this.weightDecay ? tf.add(grad, tf.mul(p, this.weightDecay)) : grad;
    const sq = tf.add(
      tf.mul(
        this.slot(name, 'square_avg', () => tf.zerosLike(p)),
        this.alpha,
      ),
      tf.mul(tf.square(g), 1 - this.alpha),
    );
    this.setSlot(name, 'square_avg', sq);
    let avg: tf.Tensor;
    if (this.centered) {
      const ga = tf.add(
        tf.mul(
          this.slot(name, 'grad_avg', () => tf.zerosLike(p)),
          this.alpha,
        ),
        tf.mul(g, 1 - this.alpha),
      );
      this.setSlot(name, 'grad_avg', ga);
      avg = tf.add(tf.sqrt(tf.sub(sq, tf.square(ga))), this.eps);
    } else {
      avg = tf.add(tf.sqrt(sq), this.eps);
    }
    if (this.momentum > 0) {
      const buf = tf.add(
        tf.mul(
          this.slot(name, 'momentum_buffer', () => tf.zerosLike(p)),
          this.momentum,
        ),
        tf.div(g, avg),
      );
      this.setSlot(name, 'momentum_buffer', buf);
      p.assign(tf.sub(p, tf.mul(buf, this.lr)));
    } else {
      p.assign(tf.sub(p, tf.mul(tf.div(g, avg), this.lr)));
    }
  }
}
