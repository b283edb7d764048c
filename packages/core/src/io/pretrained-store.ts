/**
 * Where pretrained files live, as core's loaders and savers see it: a folder on disk, a URL prefix,
 * or an IndexedDB database. Each file is named as in a Hugging Face model folder (`config.json`,
 * `model-00001-of-00002.safetensors`, …).
 *
 * @example
 * ```ts
 * const store: PretrainedStore = openStore('https://huggingface.co/gpt2/resolve/main/', 'loadPretrained(source)');
 * const config = JSON.parse(await store.readText('config.json'));
 * ```
 */
export interface PretrainedStore {
  /** The file's path or URL, for messages. */
  locate(file: string): string;
  /** A file's text; `MissingFileError` when it is absent. */
  readText(file: string, signal?: AbortSignal): Promise<string>;
  /** Opens a file for sequential reading; `MissingFileError` when it is absent. */
  open(file: string, options?: ReadOptions): Promise<ByteReader>;
  /** A file's size when it can be learned without reading the file, else `undefined`. */
  size(file: string, signal?: AbortSignal): Promise<number | undefined>;
  /** Releases what the store holds open (a database connection), if anything. */
  close?(): Promise<void>;
}

/** Options of `PretrainedStore.open`. */
export interface ReadOptions {
  signal?: AbortSignal | undefined;
  /** Called with each number of bytes read (or received, for a download). */
  onBytes?: ((n: number) => void) | undefined;
}

/**
 * A file read front to back. Each `read(n)` returns a buffer of its own — offset 0, exactly `n`
 * bytes — so it can become a tensor's data without a copy.
 *
 * @example
 * ```ts
 * const r = await store.open('model.safetensors');
 * const first8 = await r.read(8);
 * await r.close();
 * ```
 */
export interface ByteReader {
  /** The file's size in bytes, when known. */
  readonly size: number | undefined;
  /** The next `n` bytes; a `FormatError` when the file ends first. */
  read(n: number): Promise<Uint8Array>;
  /** Whether every byte has been read. */
  atEnd(): Promise<boolean>;
  /** Releases the file (or cancels the download); safe to call twice. */
  close(): Promise<void>;
}

/**
 * A place pretrained files can be saved to. Files are staged and become visible together at
 * `commit`, so a save that fails part-way leaves what was there before.
 *
 * @example
 * ```ts
 * await sink.stage('config.json', chunksOf(json));
 * await sink.commit([]);
 * ```
 */
export interface PretrainedSink {
  /** The file's path or URL, for messages. */
  locate(file: string): string;
  /** Names of the files there now. */
  list(): Promise<string[]>;
  /** Writes a file from its chunks (consumed one at a time), invisibly until `commit`. */
  stage(file: string, chunks: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void>;
  /** Makes the staged files visible in the order they were staged, then deletes `remove`. */
  commit(remove: string[]): Promise<void>;
  /** Deletes whatever was staged (after an error or an abort). */
  discard(): Promise<void>;
  /** Releases what the sink holds open (a database connection), if anything. */
  close?(): Promise<void>;
}
