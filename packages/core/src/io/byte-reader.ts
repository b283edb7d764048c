import { FormatError } from '../errors';
import type { ByteReader, ReadOptions } from './pretrained-store';

/** Reads up to this size get their buffer before the bytes arrive, whatever the stream announced. */
const EAGER_BYTES = 1 << 20;

const ended = (where: string, at: number, wanted: number) =>
  new FormatError(`${where}: the file ends after ${at} bytes, ${wanted} more were expected`);

/**
 * A `ByteReader` over random access reads (a file handle, a `Blob`): `readAt(position, n)` returns
 * a buffer of its own with up to `n` bytes. The size must be known.
 *
 * @example
 * ```ts
 * const r = positionalReader('w.bin', blob.size, async (p, n) => new Uint8Array(await blob.slice(p, p + n).arrayBuffer()));
 * ```
 */
export function positionalReader(
  where: string,
  size: number,
  readAt: (position: number, n: number) => Promise<Uint8Array>,
  close: () => Promise<void> = async () => {},
  options: ReadOptions = {},
): ByteReader {
  let pos = 0;
  let closed = false;
  return {
    size,
    async read(n) {
      options.signal?.throwIfAborted();
      if (pos + n > size) throw ended(where, size, pos + n - size);
      const out = n === 0 ? new Uint8Array(0) : await readAt(pos, n);
      if (out.byteLength !== n) throw ended(where, pos + out.byteLength, n - out.byteLength);
      pos += n;
      options.onBytes?.(n);
      return out;
    },
    async atEnd() {
      return pos === size;
    },
    async close() {
      if (closed) return;
      closed = true;
      await close();
    },
  };
}

/**
 * A `ByteReader` over a byte stream (a `fetch` response body): chunks are copied into each read's
 * buffer as they arrive and dropped once consumed, so at most one read's bytes and one chunk are
 * held. `size` is the announced length (`Content-Length`), when there is one.
 *
 * @example
 * ```ts
 * const res = await fetch(url, { signal });
 * const r = streamReader(url, res.body!, Number(res.headers.get('content-length')));
 * ```
 */
export function streamReader(
  where: string,
  stream: ReadableStream<Uint8Array>,
  size: number | undefined,
  options: ReadOptions = {},
): ByteReader {
  const reader = stream.getReader();
  let chunk: Uint8Array | undefined; // unread bytes of the last chunk
  let done = false;
  let pos = 0;
  let closed = false;
  const next = async (): Promise<boolean> => {
    if (done) return false;
    options.signal?.throwIfAborted();
    const r = await reader.read();
    if (r.done) {
      done = true;
      return false;
    }
    chunk = r.value;
    options.onBytes?.(r.value.byteLength);
    return true;
  };
  return {
    size,
    async read(n) {
      // A length the announced size vouches for (or a small one) gets its buffer at once; any other —
      // a corrupt header's 2^50 bytes — is gathered from the chunks that actually arrive, so nothing
      // is allocated for bytes that never come.
      const trusted = n <= EAGER_BYTES || (size !== undefined && pos + n <= size);
      let out = trusted ? new Uint8Array(n) : undefined;
      const parts: Uint8Array[] = [];
      let filled = 0;
      while (filled < n) {
        if (!chunk || chunk.byteLength === 0) {
          if (!(await next())) throw ended(where, pos + filled, n - filled);
          continue;
        }
        const take = Math.min(chunk.byteLength, n - filled);
        if (out) out.set(chunk.subarray(0, take), filled);
        else parts.push(chunk.subarray(0, take));
        chunk = take === chunk.byteLength ? undefined : chunk.subarray(take);
        filled += take;
      }
      if (!out) {
        out = new Uint8Array(n);
        let at = 0;
        for (const p of parts) {
          out.set(p, at);
          at += p.byteLength;
        }
      }
      pos += n;
      return out;
    },
    async atEnd() {
      while (!chunk || chunk.byteLength === 0) if (!(await next())) return true;
      return false;
    },
    async close() {
      if (closed) return;
      closed = true;
      chunk = undefined;
      if (!done) await reader.cancel().catch(() => {});
      reader.releaseLock();
    },
  };
}
