/**
 * The shared machinery of `RNN`, `LSTM` and `GRU`: PyTorch's parameters and their names
 * (`weight_ih_l{k}`, `weight_hh_l{k}`, `bias_ih_l{k}`, `bias_hh_l{k}`, `_reverse` for the backward
 * direction), multi-layer and bidirectional stacks, initial states, seeded dropout between layers,
 * variable-length batches, batch-first shapes. The per-cell math is a {@link CellMath}.
 */
import {
  ArgumentError,
  dropout,
  fmtShape,
  type Generator,
  getDefaultGenerator,
  init,
  Module,
  ShapeError,
} from '@glossa/core';
import { checkDims, checkProbability } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { CellMath } from './ops/cell-math';
import { type PaddingOptions, planPadding, reverseTime } from './ops/padding';
import { runRecurrence } from './ops/recurrence';
import { unstack } from './ops/unstack';

/** Options shared by `RNN`, `LSTM` and `GRU` (PyTorch's, batch-first). */
export interface RecurrentOptions {
  /** Features of each input step (`x`'s last dimension). */
  inputSize: number;
  /** Features of the hidden state `H`. */
  hiddenSize: number;
  /** Stacked layers; layer k > 0 reads layer k − 1's output. Default `1`. */
  numLayers?: number;
  /** Also run each layer backwards in time and concatenate both outputs. Default `false`. */
  bidirectional?: boolean;
  /** Dropout probability on each layer's output except the last (training mode only). Default `0`. */
  dropout?: number;
  /** Learn `bias_ih` and `bias_hh`. Default `true`. */
  bias?: boolean;
  /**
   * Randomness for the initial weights (U(±1/√H), as PyTorch) and for dropout. Default: core's
   * process-wide generator.
   */
  generator?: Generator;
}

/** Options of `forward`. */
export interface RecurrentForwardOptions extends PaddingOptions {
  /** Initial hidden state `[numLayers·directions, B, H]` (index `layer·directions + direction`). Default zeros. */
  h0?: tf.Tensor;
  /** Initial cell state (LSTM only), same shape as `h0`. Default zeros. */
  c0?: tf.Tensor;
  /**
   * Zeros `[numLayers·directions, B, T, H]` added to every step's new hidden state, so that their
   * gradient is `∂loss/∂h_t` for each layer, direction and step (see `timeStepGradientNorms`).
   */
  probe?: tf.Tensor;
  /** Also return every layer's output in `layers` (e.g. for ELMo's scalar mix). Default `false`. */
  returnAllLayers?: boolean;
}

/** What `forward` returns (PyTorch's shapes, batch-first). */
export interface RecurrentOutput {
  /** `[B, T, directions·H]`: the last layer's states (both directions concatenated); 0 at padded steps. */
  output: tf.Tensor;
  /** `[numLayers·directions, B, H]`: each layer's and direction's state at each sequence's true end. */
  hN: tf.Tensor;
  /** `[numLayers·directions, B, H]`: the final cell states (LSTM only). */
  cN?: tf.Tensor;
  /** With `returnAllLayers`: each layer's output `[B, T, directions·H]` (before dropout), first to last. */
  layers?: tf.Tensor[];
}

interface LayerWeights {
  wih: tf.Variable;
  whh: tf.Variable;
  bih: tf.Variable | null;
  bhh: tf.Variable | null;
}

/**
 * Base class of `RNN`, `LSTM` and `GRU` (construct those; this type is for code that takes any of them).
 *
 * @example
 * ```ts
 * function describe(layer: RecurrentLayer) { return `${layer.numLayers}×${layer.directions}×${layer.hiddenSize}`; }
 * ```
 */
export abstract class RecurrentLayer extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly dropout: number;
  readonly bias: boolean;
  /** 2 when bidirectional, else 1. */
  readonly directions: 1 | 2;
  protected readonly generator: Generator;
  protected readonly weights: LayerWeights[] = [];

  protected constructor(
    protected readonly owner: string,
    protected readonly math: CellMath,
    options: RecurrentOptions,
  ) {
    super();
    const {
      inputSize,
      hiddenSize,
      numLayers = 1,
      bidirectional = false,
      dropout: p = 0,
      bias = true,
      generator = getDefaultGenerator(),
    } = options ?? ({} as RecurrentOptions);
    checkDims(owner, { inputSize, hiddenSize, numLayers });
    checkProbability(owner, p);
    if (typeof bidirectional !== 'boolean') {
      throw new ArgumentError(`${owner}(bidirectional)`, 'a boolean', bidirectional);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bidirectional = bidirectional;
    this.dropout = p;
    this.bias = bias;
    this.directions = bidirectional ? 2 : 1;
    this.generator = generator;
    const H = hiddenSize;
    const G = math.gates * H;
    const bound = 1 / Math.sqrt(H);
    const u = (shape: number[]) => init.uniform(shape, { low: -bound, high: bound, generator });
    for (let l = 0; l < numLayers; l++) {
      const inSize = l === 0 ? inputSize : this.directions * H;
      for (let d = 0; d < this.directions; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        this.weights.push({
          wih: this.registerParameter(`weight_ih${sfx}`, u([G, inSize])),
          whh: this.registerParameter(`weight_hh${sfx}`, u([G, H])),
          bih: bias ? this.registerParameter(`bias_ih${sfx}`, u([G])) : null,
          bhh: bias ? this.registerParameter(`bias_hh${sfx}`, u([G])) : null,
        });
      }
    }
  }

  /**
   * Runs the stack over a batch.
   *
   * @param input `[B, T, inputSize]` float32
   * @returns `output` `[B, T, directions·H]`, `hN` (and `cN`) `[numLayers·directions, B, H]`
   */
  forward(input: tf.Tensor, options: RecurrentForwardOptions = {}): RecurrentOutput {
    const { h0, c0, probe } = options;
    if (!(input instanceof tf.Tensor) || input.rank !== 3 || input.shape[2] !== this.inputSize) {
      const shape = input instanceof tf.Tensor ? input.shape : [];
      throw new ShapeError(
        `${this.owner}.forward(input): expected shape ${fmtShape([-1, -1, this.inputSize])}, received ${input instanceof tf.Tensor ? fmtShape(shape) : String(input)}`,
        [null, null, this.inputSize],
        shape,
      );
    }
    const [B, T] = input.shape as [number, number, number];
    if (T < 1)
      throw new ShapeError(
        `${this.owner}.forward(input): expected at least one time step`,
        [null, 1, this.inputSize],
        input.shape,
      );
    const LD = this.numLayers * this.directions;
    const H = this.hiddenSize;
    this.checkState('h0', h0, [LD, B, H]);
    if (c0 !== undefined && !this.math.hasCell) {
      throw new ArgumentError(`${this.owner}.forward(c0)`, 'no c0 (only LSTM has a cell state)', c0);
    }
    this.checkState('c0', c0, [LD, B, H]);
    this.checkState('probe', probe, [LD, B, T, H]);
    return tf.tidy(() => {
      const plan = planPadding(`${this.owner}.forward`, B, T, options);
      const h0s = h0 ? unstack(h0) : null;
      const c0s = c0 ? unstack(c0) : null;
      const probes = probe ? unstack(probe) : null;
      const zeros = tf.zeros([B, H]);
      let x = tf.transpose(input, [1, 0, 2]); // time-major [T, B, I] between layers
      const hN: tf.Tensor[] = [];
      const cN: tf.Tensor[] = [];
      const layers: tf.Tensor[] = [];
      for (let l = 0; l < this.numLayers; l++) {
        const outs: tf.Tensor[] = [];
        for (let d = 0; d < this.directions; d++) {
          const k = l * this.directions + d;
          const back = d === 1;
          const xin = back ? reverseTime(x, plan) : x;
          let p = probes ? tf.transpose(probes[k] as tf.Tensor, [1, 0, 2]) : null;
          if (p && back) p = reverseTime(p, plan);
          const w = this.weights[k] as LayerWeights;
          const r = runRecurrence(this.math, {
            x: xin,
            wih: w.wih,
            bih: w.bih,
            whh: w.whh,
            bhh: w.bhh,
            h0: h0s ? (h0s[k] as tf.Tensor) : zeros,
            c0: this.math.hasCell ? (c0s ? (c0s[k] as tf.Tensor) : zeros) : null,
            valid: plan ? plan.valid : null,
            probe: p,
          });
          outs.push(back ? reverseTime(r.outputs, plan) : r.outputs);
          hN.push(r.hN);
          if (r.cN) cN.push(r.cN);
        }
        x = outs.length === 2 ? tf.concat(outs, 2) : (outs[0] as tf.Tensor);
        if (options.returnAllLayers) layers.push(tf.transpose(x, [1, 0, 2]));
        if (l < this.numLayers - 1 && this.dropout > 0 && this.training) {
          x = dropout(x, this.dropout, { generator: this.generator });
        }
      }
      const out: RecurrentOutput = { output: tf.transpose(x, [1, 0, 2]), hN: tf.stack(hN) };
      if (this.math.hasCell) out.cN = tf.stack(cN);
      if (options.returnAllLayers) out.layers = layers;
      return out as unknown as tf.TensorContainerObject;
    }) as unknown as RecurrentOutput;
  }

  private checkState(name: string, t: tf.Tensor | undefined, shape: number[]): void {
    if (t === undefined) return;
    if (!(t instanceof tf.Tensor) || t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      const got = t instanceof tf.Tensor ? t.shape : [];
      throw new ShapeError(
        `${this.owner}.forward(${name}): expected shape ${fmtShape(shape)}, received ${t instanceof tf.Tensor ? fmtShape(got) : String(t)}`,
        shape,
        got,
      );
    }
  }
}
