import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import { checkRange, Optimizer, type OptimizerOptions } from './optimizer';

/** Options of `SGD` (PyTorch's names and defaults). */
export interface SGDOptions extends OptimizerOptions {
  /** Learning rate. Default `0.01`. */
  lr?: number;
  /** Momentum factor. Default `0`. */
  momentum?: number;
  /** Dampening of the momentum. Default `0`. */
  dampening?: number;
  /** Nesterov momentum (needs `momentum > 0` and `dampening = 0`). Default `false`. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient. Default `0`. */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as `torch.optim.SGD`:
 * `g ← g + wd·p; b ← μ·b + (1−τ)·g (b = g on the first step); g ← g + μ·b (Nesterov) or b; p ← p − lr·g`.
 *
 * @example
 * ```ts
 * const opt = new SGD({ lr: 0.1, momentum: 0.9, nesterov: true, params: model });
 * opt.step(grads);
 * ```
 */
export class SGD extends Optimizer {
  static override readonly typeName: string = 'SGD';
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(options: SGDOptions = {}) {
    super(options, 0.01);
    const { momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = options;
    checkRange('SGD(momentum)', momentum, 0, Number.POSITIVE_INFINITY);
    checkRange('SGD(dampening)', dampening, 0, 1, true);
    checkRange('SGD(weightDecay)', weightDecay, 0, Number.POSITIVE_INFINITY);
    if (nesterov && momentum <= 0) {
      throw new ArgumentError(
        'SGD(momentum)',
        'a number > 0 with nesterov (Nesterov momentum requires momentum > 0 and dampening = 0)',
        momentum,
      );
    }
    if (nesterov && dampening !== 0) {
      throw new ArgumentError(
        'SGD(dampening)',
        '0 with nesterov (Nesterov momentum requires momentum > 0 and dampening = 0)',
        dampening,
      );
    }
    this.momentum = momentum;
    this.dampening = dampening;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  protected hyper() {
    return {
      momentum: this.momentum,
      dampening: this.dampening,
      nesterov: this.nesterov,
      weightDecay: this.weightDecay,
    };
  }

  protected update(name: string, p: tf.Variable, grad: tf.Tensor, t: number): void {
    let g = this.weightDecay ? tf.add(grad, tf.mul(p, this.weightDecay)) : grad;
    if (this.momentum) {
      // PyTorch starts the buffer at the first gradient (no dampening on that step).
      const prev = t === 1 ? null : this.slot(name, 'momentum_buffer', () => tf.zerosLike(p));
      const buf = prev ? tf.add(tf.mul(prev, this.momentum), tf.mul(g, 1 - this.dampening)) : g.clone();
      this.setSlot(name, 'momentum_buffer', buf);
      g = this.nesterov ? tf.add(g, tf.mul(buf, this.momentum)) : buf;
    }
    p.assign(tf.sub(p, tf.mul(g, this.lr)));
  }
}
