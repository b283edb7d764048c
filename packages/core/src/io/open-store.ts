import { ioFs } from '#io-fs';
import { ArgumentError } from '../errors';
import { FileStore } from './file-store';
import { type HttpOptions, HttpStore } from './http-store';
import { IndexedDbStore } from './indexeddb-store';
import type { PretrainedSink, PretrainedStore } from './pretrained-store';

/**
 * Where a model is: a folder path or `file:` URL (Node), an `http(s)://` URL prefix, or
 * `indexeddb://<name>` (browsers).
 */
export type PretrainedSource = string | URL;

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

function indexedDbName(source: string, what: string): string {
  const name = source.slice('indexeddb://'.length).replace(/\/+$/, '');
  if (!name) throw new ArgumentError(what, 'indexeddb://<name> with a non-empty name', source);
  return name;
}

function fileStore(dir: string, what: string, source: PretrainedSource): FileStore {
  if (!ioFs.available) {
    throw new ArgumentError(
      what,
      'an http(s) URL or indexeddb://<name> here (file paths need Node)',
      String(source),
    );
  }
  return new FileStore(dir, what);
}

/**
 * The store a source names: `indexeddb://name` → IndexedDB, `http(s)://…` → fetch, `file:` URLs
 * and paths → the file system (Node only: elsewhere a path is an `ArgumentError`).
 *
 * @example
 * ```ts
 * const store = openStore('https://huggingface.co/gpt2/resolve/main/', 'loadPretrained(source)');
 * ```
 */
export function openStore(source: PretrainedSource, what: string, http: HttpOptions = {}): PretrainedStore {
  if (typeof source !== 'string' && !(source instanceof URL)) {
    throw new ArgumentError(what, 'a path, a URL or indexeddb://<name>', source);
  }
  const s = String(source);
  const scheme =
    source instanceof URL
      ? source.protocol.slice(0, -1).toLowerCase()
      : (SCHEME.exec(s)?.[1] ?? (/^file:/i.test(s) ? 'file' : undefined))?.toLowerCase();
  switch (scheme) {
    case 'indexeddb':
      return new IndexedDbStore(indexedDbName(s, what), what);
    case 'http':
    case 'https':
      return new HttpStore(s, what, http);
    case 'file':
    case undefined:
      return fileStore(s, what, source);
    default:
      throw new ArgumentError(what, 'a path, an http(s) URL, a file: URL or indexeddb://<name>', s);
  }
}

/**
 * The sink a save target names: `indexeddb://name` or a folder (path or `file:` URL, Node only).
 * URLs cannot be saved to.
 *
 * @example
 * ```ts
 * const sink = openSink('indexeddb://tiny-gpt', 'savePretrained(target)');
 * ```
 */
export function openSink(target: PretrainedSource, what: string): PretrainedSink {
  const store = openStore(target, what);
  if (store instanceof HttpStore) {
    throw new ArgumentError(
      what,
      'a folder (Node) or indexeddb://<name>; URLs are read-only',
      String(target),
    );
  }
  return store as FileStore | IndexedDbStore;
}
