import { JSON_LOAD_WASM } from '../generated/json-load-wasm';
import { base64Decode, base64Length } from '../tiktoken/base64';

/*
 * The tokenizer.json loader's WebAssembly module (assembly/json-load.ts, embedded at build time): its
 * exports as the host calls them, and the module compiled once per process on first use.
 */

/** The module's exports (pointers are byte offsets into the memory the host passes as `env.memory`). */
export interface LoaderExports {
  vocab(
    st: number,
    keys: number,
    ids: number,
    hashes: number,
    starts: number,
    cap: number,
    limit: number,
    more: number,
  ): number;
  index(
    st: number,
    keys: number,
    starts: number,
    ids: number,
    hashes: number,
    n: number,
    owner: number,
    slots: number,
    mask: number,
  ): number;
  merges(
    st: number,
    left: number,
    right: number,
    result: number,
    cap: number,
    keysA: number,
    keysB: number,
    vals: number,
    mask: number,
    scratch: number,
    limit: number,
    more: number,
  ): number;
  rehash(
    keysA: number,
    keysB: number,
    vals: number,
    slots: number,
    toA: number,
    toB: number,
    toVals: number,
    mask: number,
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled loader, or null where WebAssembly is missing or refused (a page's CSP, say). */
export function loaderModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      const text = new TextEncoder().encode(JSON_LOAD_WASM);
      const bytes = new Uint8Array(base64Length(text, 0, text.length));
      base64Decode(text, 0, text.length, bytes, 0);
      if (typeof WebAssembly === 'object') compiled = new WebAssembly.Module(bytes);
    } catch {
      // no WebAssembly here: tokenizer.json files are read as text
    }
  }
  return compiled;
}
