/**
 * The file-system operations core's file I/O needs, implemented for Node by `fs-node.ts` and as a
 * stub by `fs-browser.ts`. Code imports the implementation as `#io-fs` (the package's `imports`
 * field picks one per environment), so Node's `fs` never reaches a browser bundle. The two
 * implementations import nothing else from core: in the CommonJS build each is its own file and
 * would otherwise carry a second copy of the error classes.
 *
 * @example
 * ```ts
 * import { ioFs } from '#io-fs';
 * if (ioFs.available) console.log(await ioFs.size(ioFs.resolve('model', 'config.json')));
 * ```
 */
export interface IoFs {
  /** `false` in the browser stub: every other member throws there. */
  readonly available: boolean;
  /** Absolute path of `file` inside `dir`; `dir` may be a path or a `file:` URL. */
  resolve(dir: string, file?: string): string;
  /** Size in bytes, or `undefined` when there is no such file. */
  size(path: string): Promise<number | undefined>;
  /** The file as UTF-8 text, or `undefined` when there is no such file. */
  readText(path: string): Promise<string | undefined>;
  /** The whole file (throws the system error when absent). */
  readFile(path: string): Promise<Uint8Array>;
  /** Opens a file for reading at positions, or `undefined` when there is no such file. */
  openRead(path: string): Promise<IoReadHandle | undefined>;
  /** Creates `dir` and its parents. */
  mkdir(dir: string): Promise<void>;
  /** Opens a new temporary file beside `path` (same folder, so a rename over `path` is atomic). */
  createTemp(path: string): Promise<IoWriteHandle>;
  /** Renames `from` to `to`, replacing `to` atomically. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; no error when it does not exist. */
  remove(path: string): Promise<void>;
  /** Names in a folder, `[]` when the folder does not exist. */
  list(dir: string): Promise<string[]>;
}

/** A file opened for reading. */
export interface IoReadHandle {
  readonly size: number;
  /** Reads into `target` from `position`; returns the bytes read (0 at the end of the file). */
  read(target: Uint8Array, position: number): Promise<number>;
  close(): Promise<void>;
}

/** A temporary file being written. */
export interface IoWriteHandle {
  /** The temporary file's path. */
  readonly path: string;
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes to disk and closes; the file is then complete under `path`. */
  finish(): Promise<void>;
  /** Closes (if open) and deletes the temporary file. */
  discard(): Promise<void>;
}
