import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import { checkRange, Optimizer, type OptimizerOptions } from './optimizer';

/** Options of `Adam` (PyTorch's names and defaults). */
export interface AdamOptions extends OptimizerOptions {
  /** Learning rate. Default `1e-3`. */
  lr?: number;
  /** Decay rates of the first and second moment averages. Default `[0.9, 0.999]`. */
  betas?: readonly [number, number];
  /** Added to the denominator. Default `1e-8`. */
  eps?: number;
  /** L2 penalty added to the gradient (coupled, as `torch.optim.Adam`). Default `0`. */
  weightDecay?: number;
  /** Use the maximum of past second moments (AMSGrad). Default `false`. */
  amsgrad?: boolean;
}

/**
 * Adam as `torch.optim.Adam`: `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
 * `p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + eps)`; `weightDecay` is added to the gradient.
 *
 * @example
 * ```ts
 * const opt = new Adam({ lr: 1e-3, betas: [0.9, 0.98], eps: 1e-9, weightDecay: 0, params: model });
 * opt.step(grads);
 * ```
 */
export class Adam extends Optimizer {
  static override readonly typeName: string = 'Adam';
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;

  constructor(options: AdamOptions = {}) {
    super(options, 1e-3);
    const {
      betas = [0.9, 0.999],
      eps = 1e-8,
      weightDecay = this.defaultWeightDecay(),
      amsgrad = false,
    } = options;
    if (!Array.isArray(betas) || betas.length !== 2) {
      throw new ArgumentError(
        `${(new.target as typeof Optimizer).typeName}(betas)`,
        'a pair [beta1, beta2]',
        betas,
      );
    }
    checkRange(`${(new.target as typeof Optimizer).typeName}(betas[0])`, betas[0], 0, 1);
    checkRange(`${(new.target as typeof Optimizer).typeName}(betas[1])`, betas[1], 0, 1);
    checkRange(`${(new.target as typeof Optimizer).typeName}(eps)`, eps, 0, Number.POSITIVE_INFINITY);
    checkRange(
      `${(new.target as typeof Optimizer).typeName}(weightDecay)`,
      weightDecay,
      0,
      Number.POSITIVE_INFINITY,
    );
    this.betas = [betas[0], betas[1]];
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.amsgrad = amsgrad;
  }

  /** `0` for Adam, `1e-2` for AdamW. */
  protected defaultWeightDecay(): number {
    return 0;
  }

  protected hyper() {
    return { betas: [...this.betas], eps: this.eps, weightDecay: this.weightDecay, amsgrad: this.amsgrad };
  }

  /** The gradient the moments see (Adam adds the L2 term; AdamW decays the weights instead). */
  protected effectiveGrad(_name: string, p: tf.Variable, grad: tf.Tensor): tf.Tensor {
    return this.weightDecay ? tf.add(grad, tf.mul(p, this.weightDecay)) : grad;
  }

  protected update(name: string, p: tf.Variable, grad: tf.Tensor, t: number): void {
    const g = this.effectiveGrad(name, p, grad);
    const [b1, b2] = this.betas;
    const m = tf.add(
      tf.mul(
        this.slot(name, 'exp_avg', () => tf.zerosLike(p)),
        b1,
      ),
      tf.mul(g, 1 - b1),
    );
    const v = tf.add(
      tf.mul(
        this.slot(name, 'exp_avg_sq', () => tf.zerosLike(p)),
        b2,
      ),
      tf.mul(tf.square(g), 1 - b2),
    );
    this.setSlot(name, 'exp_avg', m);
    this.setSlot(name, 'exp_avg_sq', v);
    let vHat = v;
    if (this.amsgrad) {
      vHat = tf.maximum(
        this.slot(name, 'max_exp_avg_sq', () => tf.zerosLike(p)),
        v,
      );
      this.setSlot(name, 'max_exp_avg_sq', vHat);
    }
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    const denom = tf.add(tf.div(tf.sqrt(vHat), Math.sqrt(bc2)), this.eps);
    p.assign(tf.sub(p, tf.mul(tf.div(m, denom), this.lr / bc1)));
  }
}
