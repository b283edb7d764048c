// Embeddings page worker: word2vec (@glossa/embeddings, its wasm kernel when the browser has SIMD)
// trained on the bundled Tiny Shakespeare excerpt, then queried: 2-D PCA coordinates of chosen words,
// nearest neighbours and analogies (3CosAdd, as gensim's most_similar).
import { pca, Word2Vec } from '@glossa/embeddings';
import corpusUrl from '../data/corpus.txt?url';
import { fetchText, serve } from './serve.js';

let corpus = null;
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
    { mode = 'skipgram', vectorSize = 50, window = 5, epochs = 20, minCount = 3, seed = 1 },
    progress,
  ) {
    corpus ??= fetchText(corpusUrl, (p) => progress({ phase: 'corpus', ...p }));
    const lines = sentences(await corpus);
    controller = new AbortController();
    const started = performance.now();
    const model = await Word2Vec.train(lines, {
      mode,
      vectorSize,
      window,
      epochs,
      minCount,
      seed,
      // No subsampling: on 11k words gensim's 1e-3 drops so much that every vector ends up alike.
      sample: 0,
      negative: 5,
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
