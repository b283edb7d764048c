// The browser (and every non-Node) implementation of `#io-fs`, built as dist/io-fs-browser.{js,cjs};
// it imports nothing.
import type { IoFs } from './fs-types';

const unavailable = (): never => {
  throw new Error(
    '@glossa/core: file paths need Node (no file system here); use an http(s) URL or indexeddb://name',
  );
};

/**
 * No file system: `available` is `false` and every operation throws. Callers check `available`
 * first and throw a typed error that names the argument (`loadPretrained(source)`,
 * `saveCheckpoint(path)`), so these messages are a last resort.
 *
 * @example
 * ```ts
 * import { ioFs } from '#io-fs'; // this module in a browser bundle
 * ioFs.available; // false
 * ```
 */
export const ioFs: IoFs = {
  available: false,
  resolve: unavailable,
  size: unavailable,
  readText: unavailable,
  readFile: unavailable,
  openRead: unavailable,
  mkdir: unavailable,
  createTemp: unavailable,
  rename: unavailable,
  remove: unavailable,
  list: unavailable,
};
