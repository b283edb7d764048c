#!/usr/bin/env node
// Decoding speed of the English→French Seq2SeqTransformer on wasm: sentences/s for greedy and beam 4,
// with the caches (self-attention KVCache + cross-attention keys/values projected once) and without
// (the whole target prefix re-run through the decoder every step, memory projections included), at
// batch size 1 (one sentence at a time, as a playground page translates) and BATCH sentences together.
// Every row decodes the same sentences in one run and prints its ratio to the cached row; cached and
// uncached outputs are checked to be identical. Model: packages/transformers/assets/en-fr (the shipped
// one, trained by packages/transformers/examples/translate-en-fr/train.mjs); sentences: the first N of
// ../shared/data/tatoeba-eng-fra.dev.tsv (or a few built-in ones when the data is absent).
//
//   pnpm build
//   nice -n 5 node bench/translate-decode.bench.mjs        N=40 BATCH=20 BENCH_THREADS=1 ROUNDS=2
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBackend } from '@glossa/core';
import { Seq2SeqTransformer } from '@glossa/transformers';

const here = dirname(fileURLToPath(import.meta.url));
const MODEL = process.env.MODEL ?? join(here, '..', 'packages', 'transformers', 'assets', 'en-fr');
const DEV = join(
  process.env.GLOSSA_DATA_DIR ?? join(here, '..', '..', 'shared', 'data'),
  'tatoeba-eng-fra.dev.tsv',
);
const N = Number(process.env.N ?? 40);
const BATCH = Number(process.env.BATCH ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
if (!existsSync(join(MODEL, 'model.safetensors'))) {
  console.log(`no model in ${MODEL}: run packages/transformers/examples/translate-en-fr/train.mjs first`);
  process.exit(0);
}
const sentences = existsSync(DEV)
  ? readFileSync(DEV, 'utf8')
      .split('\n')
      .filter((l) => l.includes('\t'))
      .slice(0, N)
      .map((l) => l.split('\t')[0])
  : ['I like cats.', 'Where is the station?', 'We were both hungry.', 'He is my brother.'];

const info = await useBackend('wasm', { verbose: false, threads: Number(process.env.BENCH_THREADS ?? 1) });
const model = await Seq2SeqTransformer.fromPretrained(MODEL);
console.log(
  `Seq2SeqTransformer ${MODEL}: ${model.numParameters()} parameters, ${model.config.dModel}-wide, ` +
    `${model.config.numEncoderLayers}+${model.config.numDecoderLayers} layers; backend ${info.name}; ` +
    `${sentences.length} sentences; CPU ${cpus()[0]?.model ?? '?'} ×${cpus().length}`,
);
await model.translate(sentences.slice(0, 2)); // warm-up (kernels, wasm pages)

const rows = [];
for (const batchSize of [1, BATCH]) {
  for (const numBeams of [1, 4]) {
    const outputs = {};
    const times = { cache: Infinity, 'no cache': Infinity };
    for (let r = 0; r < ROUNDS; r++) {
      for (const useCache of [true, false]) {
        const key = useCache ? 'cache' : 'no cache';
        const t0 = performance.now();
        outputs[key] = await model.translate(sentences, { numBeams, useCache, batchSize });
        times[key] = Math.min(times[key], (performance.now() - t0) / 1000);
      }
    }
    const same = outputs.cache.every((s, i) => s === outputs['no cache'][i]);
    for (const key of ['cache', 'no cache']) {
      rows.push({
        decoding: numBeams === 1 ? 'greedy' : `beam ${numBeams}`,
        batch: batchSize,
        caches: key,
        'sentences/s': (sentences.length / times[key]).toFixed(2),
        'vs cached': (times.cache / times[key]).toFixed(2),
        'same output': same ? 'yes' : 'NO',
      });
    }
  }
}
console.table(rows);
console.log('example:', sentences[0], '→', (await model.translate([sentences[0]], { numBeams: 4 }))[0]);
