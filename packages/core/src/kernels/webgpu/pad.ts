/**
 * `PadV2` for webgpu at rank ≥ 5. tfjs-backend-webgpu 4.22 generates invalid WGSL (`vec5`) for pads
 * of rank 5 or more, and `pad` is the gradient of `slice`, so backprop through a rank-5 slice or
 * split (attention's [B, T, 3, H, D] projections) fails there. This kernel splits such a pad into
 * pads of rank ≤ 4 on reshaped views: first the last three axes (the leading ones merged), then the
 * leading axes (the last three merged). Lower ranks go to the original kernel.
 */
import { getKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

type PadAttrs = { paddings: Array<[number, number]>; constantValue: number };
type Backend = { disposeData(dataId: object): void };
type Call = (args: { inputs: { x: TensorInfo }; backend: Backend; attrs: object }) => TensorInfo;

const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/**
 * Wraps the original webgpu `PadV2` registration.
 * @param original the kernel tfjs-backend-webgpu registered.
 */
export function makeWebgpuPad(original: KernelConfig): KernelConfig {
  const pad = original.kernelFunc as unknown as Call;
  const reshape = (backend: Backend, x: TensorInfo, shape: number[]) => {
    const k = getKernel('Reshape', 'webgpu');
    if (!k) throw new Error('glossa PadV2: the webgpu Reshape kernel is not registered');
    return (k.kernelFunc as unknown as Call)({ inputs: { x }, backend, attrs: { shape } });
  };

  function padN(x: TensorInfo, backend: Backend, attrs: PadAttrs): TensorInfo {
    const r = x.shape.length;
    if (r <= 4) return pad({ inputs: { x }, backend, attrs });
    const lead = x.shape.slice(0, r - 3);
    const tail = x.shape.slice(r - 3);
    const tailPads = attrs.paddings.slice(r - 3);
    const x4 = reshape(backend, x, [prod(lead), ...tail]);
    const y4 = pad({ inputs: { x: x4 }, backend, attrs: { ...attrs, paddings: [[0, 0], ...tailPads] } });
    backend.disposeData(x4.dataId);
    const paddedTail = tail.map(
      (d, i) => d + (tailPads[i] as [number, number])[0] + (tailPads[i] as [number, number])[1],
    );
    const yLead = reshape(backend, y4, [...lead, prod(paddedTail)]);
    backend.disposeData(y4.dataId);
    const z = padN(yLead, backend, { ...attrs, paddings: [...attrs.paddings.slice(0, r - 3), [0, 0]] });
    backend.disposeData(yLead.dataId);
    const out = reshape(backend, z, [
      ...lead.map(
        (d, i) => d + (attrs.paddings[i] as [number, number])[0] + (attrs.paddings[i] as [number, number])[1],
      ),
      ...paddedTail,
    ]);
    backend.disposeData(z.dataId);
    return out;
  }

  return {
    kernelName: 'PadV2',
    backendName: 'webgpu',
    setupFunc: original.setupFunc,
    kernelFunc: ((args: { inputs: { x: TensorInfo }; backend: Backend; attrs: PadAttrs }) =>
      padN(args.inputs.x, args.backend, args.attrs)) as unknown as KernelFunc,
  };
}
