import { ArgumentError, MissingFileError } from '../errors';
import { positionalReader } from './byte-reader';
import type { ByteReader, PretrainedSink, PretrainedStore, ReadOptions } from './pretrained-store';

/**
 * The IndexedDB database that holds every model saved as `indexeddb://<name>` (object store `files`).
 *
 * @example
 * ```ts
 * indexedDB.deleteDatabase(INDEXEDDB_DATABASE); // forget every saved model
 * ```
 */
export const INDEXEDDB_DATABASE = 'glossa-pretrained';
const STORE = 'files';

/** One file: its bytes as a `Blob` (disk-backed in browsers) or, without `Blob`, a `Uint8Array`. */
interface FileRecord {
  size: number;
  data: Blob | Uint8Array;
}

const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/**
 * A model saved in the browser: files of `indexeddb://<name>` are records keyed `[name, file]` in
 * the `files` store of the `glossa-pretrained` database. Weights are stored as `Blob`s and read a
 * tensor at a time (`blob.slice`). A save stages its files in memory and writes them, and deletes
 * stale ones, in one transaction: it happens entirely or not at all.
 *
 * @example
 * ```ts
 * const store = new IndexedDbStore('tiny-gpt', 'loadPretrained(source)');
 * const config = JSON.parse(await store.readText('config.json'));
 * ```
 */
export class IndexedDbStore implements PretrainedStore, PretrainedSink {
  private staged: Array<[string, FileRecord]> = [];
  private db: Promise<IDBDatabase> | undefined;

  constructor(
    readonly name: string,
    private readonly what: string,
  ) {
    if (typeof indexedDB === 'undefined') {
      throw new ArgumentError(
        what,
        'indexeddb:// only where IndexedDB exists (browsers, workers)',
        `indexeddb://${name}`,
      );
    }
  }

  /** Opens (and on first use creates) the database. */
  private open_(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open(INDEXEDDB_DATABASE, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    return this.db;
  }

  private async record(file: string): Promise<FileRecord> {
    const db = await this.open_();
    const rec = await request<FileRecord | undefined>(
      db.transaction(STORE).objectStore(STORE).get([this.name, file]),
    );
    if (!rec) {
      const where = this.locate(file);
      throw new MissingFileError(`${this.what}: ${where} is not in IndexedDB`, where);
    }
    return rec;
  }

  locate(file: string): string {
    return `indexeddb://${this.name}/${file}`;
  }

  async readText(file: string): Promise<string> {
    const { data } = await this.record(file);
    return data instanceof Uint8Array ? new TextDecoder().decode(data) : data.text();
  }

  async open(file: string, options: ReadOptions = {}): Promise<ByteReader> {
    const { data, size } = await this.record(file);
    const readAt =
      data instanceof Uint8Array
        ? async (p: number, n: number) => data.slice(p, p + n)
        : async (p: number, n: number) => new Uint8Array(await data.slice(p, p + n).arrayBuffer());
    return positionalReader(this.locate(file), size, readAt, async () => {}, options);
  }

  async size(file: string): Promise<number | undefined> {
    return (await this.record(file).catch(() => undefined))?.size;
  }

  async list(): Promise<string[]> {
    const db = await this.open_();
    const range = IDBKeyRange.bound([this.name, ''], [this.name, '\uffff']);
    const keys = await request(db.transaction(STORE).objectStore(STORE).getAllKeys(range));
    return keys.map((k) => (k as [string, string])[1]);
  }

  async stage(file: string, chunks: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of chunks) {
      signal?.throwIfAborted();
      parts.push(chunk);
      size += chunk.byteLength;
    }
    let data: Blob | Uint8Array;
    if (typeof Blob !== 'undefined') data = new Blob(parts as BlobPart[]);
    else {
      data = new Uint8Array(size);
      let p = 0;
      for (const part of parts) {
        data.set(part, p);
        p += part.byteLength;
      }
    }
    this.staged.push([file, { size, data }]);
  }

  async commit(remove: string[]): Promise<void> {
    const staged = this.staged;
    this.staged = [];
    const db = await this.open_();
    const tx = db.transaction(STORE, 'readwrite');
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    const store = tx.objectStore(STORE);
    for (const [file, rec] of staged) store.put(rec, [this.name, file]);
    for (const file of remove) store.delete([this.name, file]);
    await done;
  }

  async discard(): Promise<void> {
    this.staged = [];
  }

  /** Closes the database connection (a later call opens it again). */
  async close(): Promise<void> {
    if (this.db) (await this.db).close();
    this.db = undefined;
  }
}
