/**
 * Where a browser fetches tfjs-backend-wasm's binaries. `@glossa/core` ships copies of the three
 * `.wasm` files of the tfjs-backend-wasm version it pins (dist/, copied at build time by
 * scripts/copy-tfjs-wasm.mjs) and names them with `new URL('./….wasm', import.meta.url)`, the pattern
 * bundlers turn into emitted assets (Vite, webpack 5, Parcel, Rollup with an asset plugin) and that
 * unbundled ES modules resolve beside core's own files. Without this tfjs fetches them from the page's
 * URL, where nobody put them. `useBackend('wasm', { wasmPaths })` overrides the default, and a failed
 * start is diagnosed by fetching the file tfjs wanted: the `BackendError` names its URL and status.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The binaries tfjs-backend-wasm chooses between (no SIMD / SIMD / SIMD + threads). */
export const WASM_BINARIES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;
export type WasmBinaryName = (typeof WASM_BINARIES)[number];

/**
 * Where to fetch the binaries: a folder URL (prefix, ending in `/`) holding all three, or a URL per
 * file name.
 */
export type WasmPaths = string | { [name in WasmBinaryName]: string };

/** The tfjs-backend-wasm version whose binaries are in dist/ (core's exact peer dependency). */
export const SHIPPED_WASM_VERSION = '4.22.0';

// In a classic-script bundle (esbuild's default iife format) `import.meta` is empty: the bundle's own
// URL is `document.currentScript`, readable only while the script first runs, i.e. now.
const scriptUrl: string | undefined = (() => {
  const doc = (globalThis as { document?: { currentScript?: { src?: string } | null } }).document;
  const src = doc?.currentScript?.src;
  return typeof src === 'string' && src !== '' ? src : undefined;
})();

// Vite's dev server pre-bundles dependencies into node_modules/.vite/deps/ (esbuild, which leaves
// `new URL(…, import.meta.url)` as it is), so the URLs above would point there, where the binaries are
// not; the dev server serves core's own folder at /node_modules/@glossa/core/ instead.
const VITE_DEPS = /\/node_modules\/\.vite\/deps(_temp_[^/]*)?\/[^/]*$/;

/** The URLs of core's copies, as the bundler rewrote them (or beside the script or page). */
export function shippedWasmFiles(): { [name in WasmBinaryName]: string } | undefined {
  let files: { [name in WasmBinaryName]: string };
  try {
    // Literal `new URL('./x', import.meta.url)` expressions, one per file: the form bundlers detect.
    files = {
      'tfjs-backend-wasm.wasm': new URL('./tfjs-backend-wasm.wasm', import.meta.url).href,
      'tfjs-backend-wasm-simd.wasm': new URL('./tfjs-backend-wasm-simd.wasm', import.meta.url).href,
      'tfjs-backend-wasm-threaded-simd.wasm': new URL(
        './tfjs-backend-wasm-threaded-simd.wasm',
        import.meta.url,
      ).href,
    };
  } catch {
    const base = scriptUrl ?? (globalThis as { location?: { href?: string } }).location?.href;
    if (!base) return undefined;
    return besides(base);
  }
  const first = new URL(files['tfjs-backend-wasm.wasm']);
  if (VITE_DEPS.test(first.pathname)) return besides(new URL('../../@glossa/core/dist/', first).href);
  return files;
}

const besides = (base: string) =>
  Object.fromEntries(WASM_BINARIES.map((n) => [n, new URL(`./${n}`, base).href])) as {
    [name in WasmBinaryName]: string;
  };

/** What was handed to tfjs (`undefined`: tfjs's own default, the page's folder). */
let applied: WasmPaths | undefined;

type WasmModule = {
  setWasmPaths(prefixOrFileMap: WasmPaths, usePlatformFetch?: boolean): void;
  version_wasm?: string;
};

/**
 * Tells tfjs-backend-wasm where its binaries are, before its first start: `paths` when given, else
 * core's copies in a browser (in Node tfjs reads them from its own folder). Returns a note to print
 * when the default cannot be used.
 */
export function applyWasmPaths(
  mod: WasmModule,
  paths: WasmPaths | undefined,
  node: boolean,
): string | undefined {
  if (paths !== undefined) {
    if (typeof paths !== 'string' && WASM_BINARIES.some((n) => typeof paths[n] !== 'string')) {
      throw new Error(
        `wasmPaths: expected a folder URL or a URL for each of ${WASM_BINARIES.join(', ')}, received ${JSON.stringify(paths)}`,
      );
    }
    mod.setWasmPaths(paths);
    applied = paths;
    return undefined;
  }
  if (node) return undefined;
  if (mod.version_wasm !== undefined && mod.version_wasm !== SHIPPED_WASM_VERSION) {
    return `@tensorflow/tfjs-backend-wasm ${mod.version_wasm} is installed but @glossa/core ships the binaries of ${SHIPPED_WASM_VERSION}; tfjs will fetch its .wasm files from the page's folder (pass useBackend('wasm', { wasmPaths }) to say where they are)`;
  }
  const files = shippedWasmFiles();
  if (!files) return undefined;
  mod.setWasmPaths(files);
  applied = files;
  return undefined;
}

/** The URL tfjs-backend-wasm fetches on this machine (it picks a binary by SIMD and thread support). */
export async function wasmBinaryUrl(): Promise<string> {
  const [simd, threads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  const name: WasmBinaryName = simd
    ? threads
      ? 'tfjs-backend-wasm-threaded-simd.wasm'
      : 'tfjs-backend-wasm-simd.wasm'
    : 'tfjs-backend-wasm.wasm';
  const base = (globalThis as { document?: { baseURI?: string } }).document?.baseURI;
  const url =
    applied === undefined ? name : typeof applied === 'string' ? `${applied}${name}` : applied[name];
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/**
 * Why the wasm binary could not be loaded, found by fetching it again: a sentence naming the URL and
 * the HTTP status (or the network error, or what came instead of WebAssembly); `undefined` when a
 * WebAssembly binary arrives (the cause is elsewhere).
 */
export async function diagnoseWasmFetch(): Promise<string | undefined> {
  const url = await wasmBinaryUrl();
  const advice =
    "serve tfjs-backend-wasm's .wasm files there, or pass useBackend('wasm', { wasmPaths }) (see @glossa/core's README, \"Use in the browser\")";
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    if (!response.ok) return `fetching ${url} failed with ${status}; ${advice}`;
    // A server may answer a missing file with a page (a dev server's index.html fallback).
    const magic = new Uint8Array(await response.arrayBuffer()).subarray(0, 4);
    if (magic.join() === '0,97,115,109') return undefined;
    const type = response.headers.get('content-type') ?? 'no content type';
    return `fetching ${url} answered ${status} but not with WebAssembly (${type}: a page served in place of a missing file?); ${advice}`;
  } catch (e) {
    return `fetching ${url} failed (${(e as Error).message}); ${advice}`;
  }
}
