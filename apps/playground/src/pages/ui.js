// Small helpers shared by the pages.

/** Text made safe for innerHTML. */
export const escapeHtml = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** A worker's progress report `{ phase, loaded, total }` in words. */
export function progressText(p) {
  const what =
    {
      corpus: 'fetching the corpus',
      ranks: 'fetching the ranks',
      decoding: 'decoding the ranks',
      training: 'training',
    }[p.phase] ?? p.phase;
  if (!p.total) return p.loaded ? `${what}… ${(p.loaded / 1e6).toFixed(2)} MB` : `${what}…`;
  const pct = Math.floor((100 * p.loaded) / p.total);
  const size =
    p.phase === 'training'
      ? `${p.loaded}/${p.total}`
      : `${(p.loaded / 1e6).toFixed(2)} of ${(p.total / 1e6).toFixed(2)} MB`;
  return `${what}… ${pct}% (${size})`;
}

/**
 * Records, once per route, when the page first showed a result (tokens, scores, a running backend):
 * `document.body.dataset.firstResultMs`, milliseconds since navigation, read by the e2e test.
 */
export function markFirstResult() {
  document.body.dataset.firstResultMs ??= performance.now().toFixed(0);
}
