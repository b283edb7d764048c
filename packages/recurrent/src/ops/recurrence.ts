/**
 * One direction of one recurrent layer over a whole sequence, as a single differentiable op with a
 * hand-written backward pass through time (the way cuDNN and PyTorch's CPU kernels do it), instead
 * of leaving tfjs's tape to record every op of every step:
 *
 * - forward: the input projections of the whole sequence in one product; per step, one product for
 *   all gates and one fused cell kernel. Where the cell has a gate-major kernel (LSTM, GRU on cpu and
 *   wasm), both products are batched over the gate blocks (`[T·B, In] × [g, In, H]` and
 *   `[B, H] × [g, H, H]`, giving `[g, ·, H]`), which runs ~2× faster on wasm than one `[·, G]` product;
 *   elsewhere they are plain `[T·B, In] × [In, G]` and `[B, H] × [H, G]` products;
 * - backward: per step, the fused cell gradient and one `[B, G] × [G, H]` product; then `dW_ih`,
 *   `dW_hh` and `dx` for the whole sequence in one product each (`[G, T·B] × [T·B, ·]`, the gate
 *   gradients transposed once and shared), instead of T small products and T additions.
 *
 * Time-major throughout: `x` `[T, B, In]`. Padding (`valid`, `[T, B, 1]`, 1 = real step) freezes
 * the state and zeroes the output at padded steps. `probe` `[T, B, H]` (zeros) is an extra input
 * whose gradient is `∂loss/∂h_t` — the total gradient reaching each step's new hidden state — for
 * visualising vanishing and exploding gradients.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedAvailable } from '../kernels/recurrent-kernels';
import type { CellMath } from './cell-math';
import { unstack } from './unstack';

/** Inputs of {@link runRecurrence}. */
export interface RecurrenceInputs {
  /** The layer's input, time-major `[T, B, In]`. */
  x: tf.Tensor;
  /** `W_ih` `[G, In]` (PyTorch layout). */
  wih: tf.Tensor;
  /** `b_ih` `[G]`, or `null` (no biases). */
  bih: tf.Tensor | null;
  /** `W_hh` `[G, H]`. */
  whh: tf.Tensor;
  /** `b_hh` `[G]`, or `null` (no biases). */
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
  const [T, B, In] = a.x.shape as [number, number, number];
  const H = a.h0.shape[1] as number;
  const hasC = cell.hasCell;
  // The op's inputs, in order; absent optional inputs are left out.
  const named: Array<[string, tf.Tensor | null]> = [
    ['x', a.x],
    ['wih', a.wih],
    ['bih', a.bih],
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
    const x = get('x') as tf.Tensor;
    const wih = get('wih') as tf.Tensor;
    const bih = get('bih');
    const whh = get('whh') as tf.Tensor;
    const bhh = get('bhh');
    const valid = get('valid');
    const G = whh.shape[0] as number;
    // b_hh joins b_ih in the input projection, except where the cell needs it apart (GRU's b_hn).
    const sepBias = cell.separateHiddenBias;
    const inBias = bih && bhh ? (sepBias ? bih : tf.add(bih, bhh)) : null;
    const hiddenBias = sepBias ? bhh : null;
    // Gate-major where the cell's kernel takes it: products per gate block (see CellMath).
    const gm = cell.gateMajorKernel !== undefined && fusedAvailable(cell.gateMajorKernel);
    let xs: tf.Tensor[];
    let hiddenProduct: (h: tf.Tensor) => tf.Tensor;
    if (gm) {
      const g = cell.gates;
      const blocksT = (w: tf.Tensor, cols: number) => tf.transpose(tf.reshape(w, [g, H, cols]), [0, 2, 1]);
      const byGate = (b: tf.Tensor) => tf.reshape(b, [g, 1, H]);
      let xp = tf.matMul(tf.reshape(x, [1, T * B, In]), blocksT(wih, In)); // [g, T·B, H]
      if (inBias) xp = tf.add(xp, byGate(inBias));
      xs = tf.split(tf.reshape(xp, [g, T, B, H]), T, 1).map((t) => tf.reshape(t, [g, B, H]));
      const whhBlocks = blocksT(whh, H); // [g, H, H]
      const hb = hiddenBias ? byGate(hiddenBias) : null;
      hiddenProduct = (h) => {
        const hh = tf.matMul(tf.reshape(h, [1, B, H]), whhBlocks);
        return hb ? tf.add(hh, hb) : hh;
      };
    } else {
      let xp = tf.matMul(tf.reshape(x, [T * B, In]), wih, false, true);
      if (inBias) xp = tf.add(xp, inBias);
      xs = unstack(tf.reshape(xp, [T, B, G]));
      const whhT = tf.transpose(whh);
      hiddenProduct = (h) => {
        const hh = tf.matMul(h, whhT);
        return hiddenBias ? tf.add(hh, hiddenBias) : hh;
      };
    }
    const masks = valid ? unstack(valid) : null;
    const unmasks = valid ? unstack(tf.sub(1, valid)) : null;
    let h = get('h0') as tf.Tensor;
    let c = hasC ? get('c0') : null;
    const ys: tf.Tensor[] = [];
    const kept: tf.Tensor[] = [];
    let savedPerStep = 0;
    for (let t = 0; t < T; t++) {
      const hh = hiddenProduct(h);
      const s = gm
        ? (cell.forwardGateMajor as NonNullable<CellMath['forwardGateMajor']>)(xs[t] as tf.Tensor, hh, h, c)
        : cell.forward(xs[t] as tf.Tensor, hh, h, c);
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
    save([whh, wih, x, ...(valid ? [valid] : []), ...kept]);

    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] =>
      tf.tidy(() => {
        const [sWhh, sWih, sX] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const sValid = valid ? (saved[3] as tf.Tensor) : null;
        const steps = saved.slice(valid ? 4 : 3);
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
        // Whole-sequence products. Transposing the gate gradients explicitly and multiplying plain
        // operands measured faster here than the transposed product ([G, T·B] × [T·B, ·]).
        const dxg2 = tf.reshape(tf.stack(dxgs), [T * B, G]);
        const dxgT = tf.transpose(dxg2);
        const shared = dhhs[0] === dxgs[0]; // LSTM, RNN: the hidden product has the same gradient
        const dhh2 = shared ? dxg2 : tf.reshape(tf.stack(dhhs), [T * B, G]);
        const dhhT = shared ? dxgT : tf.transpose(dhh2);
        const grads: Record<string, tf.Tensor> = {
          x: tf.reshape(tf.matMul(dxg2, sWih), [T, B, In]),
          wih: tf.matMul(dxgT, tf.reshape(sX, [T * B, In])),
          whh: tf.matMul(dhhT, tf.reshape(tf.stack(hPrevs), [T * B, H])),
          h0: dh,
        };
        if (bih && bhh) {
          grads.bih = tf.sum(dxg2, 0);
          grads.bhh = sepBias ? tf.sum(dhh2, 0) : tf.clone(grads.bih);
        }
        if (hasC) grads.c0 = dc as tf.Tensor;
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
