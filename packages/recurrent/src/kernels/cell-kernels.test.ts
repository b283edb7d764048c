/**
 * The fused LSTM and GRU cell kernels (cpu, wasm) against the composite ops they replace, on random
 * inputs with odd sizes: forward outputs, the gradient kernels, and the registered gradients that
 * tfjs's autodiff uses; and that the kernels are registered where expected and not on webgpu.
 */
import { useBackend } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomTensor } from '../../test/helpers';
import { gruCellComposite, gruCellGradComposite } from '../ops/gru-math';
import { lstmCellComposite, lstmCellGradComposite } from '../ops/lstm-math';
import { GRU_CELL, GRU_CELL_GATE_MAJOR, runGruCellGrad } from './gru-cell-kernel';
import { LSTM_CELL, LSTM_CELL_GATE_MAJOR, runLstmCellGrad } from './lstm-cell-kernel';
import { fusedAvailable } from './recurrent-kernels';

const TOL = 2e-6;
const backends = (await backendsUnderTest()).filter((b) => b.available);

async function close(a: tf.Tensor[], b: tf.Tensor[], what: string) {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    expect(a[i]?.shape, `${what}[${i}] shape`).toEqual(b[i]?.shape);
    expect(
      await maxAbsDiff(a[i] as tf.Tensor, await (b[i] as tf.Tensor).data()),
      `${what}[${i}]`,
    ).toBeLessThan(TOL);
  }
}

describe.each(backends.filter((b) => b.name !== 'webgpu').map((b) => b.name))(
  'fused cell kernels on %s',
  (name) => {
    it('are registered through core’s registry', () =>
      withBackend(name, () => {
        expect(fusedAvailable(LSTM_CELL)).toBe(true);
        expect(fusedAvailable(GRU_CELL)).toBe(true);
      }));

    it('LSTM: forward, gradient kernel and autodiff gradient match the composite ops', () =>
      withBackend(name, async () => {
        const [B, H] = [3, 7];
        const { got, want } = tf.tidy(() => {
          const xg = randomTensor([B, 4 * H], 1, 2);
          const hh = randomTensor([B, 4 * H], 2, 2);
          const c = randomTensor([B, H], 3, 1.5);
          const dh = randomTensor([B, H], 4);
          const dc = randomTensor([B, H], 5);
          const fusedCell = (a: tf.Tensor, b: tf.Tensor, cc: tf.Tensor) =>
            tf.engine().runKernel(LSTM_CELL, { xg: a, hh: b, c: cc }) as tf.Tensor[];
          const ref = lstmCellComposite(xg, hh, c);
          const [acts, cNext] = [ref[2] as tf.Tensor, ref[1] as tf.Tensor];
          const loss = (f: typeof fusedCell) => (a: tf.Tensor, b: tf.Tensor, cc: tf.Tensor) => {
            const [h, cn] = f(a, b, cc) as [tf.Tensor, tf.Tensor];
            return tf.add(tf.sum(tf.mul(h, dh)), tf.sum(tf.mul(cn, dc)));
          };
          return {
            got: [
              ...fusedCell(xg, hh, c),
              ...runLstmCellGrad({ dh, dc, acts, c, cNext }),
              ...tf.grads(loss(fusedCell))([xg, hh, c]),
            ],
            want: [
              ...ref,
              ...lstmCellGradComposite(dh, dc, acts, c, cNext),
              ...tf.grads(loss(lstmCellComposite))([xg, hh, c]),
            ],
          };
        });
        await close(got, want, 'forward, gradient kernel, autodiff');
        tf.dispose([...got, ...want]);
      }));

    it('GRU: forward, gradient kernel and autodiff gradient match the composite ops', () =>
      withBackend(name, async () => {
        const [B, H] = [2, 5];
        const { got, want } = tf.tidy(() => {
          const xg = randomTensor([B, 3 * H], 6, 2);
          const hh = randomTensor([B, 3 * H], 7, 2);
          const h = randomTensor([B, H], 8);
          const dh = randomTensor([B, H], 9);
          const fusedCell = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
            tf.engine().runKernel(GRU_CELL, { xg: a, hh: b, h: c }) as tf.Tensor[];
          const ref = gruCellComposite(xg, hh, h);
          const acts = ref[1] as tf.Tensor;
          const loss = (f: typeof fusedCell) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
            tf.sum(tf.mul(f(a, b, c)[0] as tf.Tensor, dh));
          return {
            got: [
              ...fusedCell(xg, hh, h),
              ...runGruCellGrad({ dh, acts, hh, h }),
              ...tf.grads(loss(fusedCell))([xg, hh, h]),
            ],
            want: [
              ...ref,
              ...gruCellGradComposite(dh, acts, hh, h),
              ...tf.grads(loss(gruCellComposite))([xg, hh, h]),
            ],
          };
        });
        await close(got, want, 'forward, gradient kernel, autodiff');
        tf.dispose([...got, ...want]);
      }));

    it('gate-major forward kernels (layout [gates, B, H]) match the row-layout composite ops', () =>
      withBackend(name, async () => {
        expect(fusedAvailable(LSTM_CELL_GATE_MAJOR)).toBe(true); // registers the provider, too
        expect(fusedAvailable(GRU_CELL_GATE_MAJOR)).toBe(true);
        const [B, H] = [3, 5];
        // [B, g·H] → [g, B, H]: gate q of row r at q·B·H + r·H.
        const gateMajor = (t: tf.Tensor, g: number) => tf.transpose(tf.reshape(t, [B, g, H]), [1, 0, 2]);
        const { got, want } = tf.tidy(() => {
          const xg4 = randomTensor([B, 4 * H], 10, 2);
          const hh4 = randomTensor([B, 4 * H], 11, 2);
          const c = randomTensor([B, H], 12, 1.5);
          const xg3 = randomTensor([B, 3 * H], 13, 2);
          const hh3 = randomTensor([B, 3 * H], 14, 2);
          const h = randomTensor([B, H], 15);
          const run = (k: string, inputs: tf.NamedTensorMap) =>
            tf.engine().runKernel(k, inputs) as tf.Tensor[];
          return {
            got: [
              ...run(LSTM_CELL_GATE_MAJOR, { xg: gateMajor(xg4, 4), hh: gateMajor(hh4, 4), c }),
              ...run(GRU_CELL_GATE_MAJOR, { xg: gateMajor(xg3, 3), hh: gateMajor(hh3, 3), h }),
            ],
            want: [...lstmCellComposite(xg4, hh4, c), ...gruCellComposite(xg3, hh3, h), hh3],
          };
        });
        await close(got, want, 'gate-major forward');
        tf.dispose([...got, ...want]);
      }));
  },
);

describe.skipIf(!backends.some((b) => b.name === 'webgpu'))('webgpu', () => {
  it('has no fused cell kernels: the composite ops run', async () => {
    await useBackend('webgpu', { verbose: false });
    expect(fusedAvailable(LSTM_CELL)).toBe(false);
    expect(fusedAvailable(GRU_CELL)).toBe(false);
  });
});
