/**
 * The shared machinery of `LSTMCell`, `GRUCell` and `RNNCell`: one time step with PyTorch's
 * `nn.LSTMCell` / `nn.GRUCell` / `nn.RNNCell` parameters (`weight_ih` `[G, In]`, `weight_hh` `[G, H]`,
 * `bias_ih`, `bias_hh` `[G]`), differentiable by tfjs (the fused cell kernels have registered
 * gradients). For decoders that feed each step's output back (seq2seq with attention).
 */
import { fmtShape, type Generator, getDefaultGenerator, init, Module, ShapeError } from '@glossa/core';
import { checkDims } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { CellMath } from './ops/cell-math';

/** Options shared by the cells. */
export interface RecurrentCellOptions {
  /** Features of the input `x` `[B, inputSize]`. */
  inputSize: number;
  /** Features of the hidden state `H`. */
  hiddenSize: number;
  /** Learn `bias_ih` and `bias_hh`. Default `true`. */
  bias?: boolean;
  /** Randomness for the initial weights, U(±1/√H) as PyTorch. Default: core's process-wide generator. */
  generator?: Generator;
}

/** A cell's state: `h` `[B, H]`, and `c` `[B, H]` for the LSTM. */
export interface CellState {
  h: tf.Tensor;
  c?: tf.Tensor;
}

/** Base class of the cells (use `LSTMCell`, `GRUCell` or `RNNCell`). */
export abstract class RecurrentCell extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly weight_ih: tf.Variable;
  readonly weight_hh: tf.Variable;
  readonly bias_ih: tf.Variable | null;
  readonly bias_hh: tf.Variable | null;

  protected constructor(
    protected readonly owner: string,
    protected readonly math: CellMath,
    options: RecurrentCellOptions,
  ) {
    super();
    const { inputSize, hiddenSize, bias = true, generator = getDefaultGenerator() } = options ?? {};
    checkDims(owner, { inputSize, hiddenSize });
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    const G = math.gates * hiddenSize;
    const bound = 1 / Math.sqrt(hiddenSize);
    const u = (shape: number[]) => init.uniform(shape, { low: -bound, high: bound, generator });
    this.weight_ih = this.registerParameter('weight_ih', u([G, inputSize]));
    this.weight_hh = this.registerParameter('weight_hh', u([G, hiddenSize]));
    this.bias_ih = bias ? this.registerParameter('bias_ih', u([G])) : null;
    this.bias_hh = bias ? this.registerParameter('bias_hh', u([G])) : null;
  }

  /**
   * One step.
   * @param x `[B, inputSize]`
   * @param state `h` (and `c`) `[B, H]`; default zeros.
   * @returns the new state `h` (and `c`) `[B, H]`
   */
  forward(x: tf.Tensor, state?: CellState): CellState {
    const H = this.hiddenSize;
    if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== this.inputSize) {
      const got = x instanceof tf.Tensor ? x.shape : [];
      throw new ShapeError(
        `${this.owner}.forward(x): expected shape ${fmtShape([-1, this.inputSize])}, received ${fmtShape(got)}`,
        [null, this.inputSize],
        got,
      );
    }
    const B = x.shape[0] as number;
    for (const [name, t] of [
      ['h', state?.h],
      ['c', state?.c],
    ] as const) {
      if (t !== undefined && (t.rank !== 2 || t.shape[0] !== B || t.shape[1] !== H)) {
        throw new ShapeError(
          `${this.owner}.forward(state.${name}): expected shape ${fmtShape([B, H])}, received ${fmtShape(t.shape)}`,
          [B, H],
          t.shape,
        );
      }
    }
    return tf.tidy(() => {
      const h = state?.h ?? tf.zeros([B, H]);
      const c = this.math.hasCell ? (state?.c ?? tf.zeros([B, H])) : null;
      let xg = tf.matMul(x, this.weight_ih, false, true);
      let hh = tf.matMul(h, this.weight_hh, false, true);
      if (this.bias_ih && this.bias_hh) {
        if (this.math.separateHiddenBias) {
          xg = tf.add(xg, this.bias_ih);
          hh = tf.add(hh, this.bias_hh);
        } else xg = tf.add(xg, tf.add(this.bias_ih, this.bias_hh));
      }
      const r = this.math.tapeStep(xg, hh, h, c);
      return (r.c ? { h: r.h, c: r.c } : { h: r.h }) as unknown as tf.TensorContainerObject;
    }) as unknown as CellState;
  }
}
