/**
 * Node-only (reached through `@glossa/tokenizers/node`): atomic file writes for everything glossa's
 * tokenizers save.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Writes `data` to `path` atomically: into a new temporary file in the same folder (flushed to disk),
 * which is then renamed over `path`. Readers see the old file or the whole new one, never a part; if
 * anything fails midway the temporary file is removed, the old file is left as it was, and the error is
 * rethrown.
 *
 * @example
 * ```ts
 * writeFileAtomic('tokenizer.json', tok.toTokenizerJson());
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd = openSync(tmp, 'wx');
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (e) {
    if (fd >= 0) {
      try {
        closeSync(fd);
      } catch {
        // already failing: the first error is the one to report
      }
    }
    rmSync(tmp, { force: true });
    throw e;
  }
}
