// Perplexity baselines of @glossa/ngram on the shared corpora (the numbers in packages/ngram/README.md).
// Word level: simpleSentences (lower-cased words and punctuation, sentences split at . ! ?), vocabulary from the
// training split with minCount 2 (training words seen once -> <unk>). Character level (Tiny Shakespeare): every
// line is a sentence of characters, </s> stands for the newline, so perplexity is per character of the file.
// Perplexity = exp(mean NLL over predicted tokens incl. </s>, natural log).
// Run: pnpm --filter @glossa/ngram build && node bench/ngram-perplexity.bench.mjs
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddKModel, countNgrams, KneserNeyModel, simpleSentences } from '@glossa/ngram';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', '..', 'shared', 'data');
if (!existsSync(data)) {
  console.log(`skipped: ${data} not found`);
  process.exit(0);
}
const read = (f) => readFileSync(join(data, f), 'utf8');
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : '∞');

function wordTable(name, trainFile, validFile) {
  const train = simpleSentences(read(trainFile));
  const valid = simpleSentences(read(validFile));
  const trainTokens = train.reduce((a, s) => a + s.length, 0);
  console.log(
    `\n${name}: train ${train.length} sentences / ${trainTokens} words, valid ${valid.length} sentences`,
  );
  console.log(
    '| order | modified KN | Kneser-Ney (D=0.75) | add-k (k=0.01) | Laplace | count s | valid tokens | OOV |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const order of [1, 2, 3, 4]) {
    const t0 = performance.now();
    const counts = countNgrams(train, { order, minCount: 2 });
    const secs = (performance.now() - t0) / 1000;
    const kn = new KneserNeyModel(counts, { discount: 0.75 }).evaluate(valid);
    const mkn = new KneserNeyModel(counts, { modified: true }).perplexity(valid);
    const addk = new AddKModel(counts, { k: 0.01 }).perplexity(valid);
    const lap = new AddKModel(counts, { k: 1 }).perplexity(valid);
    console.log(
      `| ${order} | ${fmt(mkn)} | ${fmt(kn.perplexity)} | ${fmt(addk)} | ${fmt(lap)} | ${secs.toFixed(2)} | ${kn.tokens} | ${(
        (100 * kn.oov) / kn.tokens
      ).toFixed(2)}% |`,
    );
  }
}

function charTable() {
  const lines = (f) =>
    read(f)
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => [...l]);
  const train = lines('tinyshakespeare.train.txt');
  const valid = lines('tinyshakespeare.valid.txt');
  console.log(`\nTiny Shakespeare, characters: train ${train.length} lines, valid ${valid.length} lines`);
  console.log('| order | modified KN ppl | nats/char | bits/char | Kneser-Ney (D=0.75) ppl |');
  console.log('|---|---|---|---|---|');
  for (const order of [3, 5, 7, 9, 11]) {
    const counts = countNgrams(train, { order, minCount: 1 });
    const e = new KneserNeyModel(counts, { modified: true }).evaluate(valid);
    const plain = new KneserNeyModel(counts, { discount: 0.75 }).perplexity(valid);
    const nats = -e.logProb / e.tokens;
    const bits = nats / Math.LN2;
    console.log(
      `| ${order} | ${e.perplexity.toFixed(3)} | ${nats.toFixed(4)} | ${bits.toFixed(4)} | ${plain.toFixed(3)} |`,
    );
  }
}

wordTable('Gutenberg (gutenberg-en.train/valid)', 'gutenberg-en.train.txt', 'gutenberg-en.valid.txt');
wordTable(
  'Tiny Shakespeare, words (tinyshakespeare.train/valid)',
  'tinyshakespeare.train.txt',
  'tinyshakespeare.valid.txt',
);
charTable();
