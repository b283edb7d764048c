/**
 * The one way to add kernels to glossa's tensor layer, used by core's own fused kernels (layer norm,
 * GELU) and published for sibling packages through `@glossa/core/internal` (e.g. a fused LSTM cell in
 * `@glossa/recurrent`). A package describes its kernels once; glossa registers them for every backend
 * whose tfjs package is loaded, now and whenever `useBackend` loads another one, and never registers
 * the same kernel twice.
 *
 * @example
 * ```ts
 * import { registerKernels } from '@glossa/core/internal';
 * registerKernels({
 *   name: '@glossa/recurrent lstm-cell',
 *   kernels: (backend) => (backend === 'cpu' ? [{ kernelName: 'GlossaLstmCell', backendName: 'cpu', kernelFunc }] : []),
 *   gradients: [lstmCellGradConfig],
 *   speedOnly: true,
 * });
 * // in the op: a fused path when tf.getKernel('GlossaLstmCell', tf.getBackend()) exists, composite ops otherwise
 * ```
 */
import {
  type GradConfig,
  getGradient,
  getKernel,
  type KernelConfig,
  registerGradient,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';

/** The backends glossa runs on. */
export type KernelBackend = 'cpu' | 'wasm' | 'webgpu';

/** A set of kernels (and their gradients) that one package adds. */
export interface KernelProvider {
  /** Who provides them, for messages (e.g. `'@glossa/recurrent lstm-cell'`). */
  name: string;
  /** The kernel configs for `backend` (called once that backend's tfjs package is loaded; may return none). */
  kernels(backend: KernelBackend): KernelConfig[];
  /** Gradients of the provided kernels (backend-independent). */
  gradients?: GradConfig[];
  /**
   * `true` when the kernels only make things faster (the op has a composite path): they are then
   * skipped under `useBackend(…, { fastKernels: false })`, for before/after benchmarks. Default `false`.
   */
  speedOnly?: boolean;
}

/**
 * The registry's state lives on `globalThis` under a registered symbol, so that every copy of this
 * module — the root and `internal` entries of a CJS build, or two bundles of core in one page —
 * shares one list (tfjs's kernel registry is global too).
 */
interface RegistryState {
  providers: KernelProvider[];
  /** Kernel functions registered by glossa, so that a second call replaces nothing. */
  ours: WeakSet<object>;
  lastFast: boolean;
}
const KEY = Symbol.for('@glossa/core kernel registry');
const slot = globalThis as Record<symbol, RegistryState | undefined>;
const state: RegistryState = slot[KEY] ?? { providers: [], ours: new WeakSet(), lastFast: true };
slot[KEY] = state;
const { providers, ours } = state;

/** Whether `backend`'s tfjs package has been imported (every backend registers `Add`). */
export function backendLoaded(backend: string): boolean {
  return getKernel('Add', backend) !== undefined;
}

/** Whether `kernelFunc` was registered by glossa. */
export function isGlossaKernel(kernelFunc: object): boolean {
  return ours.has(kernelFunc);
}

/** Registers `config`, replacing a registration that is not glossa's (idempotent). */
export function installKernel(config: KernelConfig): void {
  const existing = getKernel(config.kernelName, config.backendName);
  if (existing && ours.has(existing.kernelFunc)) return;
  if (existing) unregisterKernel(config.kernelName, config.backendName);
  ours.add(config.kernelFunc);
  registerKernel(config);
}

function installProvider(p: KernelProvider, fast: boolean): void {
  if (p.speedOnly && !fast) return;
  for (const g of p.gradients ?? []) if (getGradient(g.kernelName) !== g) registerGradient(g);
  for (const b of ['cpu', 'wasm', 'webgpu'] as const) {
    if (!backendLoaded(b)) continue;
    for (const k of p.kernels(b)) if (!getKernel(k.kernelName, b)) installKernel(k);
  }
}

/**
 * Adds a package's kernels to glossa: registered at once for the backends already loaded, and again
 * by every `useBackend` call (which loads backends). Registering the same provider object twice is a
 * no-op. A kernel name another provider already registered for a backend is left alone.
 */
export function registerKernels(provider: KernelProvider): void {
  if (!providers.includes(provider)) providers.push(provider);
  installProvider(provider, state.lastFast);
}

/** Adds `builtIn` (core's own providers) and installs every provider's kernels (called by core's installer). */
export function installProviders(fast: boolean, builtIn: readonly KernelProvider[] = []): void {
  for (const p of builtIn) if (!providers.includes(p)) providers.push(p);
  state.lastFast = fast;
  for (const p of providers) installProvider(p, fast);
}
