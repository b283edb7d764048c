/**
 * `UnsortedSegmentSum` for the wasm backend, which lacks it. It is the gradient of `gather`, so without
 * it embedding training fails on wasm. Ids outside `[0, numSegments)` are ignored, as on cpu.
 */
import { type KernelConfig, type KernelFunc, util } from '@tensorflow/tfjs-core';
import type { TensorInfo, WasmBackend } from './wasm-backend';

function unsortedSegmentSum(args: {
  inputs: { x: TensorInfo; segmentIds: TensorInfo };
  backend: WasmBackend;
  attrs: { numSegments: number };
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, segmentIds } = inputs;
  const numSegments = attrs.numSegments;
  const idsRank = segmentIds.shape.length;
  const inner = x.shape.slice(idsRank);
  const innerSize = util.sizeFromShape(inner);
  const rows = util.sizeFromShape(segmentIds.shape);
  // Allocate first: allocation can grow (replace) the heap, invalidating earlier views.
  const out = backend.makeOutput([numSegments, ...inner], x.dtype);
  const outVals = backend.typedArrayFromHeap(out);
  outVals.fill(0);
  const xVals = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  for (let r = 0; r < rows; r++) {
    const s = ids[r] as number;
    if (s < 0 || s >= numSegments) continue;
    const src = r * innerSize;
    const dst = s * innerSize;
    for (let i = 0; i < innerSize; i++)
      outVals[dst + i] = (outVals[dst + i] as number) + (xVals[src + i] as number);
  }
  return out;
}

/** The kernel registration (`registerKernel`). */
export const wasmUnsortedSegmentSumConfig: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as KernelFunc,
};
