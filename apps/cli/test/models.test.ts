// The model commands run as the built bin: `train gpt` → `generate` from the folder, exact resume
// from a checkpoint, `word2vec train` → `query` / `evaluate`. Outputs are checked against the
// libraries run in-process on the same files (greedy text of the saved GPT, gensim-style
// neighbours and scores of the saved vectors), and every bad argument is one line, non-zero exit.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBackend } from '@glossa/core';
import { evaluateWordAnalogies, evaluateWordPairs, KeyedVectors } from '@glossa/embeddings';
import { loadTokenizerJson } from '@glossa/tokenizers/node';
import { GPT } from '@glossa/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/glossa.mjs', import.meta.url));
const FIX = fileURLToPath(new URL('./fixtures/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'glossa-cli-models-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const env = { ...process.env, GLOSSA_DEBUG: '' };
function glossa(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: FIX,
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
/** The same, without blocking, so that independent trainings run side by side. */
function glossaAsync(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: FIX, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
function expectOneLine(r: { code: number | null; err: string }, code: number, pattern: RegExp) {
  expect(r.code).toBe(code);
  expect(r.err).toMatch(pattern);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/\n\s+at /);
}

const TINY = [
  '--block',
  '32',
  '--batch',
  '8',
  '--embd',
  '32',
  '--heads',
  '2',
  '--eval-every',
  '10',
  '--quiet',
];
const lossesOf = (out: string) => {
  const m = /train loss ([\d.]+), valid loss ([\d.]+)/.exec(out);
  return m ? { train: Number(m[1]), valid: Number(m[2]) } : undefined;
};

describe('glossa train gpt → generate', () => {
  const straight = join(work, 'straight');
  const resumed = join(work, 'resumed');
  const ckpt = join(work, 'gpt.ckpt');
  let runs: Array<{ code: number | null; out: string; err: string }> = [];
  beforeAll(async () => {
    const args = ['train', 'gpt', 'corpus.txt', '--steps', '20', ...TINY];
    runs = await Promise.all([
      glossaAsync([...args, '-o', straight]),
      glossaAsync([
        ...args,
        '-o',
        resumed,
        '--stop-at',
        '10',
        '--checkpoint',
        ckpt,
        '--checkpoint-every',
        '10',
      ]),
    ]);
    runs.push(
      await glossaAsync([
        ...args,
        '-o',
        resumed,
        '--checkpoint',
        ckpt,
        '--checkpoint-every',
        '10',
        '--resume',
      ]),
    );
  }, 180_000);

  it('trains a char-level GPT whose loss falls below the uniform ln V and saves a loadable folder', async () => {
    for (const r of runs) expect(r.code, r.err).toBe(0);
    const tokenizer = loadTokenizerJson(join(straight, 'tokenizer.json'));
    const chars = new Set(readFileSync(join(FIX, 'corpus.txt'), 'utf8'));
    expect(tokenizer.vocabSize).toBe(chars.size);
    const losses = lossesOf(runs[0]!.out)!;
    expect(losses.train).toBeLessThan(Math.log(chars.size) - 0.4); // ln 58 = 4.06 at initialisation
    expect(losses.valid).toBeLessThan(Math.log(chars.size) - 0.3);
    const config = JSON.parse(readFileSync(join(straight, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      vocab_size: chars.size,
      n_positions: 32,
      n_layer: 2,
      n_embd: 32,
      n_head: 2,
    });
  });

  it('stopping at step 10 and resuming from the checkpoint gives the same weights as one run', () => {
    expect(runs[1]!.out).toMatch(/10 steps/);
    expect(runs[2]!.out).toMatch(/20 steps/);
    expect(lossesOf(runs[2]!.out)).toEqual(lossesOf(runs[0]!.out));
    expect(
      Buffer.compare(
        readFileSync(join(straight, 'model.safetensors')),
        readFileSync(join(resumed, 'model.safetensors')),
      ),
    ).toBe(0);
  });

  it("streams the greedy text that the library's GPT.fromPretrained + streamText give", async () => {
    const r = glossa([
      'generate',
      straight,
      '-p',
      'First',
      '-n',
      '24',
      '--temperature',
      '0',
      '--backend',
      'cpu',
    ]);
    expect(r.code, r.err).toBe(0);
    await useBackend('cpu');
    const gpt = await GPT.fromPretrained(straight);
    const tokenizer = loadTokenizerJson(join(straight, 'tokenizer.json'));
    let expected = '';
    for await (const piece of gpt.streamText(tokenizer, 'First', { maxNewTokens: 24 })) expected += piece;
    gpt.dispose();
    expect(expected).toHaveLength(24);
    expect(r.out).toBe(`First${expected}\n`);
  });

  it('samples reproducibly per seed (--temperature, --top-k, --top-p)', async () => {
    const sample = (seed: string) =>
      glossaAsync([
        'generate',
        straight,
        '-p',
        'A',
        '-n',
        '20',
        '--temperature',
        '1.2',
        '--top-k',
        '20',
        '--top-p',
        '0.95',
        '--seed',
        seed,
      ]);
    const [a, b, c] = await Promise.all([sample('1'), sample('1'), sample('2')]);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.out).not.toBe(c.out);
    expect(a.out.startsWith('A')).toBe(true);
  });

  it('bad arguments are one line and a non-zero exit', async () => {
    const rs = await Promise.all([
      glossaAsync(['train']),
      glossaAsync(['train', 'gpt', 'corpus.txt']),
      glossaAsync(['train', 'gpt', 'corpus.txt', '-o', join(work, 'x'), '--embd', '30', '--heads', '4']),
      glossaAsync(['train', 'gpt', 'corpus.txt', '-o', join(work, 'x'), '--tokenizer', 'words']),
      glossaAsync(['train', 'gpt', 'corpus.txt', '-o', join(work, 'x'), '--lr', 'fast']),
      glossaAsync(['train', 'gpt', 'missing.txt', '-o', join(work, 'x')]),
      glossaAsync(['train', 'gpt', 'hyps.txt', '-o', join(work, 'x')]),
      glossaAsync(['generate', join(work, 'nope')]),
      glossaAsync(['generate', straight, '-n', '40']),
      glossaAsync(['generate', straight, '--top-p', '1.5']),
    ]);
    expectOneLine(rs[0]!, 2, /^glossa train: give a model to train: gpt/);
    expectOneLine(rs[1]!, 2, /--output \(-o\) is required/);
    expectOneLine(rs[2]!, 2, /--embd \(30\) must be a multiple of --heads \(4\)/);
    expectOneLine(rs[3]!, 2, /--tokenizer must be char or bpe, got 'words'/);
    expectOneLine(rs[4]!, 2, /--lr needs a number > 0, got 'fast'/);
    expectOneLine(rs[5]!, 1, /cannot read training file 'missing.txt': no such file/);
    expectOneLine(rs[6]!, 1, /'hyps.txt' has \d+ tokens: too few for --block 64/);
    expectOneLine(rs[7]!, 1, /model folder '.*nope' does not exist/);
    expectOneLine(rs[8]!, 2, /--max-new-tokens must be below the model's context of 32 tokens, got 40/);
    expectOneLine(rs[9]!, 2, /--top-p needs a number > 0 and <= 1, got '1.5'/);
  });
});

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
