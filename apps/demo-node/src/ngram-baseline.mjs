// The statistical baseline: a Kneser-Ney character n-gram model from @glossa/ngram, trained on
// the same text (one sentence per line, characters as tokens) and scored on the same validation
// text, so its nats per character sit beside the neural model's.
import { trainLanguageModel } from '@glossa/ngram';

const lines = (text) =>
  text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => [...l]);

/**
 * @param {string} train
 * @param {string} valid
 * @param {{ order?: number, seed?: number, sampleLength?: number }} [options]
 */
export function ngramBaseline(train, valid, { order = 5, seed = 0, sampleLength = 240 } = {}) {
  const t0 = performance.now();
  const model = trainLanguageModel(lines(train), { order, smoothing: 'kneser-ney' });
  const ms = performance.now() - t0;
  // Perplexity over characters and one end-of-line per line: the neural model also predicts '\n'.
  const perplexity = model.perplexity(lines(valid));
  const out = [];
  let length = 0;
  for (let i = 0; length < sampleLength; i++) {
    const line = model.generate({ maxTokens: 80, seed: seed + i }).join('');
    out.push(line);
    length += line.length + 1;
  }
  return { order, perplexity, nats: Math.log(perplexity), sample: out.join('\n'), ms };
}
