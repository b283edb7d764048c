// The statistical starting point: a Kneser–Ney character n-gram model from @glossa/ngram, trained
// on the same text (one line per sentence, characters as tokens) and scored on the same validation
// text, so its nats per character sit beside the neural models'.
import { trainLanguageModel } from '@glossa/ngram';

const lines = (text) =>
  text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => [...l]);

/**
 * Trains, scores and samples a character n-gram model. Perplexity is over characters plus one
 * end-of-line per (non-empty) line: the neural models predict '\n' too.
 * @param {string} train
 * @param {string} valid
 * @param {{ order?: number, seed?: number, prompt?: string, sampleLength?: number }} [options]
 */
export function runNgram(train, valid, { order = 5, seed = 0, prompt = '', sampleLength = 240 } = {}) {
  const t0 = performance.now();
  const model = trainLanguageModel(lines(train), { order, smoothing: 'kneser-ney' });
  const seconds = (performance.now() - t0) / 1000;
  const perplexity = model.perplexity(lines(valid));
  const out = [];
  let length = 0;
  for (let i = 0; length < sampleLength; i++) {
    const prefix = i === 0 ? [...prompt] : [];
    const line = model.generate({ prefix, maxTokens: 80, seed: seed + i }).join('');
    out.push(line);
    length += line.length + 1;
  }
  return {
    key: 'ngram',
    title: `${order}-gram, Kneser–Ney (@glossa/ngram)`,
    parameters: null,
    steps: null,
    seconds,
    nats: Math.log(perplexity),
    sample: out.join('\n'),
  };
}
