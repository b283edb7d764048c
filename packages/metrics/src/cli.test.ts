import { describe, expect, it } from 'vitest';
import { runCli } from './cli';

function run(argv: string[], stdin: string, files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, stdin, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readFile: (p) => {
      const f = files[p];
      if (f === undefined) throw new Error(`no file ${p}`);
      return f;
    },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const hyps = "The dog bit the man.\nIt wasn't surprising.\nThe man had just bitten him.\n";
const files = {
  r1: 'The dog bit the man.\nIt was not unexpected.\nThe man bit him first.\n',
  r2: 'The dog had bit the man.\nNo one was surprised.\nThe man had bitten the dog.\n',
};

describe('glossa-metrics CLI', () => {
  it('bleu prints the sacreBLEU line with signature', () => {
    const r = run(['bleu', '-r', 'r1', '-r', 'r2'], hyps, files);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)',
    );
  });
  it('bleu --json and options', () => {
    const r = run(['bleu', '-r', 'r1', '-r', 'r2', '--tokenize', 'intl', '--json'], hyps, files);
    const j = JSON.parse(r.out);
    expect(j.score).toBeCloseTo(43.91623493336995, 9);
    expect(j.signature).toBe('nrefs:2|case:mixed|eff:no|tok:intl|smooth:exp|version:2.6.0');
  });
  it('chrf and chrF++ read hypotheses from -i', () => {
    const r = run(['chrf', '-r', 'r1', '-i', 'h', '--word-order', '2'], '', { ...files, h: hyps });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^chrF2\+\+\|nrefs:1\|case:mixed\|eff:yes\|nc:6\|nw:2\|space:no\|version:2\.6\.0 = \d+\.\d\d$/,
    );
  });
  it('rouge prints mean and interval per type', () => {
    const r = run(['rouge', '-r', 'r1', '--types', 'rouge1,rougeL', '--stemmer', '--json'], hyps, files);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.segments).toBe(3);
    // Stemmed tokens. Line 1 identical: F = 1. Line 2 [it was not unexpect] vs [it wasn t surpris]: F = 1/4.
    // Line 3 [the man bit him first] vs [the man had just bitten him]: P = 3/6, R = 3/5, F = 6/11.
    expect(j.rouge1.mean.fmeasure).toBeCloseTo((1 + 0.25 + 6 / 11) / 3, 12);
    expect(Object.keys(j)).toEqual(['segments', 'rouge1', 'rougeL']);
  });
  it('usage and input errors give exit codes 2 and 1 with a message', () => {
    expect(run([], '', files).code).toBe(2);
    expect(run(['bleu'], hyps, files).err).toMatch(/-r/);
    expect(run(['meteor', '-r', 'r1'], hyps, files).code).toBe(2);
    const bad = run(['bleu', '-r', 'r1'], 'only one line\n', files);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/referenceStreams\[0\].*expected length 1, received length 3/);
    expect(run(['bleu', '-r', 'r1', '--tokenize', 'foo'], hyps, files).err).toMatch(/options.tokenize/);
  });
});

describe('glossa-metrics CLI: help and unreadable files', () => {
  it('--help prints the usage on stdout and exits 0, with or without a command', () => {
    for (const argv of [['--help'], ['-h'], ['bleu', '--help'], ['rouge', '-h']]) {
      const r = run(argv, '', files);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.out).toMatch(/^Usage: glossa-metrics <bleu\|chrf\|rouge>/);
      expect(r.err).toBe('');
    }
  });
  it('an unreadable reference or hypothesis file is one line naming it, exit 1', () => {
    const enoent = (p: string) =>
      Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
    const io = (out: string[], err: string[]) => ({
      program: 'glossa',
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      readFile: (p: string) => {
        if (p in files) return files[p as keyof typeof files];
        throw enoent(p);
      },
    });
    const out: string[] = [];
    const err: string[] = [];
    expect(runCli(['bleu', '-r', 'missing.txt'], hyps, io(out, err))).toBe(1);
    expect(err).toEqual(["glossa: cannot read reference file 'missing.txt': no such file"]);
    err.length = 0;
    expect(runCli(['chrf', '-r', 'r1', '-i', 'hyps.txt'], '', io(out, err))).toBe(1);
    expect(err).toEqual(["glossa: cannot read hypothesis file 'hyps.txt': no such file"]);
  });
});
