// `glossa translate` run as the built bin with the shipped en-fr asset: its lines (greedy and beam)
// are what Seq2SeqTransformer.fromPretrained(asset).translate gives in this process, the three
// inputs (arguments, -i FILE, stdin) agree, --json pairs sources with translations, and every bad
// argument is one line with a non-zero exit.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBackend } from '@glossa/core';
import { Seq2SeqTransformer } from '@glossa/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectOneLine, FIX, glossa, glossaAsync, scratch } from './run-bin';

const ASSET = fileURLToPath(new URL('../../../packages/transformers/assets/en-fr', import.meta.url));
const SENTENCES = ['I am happy.', 'Where is the station?', 'We like cats.'];
const work = scratch('translate');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('glossa translate', () => {
  let greedy: string[] = [];
  let beam: string[] = [];
  beforeAll(async () => {
    await useBackend('cpu');
    const model = await Seq2SeqTransformer.fromPretrained(ASSET);
    greedy = await model.translate(SENTENCES);
    beam = await model.translate(SENTENCES, { numBeams: 3 });
    model.dispose();
  }, 60_000);

  it('prints, one per line, the greedy and beam translations of the library', async () => {
    const [g, b] = await Promise.all([
      glossaAsync(['translate', ...SENTENCES, '--backend', 'cpu']),
      glossaAsync(['translate', ...SENTENCES, '--beams', '3', '--backend', 'cpu']),
    ]);
    expect(g.code, g.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    expect(greedy[0]).toMatch(/heureu/); // the asset does translate: "happy" → heureux/heureuse
    expect(g.out).toBe(`${greedy.join('\n')}\n`);
    expect(b.out).toBe(`${beam.join('\n')}\n`);
  }, 60_000);

  it('reads lines from -i FILE or stdin, keeps empty lines, and writes --json', async () => {
    const file = join(work, 'in.en');
    writeFileSync(file, `${SENTENCES[0]}\n\n${SENTENCES[1]}\n`);
    const fromFile = await glossaAsync(['translate', '-i', file, '--json', '--backend', 'cpu']);
    expect(fromFile.code, fromFile.err).toBe(0);
    expect(JSON.parse(fromFile.out)).toEqual([
      { source: SENTENCES[0], translation: greedy[0] },
      { source: '', translation: '' },
      { source: SENTENCES[1], translation: greedy[1] },
    ]);
    const fromStdin = spawnSync(process.execPath, [BIN, 'translate', '--backend', 'cpu'], {
      cwd: FIX,
      input: `${SENTENCES[2]}\n`,
      encoding: 'utf8',
    });
    expect(fromStdin.status, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).toBe(`${greedy[2]}\n`);
  }, 60_000);

  it('defaults to the shipped asset, resolved from the CLI source', async () => {
    const { DEFAULT_MODEL } = await import(new URL('../src/commands/translate.mjs', import.meta.url).href);
    expect(DEFAULT_MODEL.replace(/\/$/, '')).toBe(ASSET.replace(/\/$/, ''));
  });

  it('fails in one line on bad arguments', () => {
    expectOneLine(glossa(['translate', 'Hi.', '--beams', '0']), 2, /--beams needs a whole number >= 1/);
    expectOneLine(glossa(['translate', 'Hi.', '--beams']), 2, /--beams.* needs a value/);
    expectOneLine(glossa(['translate', 'Hi.', '-i', 'x.txt']), 2, /as arguments or with --input/);
    expectOneLine(glossa(['translate', '-i', join(work, 'none.txt')]), 1, /cannot read input file/);
    expectOneLine(
      glossa(['translate', 'Hi.', '--model', join(work, 'nope')]),
      1,
      /model folder .* does not exist/,
    );
    expectOneLine(glossa(['translate', 'Hi.', '--model', work]), 1, /cannot load model folder/);
    expectOneLine(glossa(['translate', 'Hi.', '--wat']), 2, /unknown option '--wat'/);
  }, 60_000);
});
