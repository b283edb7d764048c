// Embeddings page worker: word2vec (@glossa/embeddings, its wasm kernel when the browser has SIMD)
// trained on one of two corpora — 3 MB of Project Gutenberg novels (fetched gzipped when first
// asked for) or the 64 KB Tiny Shakespeare excerpt — then queried: 2-D PCA coordinates of chosen
// words, nearest neighbours and analogies (3CosAdd, as gensim's most_similar).
import { pca, Word2Vec } from '@glossa/embeddings';
import shakespeareUrl from '../data/corpus.txt?url';
import { fetchGzipText, fetchText, serve } from './serve.js';

/**
 * Each corpus with its settings. Gutenberg: gensim's defaults (min count 5, subsampling 1e-3), as
 * @glossa/embeddings' own test on the same text. Shakespeare: on 11k words subsampling drops so much
 * that every vector ends up alike, so none, and words seen 3 times.
 */
const CORPORA = {
  gutenberg: { fetch: (url, p) => fetchGzipText(url, p), minCount: 5, sample: 1e-3 },
  shakespeare: { fetch: (_, p) => fetchText(shakespeareUrl, p), minCount: 3, sample: 0 },
};
const texts = {};
let wv = null;
let controller = null;

/** Lines of lowercase words: letters and apostrophes inside words, everything else a separator. */
const sentences = (text) =>
  text
    .toLowerCase()
    .split('\n')
    .map((line) => line.match(/[a-z]+(?:'[a-z]+)*/g) ?? [])
    .filter((words) => words.length > 1);

const known = (words) => words.filter((w) => wv.has(w));

serve({
  async train(
    { corpus = 'gutenberg', url, mode = 'skipgram', vectorSize = 50, window = 5, epochs = 5, seed = 1 },
    progress,
  ) {
    const c = CORPORA[corpus];
    if (!c) throw new Error(`unknown corpus '${corpus}' (expected ${Object.keys(CORPORA).join(' or ')})`);
    texts[corpus] ??= c
      .fetch(url, (p) => progress({ phase: 'corpus', ...p }))
      .catch((e) => {
        delete texts[corpus]; // the next Train fetches again
        throw e;
      });
    const lines = sentences(await texts[corpus]);
    controller = new AbortController();
    const started = performance.now();
    const model = await Word2Vec.train(lines, {
      mode,
      vectorSize,
      window,
      epochs,
      minCount: c.minCount,
      seed,
      sample: c.sample,
      negative: 5,
      workers: 1,
      signal: controller.signal,
      onProgress: (p) =>
        progress({
          phase: 'training',
          progress: p.progress,
          wordsPerSecond: p.wordsPerSecond,
          epoch: p.epoch,
        }),
    });
    wv = model.wv;
    return {
      words: wv.size,
      corpusWords: lines.reduce((n, l) => n + l.length, 0),
      wordsPerSecond: model.stats?.wordsPerSecond ?? 0,
      seconds: (performance.now() - started) / 1000,
      top: wv.words?.slice(0, 40) ?? [],
    };
  },
  stop() {
    controller?.abort();
    return true;
  },
  /** 2-D PCA of the known words among `words`; `missing` lists the others. */
  project({ words }) {
    const ok = known(words);
    if (ok.length < 2) throw new Error('give at least two words of the vocabulary');
    const { coordinates } = pca(
      ok.map((w) => wv.get(w, { norm: true })),
      { components: 2 },
    );
    return {
      points: ok.map((w, i) => ({ word: w, x: coordinates[i][0], y: coordinates[i][1] })),
      missing: words.filter((w) => !wv.has(w)),
    };
  },
  neighbours({ word, topN = 8 }) {
    if (!wv.has(word)) throw new Error(`'${word}' is not in the vocabulary`);
    return wv.mostSimilar([word], { topN });
  },
  analogy({ a, b, c, topN = 5 }) {
    for (const w of [a, b, c]) if (!wv.has(w)) throw new Error(`'${w}' is not in the vocabulary`);
    // a is to b as c is to ?: b − a + c
    return wv.mostSimilar([b, c], { negative: [a], topN });
  },
});
