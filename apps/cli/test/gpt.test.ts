// `glossa train gpt` → `generate` run as the built bin: a tiny char-level GPT trained for 20 steps,
// exact resume from a checkpoint, the greedy text checked against GPT.fromPretrained + streamText
// in-process, seeded samples reproducible, and every bad argument one line with a non-zero exit.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { useBackend } from '@glossa/core';
import { loadTokenizerJson } from '@glossa/tokenizers/node';
import { GPT } from '@glossa/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLine, FIX, glossa, glossaAsync, scratch } from './run-bin';

const work = scratch('gpt');
afterAll(() => rmSync(work, { recursive: true, force: true }));

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
