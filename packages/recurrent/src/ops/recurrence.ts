/**
 * One direction of one recurrent layer over a whole sequence, as a single differentiable op with a
 * hand-written backward pass through time (the way cuDNN and PyTorch's CPU kernels do it), instead
 * of leaving tfjs's tape to record every op of every step:
 *
 * - forward: per step, one `[B, H] × [H, G]` product for all gates (the input projections of the
 *   whole sequence are computed by the caller in one product) and one fused cell kernel;
 * - backward: per step, the fused cell gradient and one `[B, G] × [G, H]` product; then `dW_hh` for
 *   the whole sequence in one `[G, T·B] × [T·B, H]` product instead of T small ones and T additions.
 *
 * Time-major throughout: `xproj` `[T, B, G]`. Padding (`valid`, `[T, B, 1]`, 1 = real step) freezes
 * the state and zeroes the output at padded steps. `probe` `[T, B, H]` (zeros) is an extra input
 * whose gradient is `∂loss/∂h_t` — the total gradient reaching each step's new hidden state — for
 * visualising vanishing and exploding gradients.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellMath } from './cell-math';
import { unstack } from './unstack';

/** Inputs of {@link runRecurrence}. */
export interface RecurrenceInputs {
  /** Input projections with their biases, time-major `[T, B, G]`. */
  xproj: tf.Tensor;
  /** `W_hh` `[G, H]` (PyTorch layout). */
  whh: tf.Tensor;
  /** `b_hh` `[G]` when the cell keeps it apart from the input projection (GRU), else `null`. */
  bhh: tf.Tensor | null;
  /** Initial state `[B, H]`. */
  h0: tf.Tensor;
  /** Initial cell state `[B, H]` (LSTM), else `null`. */
  c0: tf.Tensor | null;
  /** `[T, B, 1]` float, 1 at real steps and 0 at padding, or `null` when nothing is padded. */
  valid: tf.Tensor | null;
  /** Zeros `[T, B, H]` whose gradient is `∂loss/∂h_t`, or `null`. */
  probe: tf.Tensor | null;
}

/** Outputs of {@link runRecurrence}. */
export interface RecurrenceOutputs {
  /** `[T, B, H]` (0 at padded steps). */
  outputs: tf.Tensor;
  /** Final hidden state `[B, H]` (the state at each sequence's last real step). */
  hN: tf.Tensor;
  /** Final cell state `[B, H]` (LSTM), else `null`. */
  cN: tf.Tensor | null;
}

/** Runs `cell` over the sequence; differentiable with respect to every tensor input. */
export function runRecurrence(cell: CellMath, a: RecurrenceInputs): RecurrenceOutputs {
  const [T, B] = a.xproj.shape as [number, number, number];
  const H = a.h0.shape[1] as number;
  const hasC = cell.hasCell;
  // The op's inputs, in order; absent optional inputs are left out.
  const named: Array<[string, tf.Tensor | null]> = [
    ['xproj', a.xproj],
    ['whh', a.whh],
    ['h0', a.h0],
    ['c0', hasC ? a.c0 : null],
    ['bhh', a.bhh],
    ['valid', a.valid],
    ['probe', a.probe],
  ];
  const present = named.filter(([, t]) => t !== null) as Array<[string, tf.Tensor]>;
  const index = new Map(present.map(([n], i) => [n, i]));
  const perStep = 1 + (hasC ? 1 : 0); // h_{t−1} (and c_{t−1}) saved per step, then the cell's own

  const op = tf.customGrad((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const ins = args as tf.Tensor[];
    const get = (n: string) => (index.has(n) ? (ins[index.get(n) as number] as tf.Tensor) : null);
    const whh = get('whh') as tf.Tensor;
    const bhh = get('bhh');
    const valid = get('valid');
    const xs = unstack(get('xproj') as tf.Tensor);
    const whhT = tf.transpose(whh);
    const masks = valid ? unstack(valid) : null;
    const unmasks = valid ? unstack(tf.sub(1, valid)) : null;
    let h = get('h0') as tf.Tensor;
    let c = hasC ? get('c0') : null;
    const ys: tf.Tensor[] = [];
    const kept: tf.Tensor[] = [];
    let savedPerStep = 0;
    for (let t = 0; t < T; t++) {
      let hh = tf.matMul(h, whhT);
      if (bhh) hh = tf.add(hh, bhh);
      const s = cell.forward(xs[t] as tf.Tensor, hh, h, c);
      kept.push(h, ...(hasC ? [c as tf.Tensor] : []), ...s.saved);
      savedPerStep = s.saved.length;
      if (masks && unmasks) {
        const m = masks[t] as tf.Tensor;
        const um = unmasks[t] as tf.Tensor;
        const y = tf.mul(s.h, m);
        ys.push(y);
        h = tf.add(y, tf.mul(h, um));
        if (hasC) c = tf.add(tf.mul(s.c as tf.Tensor, m), tf.mul(c as tf.Tensor, um));
      } else {
        ys.push(s.h);
        h = s.h;
        c = s.c;
      }
    }
    const parts = [tf.stack(ys), tf.expandDims(h, 0)];
    if (hasC) parts.push(tf.expandDims(c as tf.Tensor, 0));
    save([whh, ...(valid ? [valid] : []), ...kept]);

    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] =>
      tf.tidy(() => {
        const sWhh = saved[0] as tf.Tensor;
        const sValid = valid ? (saved[1] as tf.Tensor) : null;
        const steps = saved.slice(valid ? 2 : 1);
        const stride = perStep + savedPerStep;
        const pieces = tf.split(dy, hasC ? [T, 1, 1] : [T, 1], 0);
        const dys = unstack(pieces[0] as tf.Tensor);
        let dh = tf.squeeze(pieces[1] as tf.Tensor, [0]);
        let dc = hasC ? tf.squeeze(pieces[2] as tf.Tensor, [0]) : null;
        const ms = sValid ? unstack(sValid) : null;
        const ums = sValid ? unstack(tf.sub(1, sValid)) : null;
        const dxgs: tf.Tensor[] = new Array(T);
        const dhhs: tf.Tensor[] = new Array(T);
        const probes: tf.Tensor[] = new Array(T);
        const hPrevs: tf.Tensor[] = new Array(T);
        for (let t = T - 1; t >= 0; t--) {
          const o = t * stride;
          const hPrev = steps[o] as tf.Tensor;
          const cPrev = hasC ? (steps[o + 1] as tf.Tensor) : null;
          const cellSaved = steps.slice(o + perStep, o + stride);
          hPrevs[t] = hPrev;
          let dhNew = tf.add(dh, dys[t] as tf.Tensor);
          let dcNew = dc;
          if (ms) {
            const m = ms[t] as tf.Tensor;
            dhNew = tf.mul(dhNew, m);
            if (dcNew) dcNew = tf.mul(dcNew, m);
          }
          probes[t] = dhNew;
          const g = cell.backward(dhNew, dcNew, cellSaved, hPrev, cPrev);
          dxgs[t] = g.dxg;
          dhhs[t] = g.dhh;
          let dhPrev = tf.matMul(g.dhh, sWhh);
          if (g.dhDirect) dhPrev = tf.add(dhPrev, g.dhDirect);
          let dcPrev = g.dcPrev;
          if (ums) {
            const um = ums[t] as tf.Tensor;
            dhPrev = tf.add(dhPrev, tf.mul(dh, um));
            if (dcPrev && dc) dcPrev = tf.add(dcPrev, tf.mul(dc, um));
          }
          dh = dhPrev;
          dc = dcPrev;
        }
        const G = sWhh.shape[0] as number;
        const dxproj = tf.stack(dxgs);
        const dhhAll = dhhs[0] === dxgs[0] ? dxproj : tf.stack(dhhs);
        const dhh2 = tf.reshape(dhhAll, [T * B, G]);
        const grads: Record<string, tf.Tensor> = {
          xproj: dxproj,
          whh: tf.matMul(dhh2, tf.reshape(tf.stack(hPrevs), [T * B, H]), true, false),
          h0: dh,
        };
        if (hasC) grads.c0 = dc as tf.Tensor;
        if (bhh) grads.bhh = tf.sum(dhh2, 0);
        if (sValid) grads.valid = tf.zerosLike(sValid);
        if (index.has('probe')) grads.probe = tf.stack(probes);
        return present.map(([n]) => grads[n] as tf.Tensor);
      });
    return { value: tf.concat(parts, 0), gradFunc };
  });

  // customGrad returns one tensor: the outputs, then hN (and cN), along time. Call inside tf.tidy.
  const packed = op(...present.map(([, t]) => t)) as tf.Tensor;
  const pieces = tf.split(packed, hasC ? [T, 1, 1] : [T, 1], 0);
  return {
    outputs: pieces[0] as tf.Tensor,
    hN: tf.reshape(pieces[1] as tf.Tensor, [B, H]),
    cN: hasC ? tf.reshape(pieces[2] as tf.Tensor, [B, H]) : null,
  };
}
