// The quick-start demo runs end to end, terminates, and every model's loss really falls.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Generator, probeBackends } from '@glossa/core';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus.mjs';
import { allExamples, CharVocab, consecutiveWindows, makeBatcher, makeWindowBatcher } from '../src/data.mjs';

const run = promisify(execFile);
const [webgpu] = await probeBackends(['webgpu']);
const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'main.mjs');

describe('data', () => {
  it('bundles the fixed Tiny Shakespeare split and round-trips it through the character vocabulary', () => {
    const { train, valid } = loadCorpus();
    expect(train.length).toBe(1_003_856);
    expect(valid.length).toBe(111_538);
    expect(train.endsWith('\n')).toBe(true);
    const vocab = new CharVocab(train + valid);
    expect(vocab.size).toBe(65);
    expect(vocab.decode(vocab.encode(valid))).toBe(valid);
    expect(() => vocab.encode('€')).toThrow(/not in the vocabulary/);
  });

  it('makes left-padded (context, next char) examples', () => {
    const vocab = new CharVocab('abc');
    const ex = allExamples(vocab.encode('abc'), 2);
    expect(Array.from(ex.targets)).toEqual([1, 2]);
    expect(Array.from(ex.contexts)).toEqual([0, 0, 0, 1]);
  });

  it('draws the same batches for the same seed', () => {
    const ids = new CharVocab(loadCorpus().valid).encode(loadCorpus().valid.slice(0, 5000));
    const a = makeBatcher(ids, 8, new Generator(7))(4);
    const b = makeBatcher(ids, 8, new Generator(7))(4);
    const c = makeBatcher(ids, 8, new Generator(8))(4);
    expect(Array.from(a.targets)).not.toEqual(Array.from(c.targets));
    expect(Array.from(a.contexts)).toEqual(Array.from(b.contexts));
    expect(Array.from(a.targets)).toEqual(Array.from(b.targets));
  });

  it('draws windows whose targets are the inputs shifted by one', () => {
    const ids = Int32Array.from({ length: 100 }, (_, i) => i);
    const { x, y } = makeWindowBatcher(ids, 10, new Generator(1))(3);
    for (let r = 0; r < 3; r++) for (let t = 0; t < 10; t++) expect(y[r * 10 + t]).toBe(x[r * 10 + t]! + 1);
    expect(() => makeWindowBatcher(ids.subarray(0, 10), 10, new Generator(1))).toThrow(/too short/);
  });

  it('covers every target of the validation text exactly once with consecutive windows', () => {
    const ids = Int32Array.from({ length: 23 }, (_, i) => i);
    const windows = consecutiveWindows(ids, 8);
    expect(windows.map((w) => w.length)).toEqual([8, 8, 6]);
    expect(windows.flatMap((w) => Array.from(w.y))).toEqual(Array.from(ids.subarray(1)));
  });
});

/** Rows of the summary table: model title → { steps, nats }. */
function table(stdout: string) {
  const rows = new Map<string, { steps: string; nats: number }>();
  for (const m of stdout.matchAll(/^(\S.*?)\s{2,}(—|[\d,]+)\s+(—|\d+)\s+[\d.]+\s+(\d+\.\d+)\s+[\d.]+$/gm))
    rows.set(m[1]!, { steps: m[3]!, nats: Number(m[4]) });
  return rows;
}

describe('demo', () => {
  it('trains the n-gram, MLP, LSTM and GPT on wasm: each neural loss falls, a table and samples print', async () => {
    const { stdout } = await run(
      process.execPath,
      [main, '--steps', '40', '--backend', 'wasm', '--sample', '30', '--valid', '4096'],
      { timeout: 280_000 },
    );
    expect(stdout).toMatch(/backend: wasm/);
    const rows = table(stdout);
    expect([...rows.keys()].map((k) => k.split(',')[0])).toEqual(['5-gram', 'MLP', 'LSTM', 'GPT']);
    // A uniform guess over 65 characters scores ln 65 ≈ 4.174 nats/char.
    for (const [title, row] of rows) {
      expect(row.nats, title).toBeLessThan(Math.log(65) - 0.6);
      if (!title.startsWith('5-gram')) expect(row.steps).toBe('40');
    }
    for (const m of stdout.matchAll(/train loss (\d+\.\d+) → (\d+\.\d+)/g))
      expect(Number(m[2]), m[0]).toBeLessThan(Number(m[1]) - 0.5);
    expect([...stdout.matchAll(/^sample, /gm)]).toHaveLength(4);
    expect(stdout).toMatch(/; 0 tensors live$/m);
  }, 300_000);

  // webgpu in Node (Dawn) has no synchronous read-back: the demo reads asynchronously.
  it.skipIf(!webgpu?.available)(
    `runs on webgpu (--backend webgpu)${webgpu?.available ? '' : ` (skipped: ${webgpu?.reason})`}`,
    async () => {
      const { stdout } = await run(
        process.execPath,
        [
          main,
          '--steps',
          '2',
          '--backend',
          'webgpu',
          '--sample',
          '4',
          '--valid',
          '256',
          '--models',
          'mlp,gpt',
        ],
        { timeout: 280_000 },
      );
      expect(stdout).toMatch(/backend: webgpu/);
      expect([...table(stdout).keys()]).toHaveLength(2);
      expect(stdout).toMatch(/; 0 tensors live$/m);
    },
    300_000,
  );

  it('prints its options with --help and exits 0', async () => {
    const { stdout } = await run(process.execPath, [main, '--help'], { timeout: 60_000 });
    expect(stdout).toMatch(/--models LIST/);
    expect(stdout).toMatch(/--seconds N/);
  });

  it('rejects bad flags with a clear error', async () => {
    await expect(
      run(process.execPath, [main, '--backend', 'tpu'], { timeout: 60_000 }),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/--backend: expected auto, wasm, cpu or webgpu, received tpu/),
    });
    await expect(
      run(process.execPath, [main, '--models', 'gpt,bert'], { timeout: 60_000 }),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/--models: expected .*ngram, mlp, lstm, gpt, received gpt,bert/),
    });
  });
});
