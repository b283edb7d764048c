// `glossa word2vec train` → `query` / `evaluate` run as the built bin, checked against KeyedVectors and
// the gensim-style evaluations of @glossa/embeddings on the saved files; bad arguments are one line.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateWordAnalogies, evaluateWordPairs, KeyedVectors } from '@glossa/embeddings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLine, FIX, glossa, glossaAsync, scratch } from './run-bin';

const work = scratch('word2vec');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('glossa word2vec', () => {
  const vectors = join(work, 'vectors.bin');
  const text = join(work, 'vectors.txt');
  beforeAll(async () => {
    const args = [
      'word2vec',
      'train',
      'corpus.txt',
      '--min-count',
      '3',
      '--size',
      '24',
      '--epochs',
      '5',
      '--lowercase',
      '--quiet',
    ];
    const rs = await Promise.all([
      glossaAsync([...args, '-o', vectors]),
      glossaAsync([...args, '-o', text, '--text']),
    ]);
    for (const r of rs) expect(r.code, r.err).toBe(0);
    expect(rs[0]!.out).toMatch(
      /^wrote .*vectors\.bin: \d+ words x 24 \(word2vec-binary, skipgram\), \d+ words\/s/,
    );
  }, 120_000);

  it('writes the same vectors in binary and text format (seeded), every word with min count 3', () => {
    const bin = KeyedVectors.parse(readFileSync(vectors), { format: 'word2vec-binary' });
    const txt = KeyedVectors.parse(readFileSync(text), { format: 'word2vec-text' });
    const counts = new Map<string, number>();
    for (const w of readFileSync(join(FIX, 'corpus.txt'), 'utf8').toLowerCase().split(/\s+/).filter(Boolean))
      counts.set(w, (counts.get(w) ?? 0) + 1);
    expect(bin.size).toBe([...counts.values()].filter((c) => c >= 3).length);
    expect(txt.size).toBe(bin.size);
    const w = 'the';
    const a = bin.get(w);
    const b = txt.get(w);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 6);
  });

  it('query prints the nearest words and analogies of KeyedVectors.mostSimilar', () => {
    const kv = KeyedVectors.parse(readFileSync(vectors), { format: 'word2vec-binary' });
    const r = glossa(['word2vec', 'query', '-m', vectors, 'the', '-n', '3']);
    expect(r.code, r.err).toBe(0);
    const expected = kv.mostSimilar(['the'], { topN: 3 }).map((s) => `${s.word}\t${s.similarity.toFixed(4)}`);
    expect(r.out.trim().split('\n')).toEqual(expected);
    const analogy = glossa(['word2vec', 'query', '-m', text, 'you', 'we', '--negative', 'i', '-n', '2']);
    const expectedAnalogy = kv.mostSimilar(['you', 'we'], { negative: ['i'], topN: 2 }).map((s) => s.word);
    expect(
      analogy.out
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual(expectedAnalogy);
  });

  it("evaluate prints the library's analogy accuracy and word-pair correlations", () => {
    const kv = KeyedVectors.parse(readFileSync(vectors), { format: 'word2vec-binary' });
    const analogies =
      ': family\nyou we i they\nthe a and of\nyou your i my\n: other\nthe of and to\nunknownword a b c\n';
    const pairs = '# tiny\nthe\ta\t7.5\nyou\twe\t8\nand\tof\t3\ti\tmy\t6\nthe\tunknownword\t1\n';
    writeFileSync(join(work, 'analogies.txt'), analogies);
    writeFileSync(join(work, 'pairs.tsv'), pairs);
    const r = glossa([
      'word2vec',
      'evaluate',
      '-m',
      vectors,
      '--analogies',
      join(work, 'analogies.txt'),
      '--similarity',
      join(work, 'pairs.tsv'),
    ]);
    expect(r.code, r.err).toBe(0);
    const a = evaluateWordAnalogies(kv, analogies);
    const p = evaluateWordPairs(kv, pairs);
    expect(r.out).toContain(
      `analogies: ${(100 * a.score).toFixed(2)}% of ${a.questions - a.oov} questions (${a.oov} skipped`,
    );
    expect(r.out).toContain(`similarity: pearson ${p.pearson.toFixed(4)}, spearman ${p.spearman.toFixed(4)}`);
  });

  it('bad arguments are one line and a non-zero exit', () => {
    expectOneLine(glossa(['word2vec']), 2, /give an action: train, evaluate or query/);
    expectOneLine(glossa(['word2vec', 'query', '-m', vectors, 'zzzz']), 1, /'zzzz' is not in the vocabulary/);
    expectOneLine(
      glossa(['word2vec', 'evaluate', '-m', vectors]),
      2,
      /give --analogies FILE and\/or --similarity FILE/,
    );
    expectOneLine(
      glossa(['word2vec', 'train', 'corpus.txt', '-o', join(work, 'v'), '--mode', 'glove']),
      2,
      /--mode must be skipgram or cbow/,
    );
    expectOneLine(
      glossa(['word2vec', 'query', '-m', join(FIX, 'hyps.txt'), 'the']),
      1,
      /cannot load vector file/,
    );
  });
});
