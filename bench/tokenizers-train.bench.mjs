#!/usr/bin/env node
// BPE training: @glossa/tokenizers trainBPE (byte-level and classic) vs SentencePiece BPE (Debian
// python3-sentencepiece) at vocab 8,000 on ../shared/data/gutenberg-en.train.txt (8.5 MB), then tokens per character
// on gutenberg-en.valid.txt (each line encoded on its own, newlines not counted). Fresh process per run; medians.
//   node bench/tokenizers-train.bench.mjs          (BENCH_ROUNDS=3 by default)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SHARED = process.env.GLOSSA_SHARED_DIR ?? join(here, '..', '..', 'shared');
const TRAIN = join(SHARED, 'data', 'gutenberg-en.train.txt');
const VALID = join(SHARED, 'data', 'gutenberg-en.valid.txt');
const VOCAB = 8000;

async function worker(kind) {
  const { trainBPEFromFile } = await import('@glossa/tokenizers/node');
  const t = performance.now();
  const tok = await trainBPEFromFile(TRAIN, { vocabSize: VOCAB, kind });
  const train = (performance.now() - t) / 1000;
  const lines = readFileSync(VALID, 'utf8').split('\n');
  let tokens = 0;
  let chars = 0;
  for (const l of lines) {
    tokens += tok.countTokens(l);
    chars += l.length;
  }
  // classic BPE joins words with spaces on decode (lossy by design); byte-level must round-trip exactly
  const rt = kind === 'classic' || lines.slice(0, 500).every((l) => tok.decode(tok.encode(l).ids) === l);
  process.stdout.write(
    JSON.stringify({
      train,
      perChar: tokens / chars,
      vocab: tok.vocabSize,
      rss: process.resourceUsage().maxRSS / 1024,
      rt,
    }),
  );
}

const SP_SCRIPT = `
import sys, time, resource, sentencepiece as spm
t = time.time()
spm.SentencePieceTrainer.train(input=sys.argv[1], model_prefix=sys.argv[2], model_type='bpe', vocab_size=${VOCAB}, minloglevel=2)
train = time.time() - t
sp = spm.SentencePieceProcessor(model_file=sys.argv[2] + '.model')
lines = open(sys.argv[3], encoding='utf8').read().split('\\n')
toks = sum(len(sp.encode(l)) for l in lines); chars = sum(len(l) for l in lines)
import json; print(json.dumps({'train': train, 'perChar': toks / chars, 'rss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

function sentencepiece() {
  const dir = mkdtempSync(join(tmpdir(), 'glossa-spm-'));
  try {
    const p = spawnSync('/usr/bin/python3', ['-c', SP_SCRIPT, TRAIN, join(dir, 'm'), VALID], {
      encoding: 'utf8',
    });
    if (p.status !== 0) return { error: p.stderr.trim().split('\n').pop() };
    return JSON.parse(p.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main() {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const hasSp =
    existsSync('/usr/bin/python3') &&
    spawnSync('/usr/bin/python3', ['-c', 'import sentencepiece']).status === 0;
  const res = { 'glossa byte-level': [], 'glossa classic': [], sentencepiece: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [name, kind] of [
      ['glossa byte-level', 'byte-level'],
      ['glossa classic', 'classic'],
    ]) {
      const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', kind], {
        encoding: 'utf8',
      });
      if (p.status !== 0) {
        console.error(`${name} failed:\n${p.stderr}`);
        process.exitCode = 1;
      } else res[name].push(JSON.parse(p.stdout));
    }
    if (hasSp) {
      const s = sentencepiece();
      if (s.error) console.error(`sentencepiece failed: ${s.error}`);
      else res.sentencepiece.push(s);
    }
  }
  console.log(
    `BPE training to ${VOCAB} tokens on gutenberg-en.train.txt (8.5 MB); ${rounds} rounds, medians`,
  );
  if (!hasSp)
    console.log('  (SentencePiece peer missing: /usr/bin/python3 with sentencepiece not found — not faked)');
  console.log('  trainer              train s   tokens/char (valid)   peak RSS MB');
  const sp = res.sentencepiece.length ? median(res.sentencepiece.map((x) => x.train)) : null;
  for (const [name, rs] of Object.entries(res)) {
    if (!rs.length) continue;
    const t = median(rs.map((x) => x.train));
    console.log(
      `  ${name.padEnd(20)} ${t.toFixed(2).padStart(7)}   ${median(rs.map((x) => x.perChar))
        .toFixed(4)
        .padStart(19)}   ${median(rs.map((x) => x.rss))
        .toFixed(0)
        .padStart(
          11,
        )}${sp && name !== 'sentencepiece' ? `   (${(sp / t).toFixed(2)}× SentencePiece's speed)` : ''}`,
    );
    if (rs.some((x) => x.rt === false)) console.log(`  ${name}: round-trip FAILED on valid lines`);
  }
}

if (process.argv[2] === '--worker') await worker(process.argv[3]);
else main();
