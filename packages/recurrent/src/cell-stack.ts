/**
 * A stack of recurrent cells stepped together (a multi-layer decoder whose every step's input depends
 * on the previous step's output, as with attention): cell `l` reads cell `l − 1`'s new state, with
 * dropout between cells in training mode. Registered as children `0`, `1`, … (PyTorch
 * `nn.ModuleList` names: `decoder.0.weight_ih`).
 */
import { dropout, type Generator, Module } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { GRUCell } from './gru-cell';
import { LSTMCell } from './lstm-cell';
import { unstack } from './ops/unstack';
import type { RecurrentCell } from './recurrent-cell';
import type { RecurrentState } from './recurrent-state';

/** Options of {@link CellStack}. */
export interface CellStackOptions {
  cellType: 'lstm' | 'gru';
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  dropout: number;
  generator: Generator;
}

/** A stack of LSTM or GRU cells (not exported from the package). */
export class CellStack extends Module {
  readonly cells: RecurrentCell[] = [];
  readonly hasCell: boolean;

  constructor(private readonly o: CellStackOptions) {
    super();
    this.hasCell = o.cellType === 'lstm';
    for (let l = 0; l < o.numLayers; l++) {
      const opts = {
        inputSize: l === 0 ? o.inputSize : o.hiddenSize,
        hiddenSize: o.hiddenSize,
        generator: o.generator,
      };
      this.cells.push(
        this.registerModule(String(l), o.cellType === 'lstm' ? new LSTMCell(opts) : new GRUCell(opts)),
      );
    }
  }

  /**
   * One step of every cell.
   * @param x `[N, inputSize]`
   * @param state `h` (and `c`) `[numLayers, N, H]`
   * @returns the top cell's output `[N, H]` and the new state
   */
  forward(x: tf.Tensor, state: RecurrentState): { output: tf.Tensor; state: RecurrentState } {
    return tf.tidy(() => {
      const hs = unstack(state.h);
      const cs = state.c ? unstack(state.c) : null;
      const nh: tf.Tensor[] = [];
      const nc: tf.Tensor[] = [];
      let input = x;
      this.cells.forEach((cell, l) => {
        if (l > 0 && this.training && this.o.dropout > 0) {
          input = dropout(input, this.o.dropout, { generator: this.o.generator });
        }
        const s = cell.forward(input, { h: hs[l] as tf.Tensor, ...(cs ? { c: cs[l] as tf.Tensor } : {}) });
        nh.push(s.h);
        if (s.c) nc.push(s.c);
        input = s.h;
      });
      const next: RecurrentState = { h: tf.stack(nh) };
      if (this.hasCell) next.c = tf.stack(nc);
      return { output: input, state: next } as unknown as tf.TensorContainerObject;
    }) as unknown as { output: tf.Tensor; state: RecurrentState };
  }
}
