/**
 * `@glossa/core/internal`: what glossa's sibling packages (attention, recurrent, transformers,
 * embeddings) share with core beyond the public API — argument and shape checks, and the kernel
 * registry through which a package adds fused kernels. Documented and semver-tracked like the root
 * entry, but meant for package authors, not applications.
 *
 * @example
 * ```ts
 * import { assertBroadcastable, registerKernels } from '@glossa/core/internal';
 * ```
 * @packageDocumentation
 */

export {
  assertBroadcastable,
  checkDims,
  checkIndexRange,
  checkNonNegative,
  checkProbability,
} from './checks';
/** Preallocated KV-cache buffers (donated, written in place on wasm and cpu), for `@glossa/attention`'s `KVCache`. */
export { type AttendCachedTokenArgs, attendCachedToken, kvCacheWrite } from './functional/kv-cache-ops';
/** The store a pretrained source names (a folder, a URL prefix, `indexeddb://…`), for reading extra files such as `vocab.txt`. */
export { openStore } from './io/open-store';
export { type CpuBackend, fusedKernels } from './kernels/fused/fused-kernels';
export {
  backendLoaded,
  type KernelBackend,
  type KernelProvider,
  registerKernels,
} from './kernels/registry';
export { heapOffset, type WasmBackend } from './kernels/wasm/wasm-backend';
