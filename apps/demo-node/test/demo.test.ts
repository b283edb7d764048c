// The quick-start demo runs end to end, terminates, and its loss really falls.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Generator, probeBackends } from '@glossa/core';
import { describe, expect, it } from 'vitest';
import { allExamples, CharVocab, loadCorpus, makeBatcher, splitText } from '../src/data.mjs';

const run = promisify(execFile);
const [webgpu] = await probeBackends(['webgpu']);
const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'main.mjs');

describe('data', () => {
  it('round-trips the bundled corpus through the character vocabulary', () => {
    const text = loadCorpus();
    expect(text.length).toBeGreaterThan(50_000);
    const vocab = new CharVocab(text);
    expect(vocab.size).toBeGreaterThan(40);
    expect(vocab.size).toBeLessThan(80);
    expect(vocab.decode(vocab.encode(text))).toBe(text);
    expect(() => vocab.encode('€')).toThrow(/not in the vocabulary/);
  });

  it('splits at a line end and makes left-padded (context, next char) examples', () => {
    const { train, valid } = splitText('ab\ncd\nef\ngh\n', 0.5);
    expect(train.endsWith('\n')).toBe(true);
    expect(train + valid).toBe('ab\ncd\nef\ngh\n');
    const vocab = new CharVocab('abc');
    const ex = allExamples(vocab.encode('abc'), 2);
    expect(Array.from(ex.targets)).toEqual([1, 2]);
    expect(Array.from(ex.contexts)).toEqual([0, 0, 0, 1]);
  });

  it('draws the same batches for the same seed', () => {
    const ids = new CharVocab(loadCorpus()).encode(loadCorpus().slice(0, 5000));
    const a = makeBatcher(ids, 8, new Generator(7))(4);
    const b = makeBatcher(ids, 8, new Generator(7))(4);
    const c = makeBatcher(ids, 8, new Generator(8))(4);
    expect(Array.from(a.targets)).not.toEqual(Array.from(c.targets));
    expect(Array.from(a.contexts)).toEqual(Array.from(b.contexts));
    expect(Array.from(a.targets)).toEqual(Array.from(b.targets));
  });
});

describe('demo', () => {
  it('trains on wasm, the validation loss falls, samples print, and it exits', async () => {
    const { stdout } = await run(
      process.execPath,
      [main, '--steps', '60', '--backend', 'wasm', '--sample', '60', '--batch', '64'],
      { timeout: 240_000 },
    );
    const valid = [...stdout.matchAll(/^step\s+\d+\s+train \S+\s+valid (\d+\.\d+)/gm)].map((m) =>
      Number(m[1]),
    );
    expect(valid.length).toBeGreaterThanOrEqual(5);
    expect(valid.at(-1)!).toBeLessThan(valid[0]! - 0.5);
    expect(stdout).toMatch(/backend: wasm/);
    expect(stdout).toMatch(/sample before training:/);
    expect(stdout).toMatch(/sample after training:/);
    expect(stdout).toMatch(/n-gram baseline .* valid \d+\.\d+ nats\/char/);
    expect(stdout).toMatch(/neural model: valid \d+\.\d+ nats\/char/);
  });

  // webgpu in Node (Dawn) has no synchronous read-back: the demo reads asynchronously.
  it.skipIf(!webgpu?.available)(
    `runs on webgpu (--backend webgpu)${webgpu?.available ? '' : ` (skipped: ${webgpu?.reason})`}`,
    async () => {
      const { stdout } = await run(
        process.execPath,
        [main, '--steps', '3', '--backend', 'webgpu', '--sample', '8', '--batch', '16', '--no-ngram'],
        { timeout: 240_000 },
      );
      expect(stdout).toMatch(/backend: webgpu/);
      expect(stdout).toMatch(/sample after training:/);
      expect(stdout).toMatch(/neural model: valid \d+\.\d+ nats\/char/);
    },
  );

  it('rejects a bad flag with a clear error', async () => {
    await expect(
      run(process.execPath, [main, '--backend', 'tpu'], { timeout: 60_000 }),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/--backend: expected auto, wasm, cpu or webgpu, received tpu/),
    });
  });
});
