import { ioFs } from '#io-fs';
import { MissingFileError } from '../errors';
import { positionalReader } from './byte-reader';
import type { IoWriteHandle } from './fs-types';
import type { ByteReader, PretrainedSink, PretrainedStore, ReadOptions } from './pretrained-store';

/**
 * A model folder on disk (Node; `#io-fs`). Reads go through a file handle, one range per `read`,
 * into a buffer that becomes the tensor's data. Saves write each file to a temporary file beside it
 * (flushed to disk); `commit` renames them into place in the order staged and only then deletes the
 * files listed, so a save that fails before `commit` leaves the folder as it was.
 *
 * @example
 * ```ts
 * const store = new FileStore('models/gpt2', 'loadPretrained(source)');
 * const config = JSON.parse(await store.readText('config.json'));
 * ```
 */
export class FileStore implements PretrainedStore, PretrainedSink {
  /** The folder's absolute path. */
  readonly dir: string;
  private staged: Array<{ file: string; temp: IoWriteHandle }> = [];

  /** @param what the argument as the user knows it, for messages (`loadPretrained(source)`). */
  constructor(
    dir: string,
    private readonly what: string,
  ) {
    this.dir = ioFs.resolve(dir);
  }

  locate(file: string): string {
    return ioFs.resolve(this.dir, file);
  }

  private missing(file: string): MissingFileError {
    const path = this.locate(file);
    return new MissingFileError(`${this.what}: no such file: ${path}`, path);
  }

  async readText(file: string): Promise<string> {
    const text = await ioFs.readText(this.locate(file));
    if (text === undefined) throw this.missing(file);
    return text;
  }

  async open(file: string, options: ReadOptions = {}): Promise<ByteReader> {
    const path = this.locate(file);
    const handle = await ioFs.openRead(path);
    if (!handle) throw this.missing(file);
    const readAt = async (position: number, n: number) => {
      const out = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const k = await handle.read(out.subarray(got), position + got);
        if (k === 0) return out.subarray(0, got);
        got += k;
      }
      return out;
    };
    return positionalReader(path, handle.size, readAt, () => handle.close(), options);
  }

  size(file: string): Promise<number | undefined> {
    return ioFs.size(this.locate(file));
  }

  list(): Promise<string[]> {
    return ioFs.list(this.dir);
  }

  async stage(file: string, chunks: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    await ioFs.mkdir(this.dir);
    const temp = await ioFs.createTemp(this.locate(file));
    try {
      for await (const chunk of chunks) {
        signal?.throwIfAborted();
        await temp.write(chunk);
      }
      await temp.finish();
    } catch (e) {
      await temp.discard();
      throw e;
    }
    this.staged.push({ file, temp });
  }

  async commit(remove: string[]): Promise<void> {
    const staged = this.staged;
    this.staged = [];
    for (const { file, temp } of staged) await ioFs.rename(temp.path, this.locate(file));
    for (const file of remove) await ioFs.remove(this.locate(file));
  }

  async discard(): Promise<void> {
    const staged = this.staged;
    this.staged = [];
    await Promise.all(staged.map(({ temp }) => temp.discard()));
  }
}
