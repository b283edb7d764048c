/**
 * The cases of the op × backend × gradient table (test support, not exported from the package).
 * Each case builds float32 inputs, runs tfjs ops, and has a float64 JavaScript reference for the
 * forward values; gradient references come from central differences of that reference.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gelu } from '../src/functional/activations';
import { conv1d } from '../src/functional/conv1d';
import { globalMaxPool1d } from '../src/functional/global-pool1d';
import { layerNorm } from '../src/functional/layer-norm';
import { avgPool1d, maxPool1d } from '../src/functional/pool1d';
import type { Ref } from './reference';
import * as R from './reference';

/** One input: float values (differentiable unless `constant`) or int32 indices. */
export interface CaseInput {
  shape: number[];
  values: Float64Array;
  int?: boolean;
  constant?: boolean;
}

export interface OpCase {
  /** Row name in the table, e.g. `matMul transposeB`. */
  name: string;
  inputs: CaseInput[];
  run: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
  ref: (...xs: Ref[]) => Ref | Ref[];
  /** Also check gradients of every non-constant, non-int input. */
  grad: boolean;
}

let seed = 1;
const f = (...shape: number[]): CaseInput => ({ shape, values: R.random(R.size(shape), seed++, -1.5, 1.5) });
const ints = (shape: number[], values: number[]): CaseInput => ({
  shape,
  values: Float64Array.from(values),
  int: true,
});

const SQRT1_2 = Math.SQRT1_2;
const geluExact = (x: number) => 0.5 * x * (1 + R.erf(x * SQRT1_2));
const geluTanh = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Softmax on any axis from primitive ops (tf.softmax supports only the last axis). */
export function softmaxAnyAxis(x: tf.Tensor, axis: number): tf.Tensor {
  const e = tf.exp(tf.sub(x, tf.max(x, axis, true)));
  return tf.div(e, tf.sum(e, axis, true));
}

function split5(x: Ref): Ref[] {
  const [b, t, , h, d] = x.shape as [number, number, number, number, number];
  return [0, 1, 2].map((i) => R.slice(x, [0, 0, i, 0, 0], [b, t, 1, h, d]));
}

function sumLeading(x: Ref, k: number, keepDims: boolean): Ref {
  const width = R.size(x.shape.slice(k));
  const v = new Float64Array(width);
  x.v.forEach((a, i) => {
    v[i % width] = (v[i % width] as number) + a;
  });
  return {
    v,
    shape: keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k),
  };
}

function sumLast(x: Ref): Ref {
  const n = x.shape[x.shape.length - 1] as number;
  const v = new Float64Array(x.v.length / n);
  x.v.forEach((a, i) => {
    v[Math.floor(i / n)] = (v[Math.floor(i / n)] as number) + a;
  });
  return { v, shape: x.shape.slice(0, -1) };
}

function meanAxes02(x: Ref): Ref {
  const [a, b, c] = x.shape as [number, number, number];
  const v = new Float64Array(b);
  R.forEachIndex(x.shape, (idx, flat) => {
    v[idx[1] as number] = (v[idx[1] as number] as number) + (x.v[flat] as number) / (a * c);
  });
  return { v, shape: [b] };
}

function tileRef(x: Ref, reps: number[]): Ref {
  const shape = x.shape.map((s, i) => s * (reps[i] as number));
  const st = R.strides(x.shape);
  const v = new Float64Array(R.size(shape));
  R.forEachIndex(shape, (idx, flat) => {
    v[flat] = x.v[idx.reduce((o, k, d) => o + (k % (x.shape[d] as number)) * (st[d] as number), 0)] as number;
  });
  return { v, shape };
}

function matMulCase(name: string, a: CaseInput, b: CaseInput, ta: boolean, tb: boolean, grad = true): OpCase {
  return {
    name,
    inputs: [a, b],
    run: (x, y) => tf.matMul(x as tf.Tensor, y as tf.Tensor, ta, tb),
    ref: (x, y) => R.matMul(x, y, ta, tb),
    grad,
  };
}

function unary(name: string, run: (x: tf.Tensor) => tf.Tensor, ref: (x: number) => number): OpCase {
  return { name, inputs: [f(3, 7)], run, ref: (x) => R.map(x, ref), grad: true };
}

/** Every case of the table, in table order. */
export function opCases(): OpCase[] {
  seed = 1;
  return [
    matMulCase('matMul', f(5, 7), f(7, 3), false, false),
    matMulCase('matMul transposeA', f(7, 5), f(7, 3), true, false),
    matMulCase('matMul transposeB', f(5, 7), f(3, 7), false, true),
    matMulCase('matMul transposeA+B', f(7, 5), f(3, 7), true, true),
    matMulCase('matMul 33×65·65×17 (forward)', f(33, 65), f(65, 17), false, false, false),
    matMulCase('matMul 65×33ᵀ·17×65ᵀ (forward)', f(65, 33), f(17, 65), true, true, false),
    matMulCase('batched matMul 3-D', f(2, 5, 7), f(2, 7, 3), false, false),
    matMulCase('batched matMul rank 4, transposeB (QKᵀ)', f(2, 3, 5, 4), f(2, 3, 6, 4), false, true),
    matMulCase('batched matMul rank 4 (PV)', f(2, 3, 5, 6), f(2, 3, 6, 4), false, false),
    matMulCase('batched matMul, broadcast 2-D right', f(2, 5, 7), f(7, 3), false, false),
    matMulCase('batched matMul, broadcast 2-D right, transposeB', f(2, 5, 7), f(3, 7), false, true),
    matMulCase('batched matMul, broadcast 2-D left', f(5, 7), f(2, 7, 3), false, false),
    {
      name: 'gather (embedding)',
      inputs: [f(10, 4), ints([2, 3], [1, 7, 1, 0, 9, 7])],
      run: (table, ids) => tf.gather(table as tf.Tensor, ids as tf.Tensor),
      ref: (table, ids) => {
        const rows = Array.from(ids.v, (i) => R.slice(table, [i, 0], [1, 4]).v);
        return { v: Float64Array.from(rows.flatMap((r) => [...r])), shape: [2, 3, 4] };
      },
      grad: true,
    },
    {
      name: 'unsortedSegmentSum',
      inputs: [f(6, 3), ints([6], [2, 0, 2, 3, 0, 2])],
      run: (x, ids) => tf.unsortedSegmentSum(x as tf.Tensor, ids as tf.Tensor1D, 4),
      ref: (x, ids) => {
        const v = new Float64Array(12);
        ids.v.forEach((s, r) => {
          for (let j = 0; j < 3; j++) v[s * 3 + j] = (v[s * 3 + j] as number) + (x.v[r * 3 + j] as number);
        });
        return { v, shape: [4, 3] };
      },
      grad: true,
    },
    {
      name: 'softmax (last axis)',
      inputs: [f(2, 3, 5)],
      run: (x) => tf.softmax(x as tf.Tensor),
      ref: (x) => R.softmax(x, -1),
      grad: true,
    },
    {
      name: 'softmax axis 1 (ops)',
      inputs: [f(2, 3, 5)],
      run: (x) => softmaxAnyAxis(x as tf.Tensor, 1),
      ref: (x) => R.softmax(x, 1),
      grad: true,
    },
    {
      name: 'logSoftmax (last axis)',
      inputs: [f(2, 3, 5)],
      run: (x) => tf.logSoftmax(x as tf.Tensor),
      ref: (x) => R.logSoftmax(x, -1),
      grad: true,
    },
    unary(
      'relu',
      (x) => tf.relu(x),
      (x) => Math.max(0, x),
    ),
    unary('tanh', (x) => tf.tanh(x), Math.tanh),
    unary('sigmoid', (x) => tf.sigmoid(x), sigmoid),
    unary('exp', (x) => tf.exp(x), Math.exp),
    unary('erf', (x) => tf.erf(x), R.erf),
    unary(
      'GELU exact (erf)',
      (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, SQRT1_2)))),
      geluExact,
    ),
    unary('gelu() (fused on cpu/wasm/webgpu)', (x) => gelu(x), geluExact),
    unary(
      'GELU tanh',
      (x) =>
        tf.mul(
          tf.mul(x, 0.5),
          tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))),
        ),
      geluTanh,
    ),
    unary(
      'SiLU',
      (x) => tf.mul(x, tf.sigmoid(x)),
      (x) => x * sigmoid(x),
    ),
    {
      name: 'layer norm (moments)',
      inputs: [f(4, 6), f(6), f(6)],
      run: (x, g, b) => {
        const { mean, variance } = tf.moments(x as tf.Tensor, -1, true);
        return tf.add(
          tf.mul(tf.div(tf.sub(x as tf.Tensor, mean), tf.sqrt(tf.add(variance, 1e-5))), g as tf.Tensor),
          b as tf.Tensor,
        );
      },
      ref: (x, g, b) => {
        const n = R.normalizeLast(x, 1e-5);
        return { v: n.v.map((a, i) => a * (g.v[i % 6] as number) + (b.v[i % 6] as number)), shape: n.shape };
      },
      grad: true,
    },
    {
      name: 'layerNorm (fused on cpu/wasm/webgpu; width 7)',
      inputs: [f(3, 7), f(7), f(7)],
      run: (x, g, b) => layerNorm(x as tf.Tensor, 7, g as tf.Tensor, b as tf.Tensor),
      ref: (x, g, b) => {
        const n = R.normalizeLast(x, 1e-5);
        return { v: n.v.map((a, i) => a * (g.v[i % 7] as number) + (b.v[i % 7] as number)), shape: n.shape };
      },
      grad: true,
    },
    {
      name: 'cross-entropy (logSoftmax · one-hot)',
      inputs: [
        f(4, 5),
        {
          ...ints([4, 5], [0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0]),
          int: false,
          constant: true,
        },
      ],
      run: (logits, onehot) =>
        tf.neg(tf.mean(tf.sum(tf.mul(onehot as tf.Tensor, tf.logSoftmax(logits as tf.Tensor)), -1))),
      ref: (logits, onehot) => {
        const l = R.logSoftmax(logits, -1);
        let s = 0;
        l.v.forEach((a, i) => {
          s += a * (onehot.v[i] as number);
        });
        return { v: Float64Array.of(-s / 4), shape: [] };
      },
      grad: true,
    },
    {
      name: 'sum axis 0 (bias gradient)',
      inputs: [f(7, 5)],
      run: (x) => tf.sum(x as tf.Tensor, 0),
      ref: (x) => sumLeading(x, 1, false),
      grad: true,
    },
    {
      name: 'sum axes [0,1] keepDims, rank 3',
      inputs: [f(3, 4, 5)],
      run: (x) => tf.sum(x as tf.Tensor, [1, 0], true),
      ref: (x) => sumLeading(x, 2, true),
      grad: true,
    },
    {
      name: 'sum last axis',
      inputs: [f(4, 6)],
      run: (x) => tf.sum(x as tf.Tensor, -1),
      ref: (x) => sumLast(x),
      grad: true,
    },
    {
      name: 'mean axes [0,2] (gradient broadcast)',
      inputs: [f(3, 5, 4)],
      run: (x) => tf.mean(x as tf.Tensor, [0, 2]),
      ref: (x) => meanAxes02(x),
      grad: true,
    },
    {
      name: 'tile rank 3 ×[2,4,3] (odd sizes)',
      inputs: [f(3, 1, 5)],
      run: (x) => tf.tile(x as tf.Tensor, [2, 4, 3]),
      ref: (x) => tileRef(x, [2, 4, 3]),
      grad: true,
    },
    {
      name: 'broadcastTo [1,5] → [7,5] and [7,1] → [7,5]',
      inputs: [f(1, 5), f(7, 1)],
      run: (a, b) => [tf.broadcastTo(a as tf.Tensor, [7, 5]), tf.broadcastTo(b as tf.Tensor, [7, 5])],
      ref: (a, b) => [tileRef(a, [7, 1]), tileRef(b, [1, 5])],
      grad: true,
    },
    {
      name: 'slice rank 3 (whole inner axes)',
      inputs: [f(4, 3, 5)],
      run: (x) => tf.slice(x as tf.Tensor, [1, 0, 0], [2, 3, 5]),
      ref: (x) => R.slice(x, [1, 0, 0], [2, 3, 5]),
      grad: true,
    },
    {
      name: 'split 2-D axis 1 (q, k, v)',
      inputs: [f(5, 9)],
      run: (x) => tf.split(x as tf.Tensor, 3, 1),
      ref: (x) => [0, 1, 2].map((i) => R.slice(x, [0, 3 * i], [5, 3])),
      grad: true,
    },
    {
      name: 'slice rank 4',
      inputs: [f(2, 3, 4, 5)],
      run: (x) => tf.slice(x as tf.Tensor, [1, 0, 1, 2], [1, 3, 2, 3]),
      ref: (x) => R.slice(x, [1, 0, 1, 2], [1, 3, 2, 3]),
      grad: true,
    },
    {
      name: 'slice rank 5',
      inputs: [f(2, 3, 3, 2, 4)],
      run: (x) => tf.slice(x as tf.Tensor, [0, 1, 1, 0, 1], [2, 2, 1, 2, 3]),
      ref: (x) => R.slice(x, [0, 1, 1, 0, 1], [2, 2, 1, 2, 3]),
      grad: true,
    },
    {
      name: 'split rank 5 (axis 2)',
      inputs: [f(2, 3, 3, 2, 4)],
      run: (x) => tf.split(x as tf.Tensor, 3, 2),
      ref: (x) => split5(x),
      grad: true,
    },
    {
      name: 'transpose 2-D 7×5',
      inputs: [f(7, 5)],
      run: (x) => tf.transpose(x as tf.Tensor),
      ref: (x) => R.transpose(x, [1, 0]),
      grad: true,
    },
    {
      name: 'transpose rank 3 [0,2,1] (last two axes, odd sizes)',
      inputs: [f(3, 9, 6)],
      run: (x) => tf.transpose(x as tf.Tensor, [0, 2, 1]),
      ref: (x) => R.transpose(x, [0, 2, 1]),
      grad: true,
    },
    {
      name: 'transpose rank 4 [0,2,1,3]',
      inputs: [f(2, 3, 4, 5)],
      run: (x) => tf.transpose(x as tf.Tensor, [0, 2, 1, 3]),
      ref: (x) => R.transpose(x, [0, 2, 1, 3]),
      grad: true,
    },
    {
      name: 'transpose rank 5 [2,0,3,1,4]',
      inputs: [f(2, 3, 3, 2, 4)],
      run: (x) => tf.transpose(x as tf.Tensor, [2, 0, 3, 1, 4]),
      ref: (x) => R.transpose(x, [2, 0, 3, 1, 4]),
      grad: true,
    },
    {
      name: 'concat rank 4 (axis 2)',
      inputs: [f(2, 2, 3, 2), f(2, 2, 1, 2)],
      run: (a, b) => tf.concat([a as tf.Tensor, b as tf.Tensor], 2),
      ref: (a, b) => {
        const out = R.transpose(
          {
            v: Float64Array.from([...R.transpose(a, [2, 0, 1, 3]).v, ...R.transpose(b, [2, 0, 1, 3]).v]),
            shape: [4, 2, 2, 2],
          },
          [1, 2, 0, 3],
        );
        return out;
      },
      grad: true,
    },
    {
      name: 'conv1d k3 stride 2, padding 1, dilation 2 (+ bias)',
      inputs: [f(2, 3, 10), f(4, 3, 3), f(4)],
      run: (x, w, b) =>
        conv1d(x as tf.Tensor, w as tf.Tensor, b as tf.Tensor, { stride: 2, padding: 1, dilation: 2 }),
      ref: (x, w, b) => R.conv1d(x, w, b, { stride: 2, padding: 1, dilation: 2 }),
      grad: true,
    },
    {
      name: 'conv1d groups 2, padding same, channelsLast',
      inputs: [f(2, 7, 4), f(6, 2, 3)],
      run: (x, w) =>
        tf.transpose(
          conv1d(x as tf.Tensor, w as tf.Tensor, null, { groups: 2, padding: 'same', channelsLast: true }),
          [0, 2, 1],
        ),
      ref: (x, w) => R.conv1d(R.transpose(x, [0, 2, 1]), w, null, { groups: 2, padding: 1 }),
      grad: true,
    },
    {
      name: 'maxPool1d k3 stride 2, padding 1',
      inputs: [f(2, 3, 9)],
      run: (x) => maxPool1d(x as tf.Tensor, 3, { stride: 2, padding: 1 }),
      ref: (x) => R.pool1d(x, 'max', 3, { stride: 2, padding: 1 }),
      grad: true,
    },
    {
      name: 'avgPool1d k3 stride 2, padding 1, countIncludePad false',
      inputs: [f(2, 3, 9)],
      run: (x) => avgPool1d(x as tf.Tensor, 3, { stride: 2, padding: 1, countIncludePad: false }),
      ref: (x) => R.pool1d(x, 'avg', 3, { stride: 2, padding: 1, countIncludePad: false }),
      grad: true,
    },
    {
      name: 'globalMaxPool1d (max over time)',
      inputs: [f(2, 3, 5)],
      run: (x) => globalMaxPool1d(x as tf.Tensor),
      ref: (x) => {
        const p = R.pool1d(x, 'max', 5);
        return { v: p.v, shape: [2, 3] };
      },
      grad: true,
    },
    {
      name: 'Adam update arithmetic (sqrt, div, square)',
      inputs: [f(3, 4), { ...f(3, 4), values: R.random(12, 99, 0.1, 2) }],
      run: (m, v) =>
        tf.div(tf.mul(m as tf.Tensor, 0.9), tf.add(tf.sqrt(tf.mul(tf.square(v as tf.Tensor), 0.999)), 1e-8)),
      ref: (m, v) => ({
        v: m.v.map((a, i) => (0.9 * a) / (Math.sqrt(0.999 * (v.v[i] as number) ** 2) + 1e-8)),
        shape: m.shape,
      }),
      grad: true,
    },
  ];
}
