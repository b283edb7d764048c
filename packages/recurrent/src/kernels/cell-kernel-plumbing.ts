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

/** The logistic sigmoid in float64. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
