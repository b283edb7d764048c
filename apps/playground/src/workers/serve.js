// The worker side of worker-client.js: `serve(handlers)` answers `{ id, type, payload }` with the
// handler's result (or its error message); a handler reports progress with `progress(value)`.

export function serve(handlers) {
  self.addEventListener('message', async (event) => {
    const { id, type, payload } = event.data;
    const handler = handlers[type];
    try {
      if (!handler) throw new Error(`unknown request '${type}'`);
      const result = await handler(payload, (progress) => self.postMessage({ id, progress }));
      self.postMessage({ id, result });
    } catch (e) {
      self.postMessage({ id, error: String(e?.message ?? e) });
    }
  });
}

/** Fetches `url` as text, reporting `{ loaded, total }` bytes as they arrive. */
export async function fetchText(url, progress) {
  return new TextDecoder().decode(await fetchBytes(url, progress));
}

/**
 * Fetches a gzipped text file (`.gz`) and inflates it with the browser's DecompressionStream; a
 * server that already sent it with `Content-Encoding: gzip` hands over the text itself.
 */
export async function fetchGzipText(url, progress) {
  const bytes = await fetchBytes(url, progress);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

/** Fetches `url` as bytes, reporting `{ loaded, total }` as they arrive. */
export async function fetchBytes(url, progress) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${url} failed: HTTP ${response.status}`);
  const total = Number(response.headers.get('Content-Length')) || 0;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    progress?.({ loaded, total });
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}
