/**
 * `AddN` for webgpu with more than seven inputs. tfjs-backend-webgpu 4.22 binds every input of an
 * AddN in one shader as its own storage buffer, and WebGPU's default limit is eight storage buffers
 * per shader stage (the output takes one): with eight or more inputs the pipeline is invalid, the
 * result is zeros and the only sign is a validation warning (none at all inside a Worker). So a
 * gradient-norm or penalty sum over many parameters silently came out 0. This kernel adds such inputs
 * in groups of at most seven and then adds the partial sums the same way; fewer inputs go to the
 * original kernel.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/** Inputs one AddN shader may bind: eight storage buffers per stage, one of them the output. */
export const WEBGPU_ADDN_MAX_INPUTS = 7;

type Backend = { disposeData(dataId: object): void };
type Call = (args: { inputs: TensorInfo[]; backend: Backend; attrs: object }) => TensorInfo;

/**
 * Wraps the original webgpu `AddN` registration.
 * @param original the kernel tfjs-backend-webgpu registered.
 */
export function makeWebgpuAddN(original: KernelConfig): KernelConfig {
  const addN = original.kernelFunc as unknown as Call;

  function addMany(inputs: TensorInfo[], backend: Backend, attrs: object): TensorInfo {
    if (inputs.length <= WEBGPU_ADDN_MAX_INPUTS) return addN({ inputs, backend, attrs });
    const partials: TensorInfo[] = [];
    for (let i = 0; i < inputs.length; i += WEBGPU_ADDN_MAX_INPUTS) {
      const group = inputs.slice(i, i + WEBGPU_ADDN_MAX_INPUTS);
      // A group of one is the input itself; AddN of one would copy it.
      partials.push(group.length === 1 ? (group[0] as TensorInfo) : addN({ inputs: group, backend, attrs }));
    }
    const out = addMany(partials, backend, attrs);
    for (const p of partials) if (!inputs.includes(p)) backend.disposeData(p.dataId);
    return out;
  }

  return {
    kernelName: 'AddN',
    backendName: 'webgpu',
    setupFunc: original.setupFunc,
    kernelFunc: ((args: { inputs: TensorInfo[]; backend: Backend; attrs: object }) =>
      addMany(args.inputs, args.backend, args.attrs)) as unknown as KernelFunc,
  };
}
