// The page of bench/embeddings-browser.bench.mjs (bundled by esbuild for the browser): fetches the
// tokenised corpus served beside it, trains word2vec with the settings in the page URL's query, and
// leaves the statistics (or the error) on `window.__result`. Not a *.bench.mjs entry.
import { Word2Vec } from '@glossa/embeddings';

const q = new URLSearchParams(location.search);
const cfg = JSON.parse(q.get('cfg') ?? '{}');
try {
  const text = await (await fetch('corpus.txt')).text();
  const sentences = text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split(' '));
  const m = await Word2Vec.train(sentences, cfg);
  const s = m.stats;
  window.__result = {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent,
    vocab: m.wv.size,
    train_s: s.trainSeconds,
    effective_words: s.effectiveWords,
    raw_words: s.rawWords,
    words_per_s: s.wordsPerSecond,
    raw_words_per_s: s.rawWords / s.trainSeconds,
    engine: s.engine,
  };
} catch (e) {
  window.__result = { error: String(e?.stack ?? e) };
}
