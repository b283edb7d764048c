// The built `glossa` bin, run as a subprocess the way a user runs it: outputs checked against
// reference values (tiktoken's ids, sacreBLEU's score line, the n-gram library's own perplexity),
// and every failure one line on stderr with a non-zero exit code and no stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countNgrams, KneserNeyModel, simpleSentences } from '@glossa/ngram';
import { loadTokenizerJson } from '@glossa/tokenizers/node';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/glossa.mjs', import.meta.url));
const FIX = fileURLToPath(new URL('./fixtures/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'glossa-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function glossa(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: FIX,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, GLOSSA_DEBUG: '', ...options.env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** One line on stderr, no stack frames. */
function expectOneLine(err: string) {
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err).not.toMatch(/\n\s+at /);
}

describe('glossa --help and the command registry', () => {
  it('--help lists every command and exits 0; no command is a usage error', () => {
    const r = glossa(['--help']);
    expect(r.code).toBe(0);
    for (const c of [
      'tokenize',
      'train-tokenizer',
      'bleu',
      'chrf',
      'rouge',
      'ngram',
      'train',
      'generate',
      'word2vec',
      'translate',
    ])
      expect(r.out).toContain(`  ${c}`);
    expect(glossa([]).code).toBe(2);
  });
  it.each([
    ['tokenize'],
    ['train-tokenizer'],
    ['bleu'],
    ['chrf'],
    ['rouge'],
    ['ngram'],
    ['train'],
    ['generate'],
    ['word2vec'],
    ['translate'],
  ])('%s --help exits 0', (c) => {
    const r = glossa([c, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: glossa ${c}`));
    expect(r.err).toBe('');
  });
  it('an unknown command or option is one line and exit 2', () => {
    const a = glossa(['tokenise']);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/^glossa: unknown command 'tokenise'/);
    expectOneLine(a.err);
    const b = glossa(['tokenize', '--encodng', 'gpt2', 'x']);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/^glossa tokenize: unknown option '--encodng'/);
    expectOneLine(b.err);
  });
});

describe('glossa tokenize', () => {
  it("gives tiktoken's ids for cl100k_base (default) and gpt2", () => {
    expect(JSON.parse(glossa(['tokenize', 'hello world', '--json']).out)).toEqual({
      count: 2,
      ids: [15339, 1917],
      tokens: ['hello', 'Ġworld'], // byte-level symbols, as tokenizer.json and Hugging Face write them
    });
    expect(glossa(['tokenize', '-e', 'gpt2', '--ids'], { input: 'hello world' }).out.trim()).toBe(
      '31373 995',
    );
  });
  it('reads -i FILE and names a missing one', () => {
    const r = glossa(['tokenize', '-i', 'hyps.txt']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^count: \d+\nids: /);
    const bad = glossa(['tokenize', '-i', 'nope.txt']);
    expect(bad.code).toBe(1);
    expect(bad.err.trim()).toBe(
      "glossa tokenize: cannot read input file 'nope.txt': no such file or directory",
    );
  });
  it('an unknown encoding is one line naming it', () => {
    const r = glossa(['tokenize', '-e', 'cl200k', 'x']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cl200k/);
    expectOneLine(r.err);
  });
});

describe('glossa train-tokenizer', () => {
  it('trains byte-level BPE to the asked size with a progress bar; tokenize -t uses it', () => {
    const out = join(work, 'tokenizer.json');
    const r = glossa(
      ['train-tokenizer', 'corpus.txt', '--vocab-size', '300', '-o', out, '--special', '<|endoftext|>'],
      {
        env: { GLOSSA_PROGRESS: '1' },
      },
    );
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/training BPE \[#+\] 100%/);
    const tok = loadTokenizerJson(out);
    expect(tok.vocabSize).toBe(300);
    const text = 'First Citizen: we are accounted poor citizens.';
    const j = JSON.parse(glossa(['tokenize', '-t', out, '--json', text]).out);
    expect(j.ids).toEqual(tok.encode(text).ids);
    expect(tok.decode(j.ids)).toBe(text);
    expect(j.count).toBeLessThan(text.length);
  });
  it('names an unreadable training file; a missing --vocab-size is a usage error', () => {
    const r = glossa([
      'train-tokenizer',
      'corpus.txt',
      'missing.txt',
      '--vocab-size',
      '300',
      '-o',
      join(work, 't.json'),
    ]);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(
      "glossa train-tokenizer: cannot read training file 'missing.txt': no such file or directory",
    );
    expect(glossa(['train-tokenizer', 'corpus.txt', '-o', 'x.json']).code).toBe(2);
  });
});

describe('glossa bleu / chrf / rouge (sacreBLEU flags)', () => {
  const SACREBLEU =
    'BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)';
  it("prints sacreBLEU's line for hypotheses on stdin or -i", () => {
    const hyps = readFileSync(join(FIX, 'hyps.txt'), 'utf8');
    expect(glossa(['bleu', '-r', 'refs1.txt', '-r', 'refs2.txt'], { input: hyps }).out.trim()).toBe(
      SACREBLEU,
    );
    expect(glossa(['bleu', '-r', 'refs1.txt', '-r', 'refs2.txt', '-i', 'hyps.txt']).out.trim()).toBe(
      SACREBLEU,
    );
  });
  it('--json has the score and signature; --lowercase, --tokenize and --smooth-method reach the signature', () => {
    const j = JSON.parse(
      glossa([
        'bleu',
        '-r',
        'refs1.txt',
        '-i',
        'hyps.txt',
        '--json',
        '-lc',
        '--tokenize',
        'intl',
        '--smooth-method',
        'floor',
      ]).out,
    );
    expect(j.signature).toBe('nrefs:1|case:lc|eff:no|tok:intl|smooth:floor[0.10]|version:2.6.0');
    expect(typeof j.score).toBe('number');
    const chrf = JSON.parse(glossa(['chrf', '-r', 'refs1.txt', '-i', 'hyps.txt', '--json']).out);
    expect(chrf.score).toBeGreaterThan(0);
    const rouge = glossa(['rouge', '-r', 'refs1.txt', '-i', 'hyps.txt', '--types', 'rouge1']);
    expect(rouge.out).toMatch(/^rouge1 = \d+\.\d\d/);
  });
  it('a missing reference file is one line naming it, exit 1 (no ENOENT stack)', () => {
    const r = glossa(['bleu', '-r', 'missing.txt', '-i', 'hyps.txt']);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe("glossa bleu: cannot read reference file 'missing.txt': no such file");
  });
});

describe('glossa-metrics bin (fixed the same way)', () => {
  const METRICS_BIN = fileURLToPath(
    new URL('../../../packages/metrics/bin/glossa-metrics.mjs', import.meta.url),
  );
  const run = (args: string[]) =>
    spawnSync(process.execPath, [METRICS_BIN, ...args], { cwd: FIX, encoding: 'utf8', input: '' });
  it('--help exits 0 and a missing file is one line, exit 1', () => {
    expect(run(['--help']).status).toBe(0);
    const r = run(['bleu', '-r', 'missing.txt']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("glossa-metrics: cannot read reference file 'missing.txt': no such file");
  });
});

describe('glossa ngram', () => {
  const arpa = join(work, 'model.arpa');
  it('train writes an ARPA file whose perplexity equals the library model’s', () => {
    const r = glossa(['ngram', 'train', 'corpus.txt', '--order', '3', '-o', arpa], {
      env: { GLOSSA_PROGRESS: '1' },
    });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^wrote .*model\.arpa: 3-gram Kneser-Ney/);
    expect(readFileSync(arpa, 'utf8')).toMatch(/^\n?\\data\\\nngram 1=\d+\nngram 2=\d+\nngram 3=\d+/);
    const kn = new KneserNeyModel(
      countNgrams(simpleSentences(readFileSync(join(FIX, 'corpus.txt'), 'utf8')), { order: 3 }),
    );
    const expected = kn.evaluate(simpleSentences(readFileSync(join(FIX, 'heldout.txt'), 'utf8')));
    const got = JSON.parse(glossa(['ngram', 'perplexity', '-m', arpa, 'heldout.txt', '--json']).out);
    expect(got.tokens).toBe(expected.tokens);
    expect(got.oov).toBe(expected.oov);
    expect(got.perplexity).toBeCloseTo(expected.perplexity, 3);
    const text = glossa(['ngram', 'perplexity', '-m', arpa, 'heldout.txt']).out;
    expect(text).toBe(
      `perplexity = ${expected.perplexity.toFixed(2)} (tokens = ${expected.tokens}, oov = ${expected.oov}, order = 3)\n`,
    );
  });
  it('sample prints seeded sentences; a missing model is one line naming it', () => {
    const a = glossa(['ngram', 'sample', '-m', arpa, '-n', '2', '--seed', '3']);
    expect(a.code).toBe(0);
    expect(a.out.trim().split('\n')).toHaveLength(2);
    expect(glossa(['ngram', 'sample', '-m', arpa, '-n', '2', '--seed', '3']).out).toBe(a.out);
    const b = glossa(['ngram', 'perplexity', '-m', 'gone.arpa', 'heldout.txt']);
    expect(b.code).toBe(1);
    expect(b.err.trim()).toBe("glossa ngram: cannot read model file 'gone.arpa': no such file or directory");
    writeFileSync(join(work, 'bad.arpa'), 'not an arpa file\n');
    const c = glossa(['ngram', 'perplexity', '-m', join(work, 'bad.arpa'), 'heldout.txt']);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/^glossa ngram: cannot load model file '.*bad\.arpa': /);
    expectOneLine(c.err);
  });
});
