// One neural model of the demo from start to end: built by its factory (models/*.mjs), trained for
// the budget, scored on the validation text, sampled, disposed. The CLI demo (main.mjs) prints what
// it reports; the playground's #/rnn page runs the same function in a browser worker.
import { Generator } from '@glossa/core';
import { budgetSchedule, sampleText, trainFor } from './train.mjs';

const fixed = (x, d = 3) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));

/**
 * @param {(options: object) => object} create a factory of models/*.mjs (`createGPT`, …)
 * @param {{ vocab: { size: number, encode(text: string): Int32Array, decode(ids: ArrayLike<number>): string },
 *   trainIds: Int32Array, validIds: Int32Array, seed: number, steps?: number, seconds: number,
 *   prompt: string, sampleLength: number, sizes?: object,
 *   log?: (line: string) => void, onProgress?: (info: { step: number, loss: number, tokensPerSec: number, seconds: number }) => void }} run
 *   `sizes` go to the factory (smaller models in a browser); `onProgress` sees every 10th step.
 */
export async function runNeural(create, run) {
  const { vocab, trainIds, validIds, seed, steps, seconds, prompt, sampleLength, log = () => {} } = run;
  const m = create({ vocabSize: vocab.size, seed, ...run.sizes });
  const parameters = m.model.numParameters();
  const budget = steps ? `${steps} steps` : `${seconds} s`;
  log(`\n${m.title}: ${parameters.toLocaleString('en')} parameters, batch ${m.batchSize}, ${budget}`);
  const rng = new Generator(seed + 1);
  const started = performance.now();
  let trained;
  try {
    trained = await trainFor({
      model: m.model,
      optimizer: m.optimizer,
      lossOf: m.lossOf,
      nextBatch: m.batcher(trainIds, rng),
      batchSize: m.batchSize,
      tokensPerBatch: m.tokensPerBatch,
      schedule: budgetSchedule({ lr: m.lr, warmup: m.warmup, steps, seconds }),
      clipNorm: m.clipNorm,
      steps,
      seconds,
      onProgress: (info) => {
        if (info.step % 100 === 0)
          log(
            `  step ${String(info.step).padStart(5)}  train loss ${info.loss.toFixed(3)}  (${info.tokensPerSec.toFixed(0)} chars/s)`,
          );
        run.onProgress?.({ ...info, seconds: (performance.now() - started) / 1000 });
      },
    });
    m.model.eval();
    const t0 = performance.now();
    const nats = await m.evaluate(validIds);
    const evalSeconds = (performance.now() - t0) / 1000;
    const sample = await sampleText(m.generator, vocab, {
      prompt,
      length: sampleLength,
      seed: seed + 2,
      window: m.window,
    });
    log(
      `  ${trained.steps} steps in ${trained.seconds.toFixed(1)} s (${trained.tokensPerSec.toFixed(0)} chars/s); ` +
        `train loss ${fixed(trained.firstLoss)} → ${fixed(trained.lastLoss)}; valid ${nats.toFixed(3)} nats/char (${evalSeconds.toFixed(1)} s)`,
    );
    return {
      key: m.key,
      title: m.title,
      parameters,
      steps: trained.steps,
      seconds: trained.seconds,
      tokensPerSec: trained.tokensPerSec,
      firstLoss: trained.firstLoss,
      lastLoss: trained.lastLoss,
      nats,
      sample,
    };
  } finally {
    m.optimizer.dispose();
    m.model.dispose();
  }
}
