#!/usr/bin/env node
// Example: the NNLM of @glossa/embeddings (Bengio et al. 2003) beside the n-gram models of @glossa/ngram on the
// same data — word-level Gutenberg English (shared/data), the same events and vocabulary for every model:
// simpleSentences tokens (lower-cased words and punctuation), the 5,000 most frequent training words (the rest
// → <unk>), every sentence predicted word by word and then </s> (one <s> of context before it for the n-grams,
// <s> padding for the NNLM). Perplexity = exp(mean NLL over those events). The NNLM trains on the first
// --tokens training tokens (default 300k) on the wasm backend with Adam; the n-grams count the same tokens.
// With --direct, a second NNLM with the paper's direct connections too (about twice as slow).
// Usage: pnpm build && node bench/embeddings-nnlm.bench.mjs [--tokens N] [--epochs N] [--direct]
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Generator, useBackend } from '@glossa/core';
import { NNLM, nnlmData, trainNNLM, Vocabulary } from '@glossa/embeddings';
import { countNgrams, KneserNeyModel, simpleSentences } from '@glossa/ngram';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', '..', 'shared', 'data');
if (!existsSync(join(data, 'gutenberg-en.train.txt'))) {
  console.log(`skipped: ${data}/gutenberg-en.train.txt not found`);
  process.exit(0);
}
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const maxTokens = arg('--tokens', 300_000);
const epochs = arg('--epochs', 3);
const V = 5000;

const read = (f) => simpleSentences(readFileSync(join(data, f), 'utf8'));
const all = read('gutenberg-en.train.txt');
const train = [];
for (let n = 0, i = 0; n < maxTokens && i < all.length; i++) {
  train.push(all[i]);
  n += all[i].length;
}
const valid = read('gutenberg-en.valid.txt').slice(0, 3000);
const vocab = Vocabulary.fromSentences(train, { maxVocabSize: V });
const unk = (s) => s.map((w) => (vocab.has(w) ? w : '<unk>'));
const trainU = train.map(unk);
const validU = valid.map(unk);
const count = (ss) => ss.reduce((n, s) => n + s.length + 1, 0);
console.log(
  `# NNLM vs n-grams, Gutenberg words: train ${train.length} sentences (${count(train)} events), valid ${valid.length} sentences (${count(valid)} events), vocabulary ${vocab.size} + <unk>`,
);

console.log('\n| model | valid perplexity | seconds |');
console.log('|---|--:|--:|');
for (const order of [1, 2, 3]) {
  const t = performance.now();
  const counts = countNgrams(trainU, { order, minCount: 1 });
  const ppl = new KneserNeyModel(counts, { modified: true }).perplexity(validU);
  console.log(
    `| ${order}-gram, modified Kneser-Ney (@glossa/ngram) | ${ppl.toFixed(1)} | ${((performance.now() - t) / 1000).toFixed(1)} |`,
  );
}

await useBackend('wasm', { verbose: false });
const ids = new Map([...vocab.words.map((w, i) => [w, i]), ['<unk>', V], ['</s>', V + 1], ['<s>', V + 2]]);
const encode = (ss) => ss.map((s) => [...s, '</s>'].map((w) => ids.get(w)));
for (const direct of process.argv.includes('--direct') ? [false, true] : [false]) {
  const t = performance.now();
  const lm = new NNLM({
    vocabSize: V + 3,
    order: 3,
    embeddingDim: 30,
    hiddenSize: 64,
    directConnections: direct,
    generator: new Generator(1),
  });
  const trainData = nnlmData(encode(trainU), 3, V + 2);
  const validData = nnlmData(encode(validU), 3, V + 2);
  const { history } = await trainNNLM(lm, trainData, {
    epochs,
    batchSize: 128,
    lr: 0.003,
    valid: validData,
    onEpoch: (e) =>
      console.error(
        `  NNLM${direct ? ' + direct' : ''} epoch ${e.epoch}: train ${e.trainPerplexity.toFixed(1)}, valid ${e.validPerplexity.toFixed(1)}`,
      ),
  });
  const best = Math.min(...history.map((h) => h.validPerplexity));
  console.log(
    `| 3-gram NNLM (m 30, h 64${direct ? ', direct connections' : ''}; ${epochs} epochs, best) | ${best.toFixed(1)} | ${((performance.now() - t) / 1000).toFixed(1)} |`,
  );
  lm.dispose();
}
