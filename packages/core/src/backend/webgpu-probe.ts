/**
 * Probing webgpu: `navigator.gpu` (in Node from the optional Dawn bindings, npm `webgpu`), an adapter,
 * whether it is a software rasteriser (lavapipe, SwiftShader: slower than wasm, so `auto` skips it),
 * and tfjs-backend-webgpu itself.
 */
import { platform } from '#platform';
import { BackendError } from '../errors';
import type { BackendInfo } from './backend-types';

const isNode = platform.node && typeof process !== 'undefined' && !!process.versions?.node;

async function ensureNavigatorGpu(): Promise<GPU | undefined> {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (!isNode) return undefined;
  // The Dawn bindings for Node (npm `webgpu`), an optional dependency.
  const webgpu = await platform.loadDawn();
  if (!webgpu) return undefined;
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create([]);
  const g = globalThis as unknown as { navigator?: Record<string, unknown> };
  if (!g.navigator)
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  return gpu;
}

const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software|microsoft basic render/i;

/** Finds an adapter and imports tfjs-backend-webgpu, or throws a `BackendError` saying why not. */
export async function loadWebgpu(options: { allowSoftwareAdapter?: boolean }): Promise<BackendInfo> {
  const gpu = await ensureNavigatorGpu();
  if (!gpu) {
    throw new BackendError(
      isNode
        ? 'webgpu backend unavailable: no navigator.gpu in Node; install the npm package `webgpu` (Dawn) and a Vulkan driver (e.g. Mesa >= 25 lavapipe)'
        : 'webgpu backend unavailable: this browser exposes no navigator.gpu',
      'webgpu',
    );
  }
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new BackendError(
      'webgpu backend unavailable: navigator.gpu.requestAdapter() returned no adapter (no Vulkan/Metal/D3D12 driver; on Debian install mesa-vulkan-drivers >= 25)',
      'webgpu',
    );
  }
  const info = (adapter as { info?: GPUAdapterInfo }).info;
  const description = [info?.vendor, info?.architecture, info?.device, info?.description]
    .filter(Boolean)
    .join(' ');
  const software =
    SOFTWARE_ADAPTER.test(description) ||
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  if (software && options.allowSoftwareAdapter === false) {
    throw new BackendError(
      `webgpu backend refused: the only adapter is a software rasteriser (${description})`,
      'webgpu',
    );
  }
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
  } catch (e) {
    throw new BackendError(
      `webgpu backend unavailable: @tensorflow/tfjs-backend-webgpu could not be imported (${(e as Error).message})`,
      'webgpu',
      { cause: e },
    );
  }
  return {
    name: 'webgpu',
    reason: `webgpu backend on ${description || 'an unnamed adapter'}`,
    adapter: { description, software },
  };
}
