// Node's implementation of `#io-fs` (built as its own file, dist/io-fs-node.{js,cjs}, chosen by the
// `node` condition of the package's `imports` field). It imports nothing else from core.
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IoFs, IoReadHandle, IoWriteHandle } from './fs-types';

const absent = (e: unknown) => {
  const code = (e as { code?: unknown })?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/** Reads of at most 1 GiB at a time (Node refuses reads of 2 GiB and more). */
const MAX_READ = 2 ** 30;
let counter = 0;

/**
 * File-system access through `node:fs/promises`: missing files read as `undefined`, temporary files
 * are created beside their target (`<path>.tmp-<pid>-…`) and flushed to disk before a rename.
 *
 * @example
 * ```ts
 * import { ioFs } from '#io-fs'; // this module under Node
 * const text = await ioFs.readText(ioFs.resolve('model', 'config.json'));
 * ```
 */
export const ioFs: IoFs = {
  available: true,
  resolve(dir, file) {
    const base = dir.startsWith('file:') ? fileURLToPath(dir) : dir;
    return resolve(file === undefined ? base : join(base, file));
  },
  async size(path) {
    try {
      const s = await stat(path);
      return s.isFile() ? s.size : undefined;
    } catch (e) {
      if (absent(e)) return undefined;
      throw e;
    }
  },
  async readText(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      if (absent(e)) return undefined;
      throw e;
    }
  },
  async readFile(path) {
    return readFile(path);
  },
  async openRead(path): Promise<IoReadHandle | undefined> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'r');
    } catch (e) {
      if (absent(e)) return undefined;
      throw e;
    }
    const { size } = await handle.stat();
    return {
      size,
      async read(target, position) {
        const length = Math.min(target.byteLength, MAX_READ);
        const { bytesRead } = await handle.read(target, 0, length, position);
        return bytesRead;
      },
      close: () => handle.close(),
    };
  },
  async mkdir(dir) {
    await mkdir(dir, { recursive: true });
  },
  async createTemp(path): Promise<IoWriteHandle> {
    const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
    const handle = await open(tmp, 'wx');
    let open_ = true;
    const close = async () => {
      if (open_) {
        open_ = false;
        await handle.close();
      }
    };
    return {
      path: tmp,
      async write(bytes) {
        let done = 0;
        while (done < bytes.byteLength) {
          const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done);
          done += bytesWritten;
        }
      },
      async finish() {
        await handle.sync();
        await close();
      },
      async discard() {
        await close().catch(() => {});
        await rm(tmp, { force: true });
      },
    };
  },
  async rename(from, to) {
    await rename(from, to);
  },
  async remove(path) {
    await rm(path, { force: true });
  },
  async list(dir) {
    try {
      return await readdir(dir);
    } catch (e) {
      if (absent(e)) return [];
      throw e;
    }
  },
};
