import { MissingFileError } from '../errors';
import { streamReader } from './byte-reader';
import type { ByteReader, PretrainedStore, ReadOptions } from './pretrained-store';

/** How `HttpStore` fetches: a `fetch` to use instead of the global one, and headers to send. */
export interface HttpOptions {
  /** Default: `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
  /** Sent with every request, e.g. `{ Authorization: 'Bearer hf_…' }`. */
  headers?: HeadersInit | undefined;
}

/**
 * Files under a URL prefix (`https://huggingface.co/gpt2/resolve/main/`): each file is fetched
 * with the caller's `AbortSignal`, and weights are read from the response body as it streams in
 * (a tensor's bytes are copied out of the chunks, which are then dropped). The size of a download
 * is its `Content-Length` (unknown when the response is compressed); `size()` asks with `HEAD`.
 * A failed request is a `MissingFileError` with the URL and the HTTP status.
 *
 * @example
 * ```ts
 * const store = new HttpStore('https://example.com/models/tiny/', 'loadPretrained(source)');
 * const config = JSON.parse(await store.readText('config.json'));
 * ```
 */
export class HttpStore implements PretrainedStore {
  private readonly base: URL;

  constructor(
    base: string | URL,
    private readonly what: string,
    private readonly options: HttpOptions = {},
  ) {
    const href = String(base);
    this.base = new URL(href.endsWith('/') ? href : `${href}/`);
  }

  locate(file: string): string {
    return new URL(file, this.base).href;
  }

  private async request(file: string, method: 'GET' | 'HEAD', signal?: AbortSignal): Promise<Response> {
    const url = this.locate(file);
    const f = this.options.fetch ?? globalThis.fetch;
    let res: Response;
    try {
      res = await f(url, { method, signal: signal ?? null, headers: this.options.headers ?? {} });
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw new MissingFileError(
        `${this.what}: could not fetch ${url} (${(e as Error)?.message ?? e})`,
        url,
        undefined,
        {
          cause: e,
        },
      );
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new MissingFileError(
        `${this.what}: ${url} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`,
        url,
        res.status,
      );
    }
    return res;
  }

  async readText(file: string, signal?: AbortSignal): Promise<string> {
    return (await this.request(file, 'GET', signal)).text();
  }

  async open(file: string, options: ReadOptions = {}): Promise<ByteReader> {
    const res = await this.request(file, 'GET', options.signal);
    const url = this.locate(file);
    const body = res.body ?? new Blob([]).stream();
    return streamReader(url, body, contentLength(res), options);
  }

  async size(file: string, signal?: AbortSignal): Promise<number | undefined> {
    try {
      return contentLength(await this.request(file, 'HEAD', signal));
    } catch (e) {
      if (signal?.aborted) throw e;
      return undefined;
    }
  }
}

/** The body's size in bytes, when the response says it and is not compressed. */
function contentLength(res: Response): number | undefined {
  const encoding = res.headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return undefined;
  const n = Number(res.headers.get('content-length') ?? Number.NaN);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
