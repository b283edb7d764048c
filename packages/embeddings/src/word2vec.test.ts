import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, Embedding } from '@glossa/core';
import { withBackend } from '@glossa/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureText, tokenize } from '../test/helpers';
import { LineSentences } from './line-sentences';
import { Word2Vec } from './word2vec';
import type { Word2VecOptions, Word2VecProgress } from './word2vec-options';

const corpus = tokenize(fixtureText('gutenberg-en.slice.txt.gz')).slice(0, 2000);
const base: Word2VecOptions = { vectorSize: 16, minCount: 3, epochs: 2, seed: 3 };
const dir = mkdtempSync(join(tmpdir(), 'glossa-w2v-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Word2Vec.train', () => {
  it('is bit-for-bit reproducible for a seed with one worker, on both engines', async () => {
    for (const engine of ['wasm', 'js'] as const) {
      for (const mode of ['skipgram', 'cbow'] as const) {
        const a = await Word2Vec.train(corpus, { ...base, mode, engine });
        const b = await Word2Vec.train(corpus, { ...base, mode, engine });
        expect(a.stats.engine).toBe(engine);
        expect(b.wv.vectors).toEqual(a.wv.vectors);
        expect(b.syn1neg).toEqual(a.syn1neg);
        const c = await Word2Vec.train(corpus, { ...base, mode, engine, seed: 4 });
        expect(c.wv.vectors).not.toEqual(a.wv.vectors);
      }
    }
  });

  it('the two engines see the same random stream (same words kept) and stay close', async () => {
    const js = await Word2Vec.train(corpus, { ...base, engine: 'js', epochs: 1 });
    const wasm = await Word2Vec.train(corpus, { ...base, engine: 'wasm', epochs: 1 });
    expect(wasm.stats.effectiveWords).toBe(js.stats.effectiveWords);
    let max = 0;
    for (let i = 0; i < js.wv.vectors.length; i++)
      max = Math.max(max, Math.abs(js.wv.vectors[i]! - wasm.wv.vectors[i]!));
    expect(max).toBeLessThan(1e-3);
  });

  it('reads arrays, lines, iterables, one-shot (async) generators, functions and files alike', async () => {
    const reference = await Word2Vec.train(corpus, base);
    const file = join(dir, 'corpus.txt');
    const text = `${corpus.map((s) => s.join(' ')).join('\n')}\n`;
    writeFileSync(file, text);
    const sources = {
      lines: corpus.map((s) => `  ${s.join('  ')} `),
      set: new Set(corpus),
      generator: (function* () {
        yield* corpus;
      })(),
      asyncGenerator: (async function* () {
        for (const s of corpus) yield s;
      })(),
      function: () => corpus.values(),
      file: new LineSentences(file),
      blob: new LineSentences(new Blob([text])),
      stream: new LineSentences(() => new Blob([text]).stream()),
    };
    for (const [name, source] of Object.entries(sources)) {
      const m = await Word2Vec.train(source, base);
      expect(m.wv.words, name).toEqual(reference.wv.words);
      expect(m.wv.vectors, name).toEqual(reference.wv.vectors);
    }
  });

  it('throws when a source cannot be read again and is not a detectable one-shot iterator', async () => {
    const it = corpus.values();
    const once = { [Symbol.iterator]: () => it };
    await expect(Word2Vec.train(once, base)).rejects.toThrow(/read again for every epoch/);
    await expect(Word2Vec.train('the cat' as never, base)).rejects.toThrow(ArgumentError);
  });

  it('applies minCount and maxVocabSize (gensim max_final_vocab) to the vocabulary', async () => {
    const m = await Word2Vec.train(corpus, { ...base, minCount: 20, epochs: 1 });
    expect(Math.min(...m.vocabulary.counts)).toBeGreaterThanOrEqual(20);
    const capped = await Word2Vec.train(corpus, { ...base, maxVocabSize: 50, epochs: 1 });
    expect(capped.wv.size).toBeLessThanOrEqual(50);
    expect(capped.wv.words).toEqual(m.wv.words.slice(0, capped.wv.size));
    expect(capped.vocabulary.totalWords).toBe(corpus.reduce((n, s) => n + s.length, 0));
  });

  it('reports progress with words/s and decays the learning rate to minAlpha', async () => {
    const seen: Word2VecProgress[] = [];
    const m = await Word2Vec.train(corpus, {
      ...base,
      epochs: 3,
      progressInterval: 0,
      onProgress: (p) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.progress).toBeGreaterThanOrEqual(seen[i - 1]!.progress);
      expect(seen[i]!.alpha).toBeLessThanOrEqual(seen[i - 1]!.alpha);
    }
    const last = seen[seen.length - 1]!;
    expect(last).toMatchObject({ epoch: 3, epochs: 3, progress: 1 });
    expect(last.wordsPerSecond).toBeGreaterThan(0);
    expect(last.alpha).toBeLessThan(0.025 / 3 + 1e-3);
    expect(m.stats.rawWords).toBe(3 * corpus.reduce((n, s) => n + s.length, 0));
    expect(m.stats.effectiveWords).toBe(last.effectiveWords);
  });

  it('stops on an AbortSignal, before or during training, with one or two workers', async () => {
    const aborted = AbortSignal.abort();
    await expect(Word2Vec.train(corpus, { ...base, signal: aborted })).rejects.toThrow(/abort/i);
    for (const workers of [1, 2]) {
      const controller = new AbortController();
      const run = Word2Vec.train(corpus, {
        ...base,
        epochs: 50,
        workers,
        progressInterval: 0,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.progress > 0.05) controller.abort(new Error('enough'));
        },
      });
      await expect(run).rejects.toThrow('enough');
    }
  });

  it('trains on worker threads over shared memory (Hogwild): same vocabulary and words kept', async () => {
    const one = await Word2Vec.train(corpus, { ...base, mode: 'skipgram' });
    for (const engine of ['wasm', 'js'] as const) {
      const two = await Word2Vec.train(corpus, { ...base, mode: 'skipgram', workers: 2, engine });
      expect(two.stats.workers).toBe(2);
      expect(two.wv.words).toEqual(one.wv.words);
      // Each job has its own seed, so subsampling keeps the same words whatever the thread count.
      expect(two.stats.effectiveWords).toBe(one.stats.effectiveWords);
      expect(two.wv.vectors.every(Number.isFinite)).toBe(true);
      expect(two.wv.vectors).not.toEqual(new Float32Array(two.wv.vectors.length));
    }
  });

  it('trains with hierarchical softmax, alone or beside negative sampling', async () => {
    for (const mode of ['skipgram', 'cbow'] as const) {
      const hs = await Word2Vec.train(corpus, { ...base, mode, hs: true, negative: 0 });
      expect(hs.syn1neg).toBeNull();
      expect(hs.syn1!.length).toBe((hs.wv.size - 1) * 16);
      expect(hs.syn1!.some((x) => x !== 0)).toBe(true);
      const both = await Word2Vec.train(corpus, { ...base, mode, hs: true });
      expect(both.syn1neg!.some((x) => x !== 0)).toBe(true);
    }
  });

  it('cuts sentences longer than 10 000 words and counts every raw word', async () => {
    const long = [Array.from({ length: 25_000 }, (_, i) => `w${i % 7}`)];
    const m = await Word2Vec.train(long, { ...base, epochs: 1, sample: 0 });
    expect(m.stats.rawWords).toBe(25_000);
    expect(m.stats.effectiveWords).toBe(25_000);
  });

  it('gives its vectors as a core Embedding', () =>
    withBackend('cpu', async () => {
      const m = await Word2Vec.train(corpus, { ...base, epochs: 1 });
      const emb = m.toEmbedding({ freeze: true });
      expect(emb).toBeInstanceOf(Embedding);
      expect(emb.weight.shape).toEqual([m.wv.size, 16]);
      expect(await emb.weight.data()).toEqual(m.wv.vectors);
      expect(emb.weight.trainable).toBe(false);
      emb.dispose();
    }));

  it('names the offending option', async () => {
    const bad: Array<[Word2VecOptions, RegExp]> = [
      [{ mode: 'glove' as never }, /Word2Vec.train\(mode\)/],
      [{ vectorSize: 0 }, /vectorSize/],
      [{ negative: 0 }, /negative.*unless hs/],
      [{ sample: -1 }, /sample/],
      [{ engine: 'gpu' as never }, /engine/],
      [{ workers: 1.5 }, /workers/],
    ];
    for (const [o, msg] of bad) await expect(Word2Vec.train(corpus, o)).rejects.toThrow(msg);
  });
});
