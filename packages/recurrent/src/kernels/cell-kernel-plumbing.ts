/**
 * What the fused cell kernels share: reading inputs and allocating outputs as flat float32 arrays on
 * the cpu backend (its data map) and the wasm backend (views of the wasm heap, taken after every
 * output is allocated because allocation can grow — and so replace — the heap).
 */
import type { CpuBackend, WasmBackend } from '@glossa/core/internal';
import type { KernelFunc, NamedTensorMap, TensorInfo } from '@tensorflow/tfjs-core';

/** A kernel body over flat arrays: `inputs` in the order of `inputNames`, then the outputs. */
export type FlatBody = (arrays: Float32Array[], attrs: { rows: number; width: number }) => void;

/**
 * A tfjs kernel function (cpu or wasm) for a fused cell: inputs are named `inputNames`, outputs have
 * the shapes returned by `outputShapes(rows, width)`; `rows` is the batch and `width` the hidden size,
 * read from the input named `stateInput` (`[rows, width]`).
 */
export function flatKernel(
  backendName: 'cpu' | 'wasm',
  inputNames: readonly string[],
  stateInput: string,
  outputShapes: (rows: number, width: number) => number[][],
  body: FlatBody,
): KernelFunc {
  return ((args: { inputs: NamedTensorMap; backend: unknown }) => {
    const ins = inputNames.map((n) => args.inputs[n] as unknown as TensorInfo);
    const state = args.inputs[stateInput] as unknown as TensorInfo;
    const [rows, width] = state.shape as [number, number];
    const shapes = outputShapes(rows, width);
    if (backendName === 'wasm') {
      const b = args.backend as WasmBackend;
      const outs = shapes.map((s) => b.makeOutput(s, 'float32'));
      const arrays = [...ins, ...outs].map((t) => b.typedArrayFromHeap(t) as Float32Array);
      body(arrays, { rows, width });
      return outs;
    }
    const b = args.backend as CpuBackend;
    const outArrays = shapes.map((s) => new Float32Array(s.reduce((x, y) => x * y, 1)));
    body([...ins.map((t) => b.data.get(t.dataId).values), ...outArrays], { rows, width });
    return outArrays.map((a, i) => b.makeTensorInfo(shapes[i] as number[], 'float32', a));
  }) as unknown as KernelFunc;
}

// Eigen's rational approximation of tanh for float32 (generic_fast_tanh_float): odd degree-13
// numerator over an even degree-6 denominator, input clamped to ±7.905. Evaluated in float64 it is
// within 2.7e-7 of Math.tanh everywhere (float32 rounding is 6e-8), and ~4× faster than Math.tanh or
// Math.exp in V8 (4 against 18 ns per value, measured here): the cell kernels spend their time in it.
const A1 = 4.89352455891786e-3;
const A3 = 6.37261928875436e-4;
const A5 = 1.48572235717979e-5;
const A7 = 5.12229709037114e-8;
const A9 = -8.60467152213735e-11;
const A11 = 2.00018790482477e-13;
const A13 = -2.76076847742355e-16;
const B0 = 4.89352518554385e-3;
const B2 = 2.268434632439e-3;
const B4 = 1.18534705686654e-4;
const B6 = 1.19825839466702e-6;
const CLAMP = 7.905311107635498;

/** tanh(x), to within 2.7e-7. */
export function tanh(v: number): number {
  const x = Math.min(Math.max(v, -CLAMP), CLAMP);
  const x2 = x * x;
  const p = x * (A1 + x2 * (A3 + x2 * (A5 + x2 * (A7 + x2 * (A9 + x2 * (A11 + x2 * A13))))));
  return p / (B0 + x2 * (B2 + x2 * (B4 + x2 * B6)));
}

/** The logistic sigmoid, `(1 + tanh(x/2)) / 2`, to within 1.4e-7. */
export function sigmoid(x: number): number {
  return 0.5 + 0.5 * tanh(0.5 * x);
}
