// What the three neural models share: a learning-rate schedule over a step or time budget, the
// training loop (core's `fit`), an exact validation loss over windows, and sampling through core's
// generation loop. Reads are asynchronous (`await t.data()`): webgpu in Node has no synchronous read.
import { crossEntropy, fit, generate } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Linear warm-up, then cosine decay to `minLr` over the budget: `steps` when given (reproducible),
 * else the wall clock (`seconds`), so a time budget still ends at `minLr`.
 */
export function budgetSchedule({ lr, minLr = lr / 10, warmup = 0, steps, seconds }) {
  const t0 = performance.now();
  return (step) => {
    if (step < warmup) return (lr * (step + 1)) / warmup;
    const done = steps ? step / steps : (performance.now() - t0) / 1000 / seconds;
    const f = Math.min(1, Math.max(0, done));
    return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * f));
  };
}

/**
 * Trains `model` with `optimizer` on batches from `nextBatch(batchSize)` until `steps` steps or
 * `seconds` of wall clock, whichever is given (steps wins). `onProgress` sees every 10th step.
 * @returns {Promise<{ steps: number, seconds: number, tokensPerSec: number, firstLoss: number, lastLoss: number }>}
 */
export async function trainFor({
  model,
  optimizer,
  lossOf,
  nextBatch,
  batchSize,
  tokensPerBatch,
  schedule,
  clipNorm,
  steps,
  seconds,
  onProgress,
}) {
  const started = performance.now();
  const signal = steps ? undefined : AbortSignal.timeout(seconds * 1000);
  let last = { loss: Number.NaN, tokensPerSec: 0, step: 0 };
  // biome-ignore lint/suspicious/noFocusedTests: `fit` is @glossa/core's training loop, not a focused test.
  const result = await fit({
    model,
    optimizer,
    loss: lossOf,
    data: function* () {
      for (;;) yield nextBatch(batchSize);
    },
    maxSteps: steps || Number.MAX_SAFE_INTEGER,
    schedule,
    clipNorm,
    tokensPerBatch: () => tokensPerBatch,
    signal,
    callbacks: [
      {
        onStep(info) {
          last = info;
          if (info.step % 10 === 0) onProgress?.(info);
        },
      },
    ],
  });
  const elapsed = (performance.now() - started) / 1000;
  return {
    steps: result.steps,
    seconds: elapsed,
    tokensPerSec: last.tokensPerSec,
    firstLoss: result.history[0]?.loss ?? Number.NaN,
    lastLoss: result.history.at(-1)?.loss ?? Number.NaN,
  };
}

/**
 * Mean cross-entropy (nats per character) of a sequence model over windows `{ x, y, length }`, in
 * batches of `rows` windows; a short last window is padded and its padding ignored.
 * @param {(x: tf.Tensor2D) => tf.Tensor} logitsOf `[B, T]` ids → `[B, T, V]` logits
 */
export async function sequenceLoss(logitsOf, windows, length, rows = 32) {
  let total = 0;
  let count = 0;
  for (let i = 0; i < windows.length; i += rows) {
    const group = windows.slice(i, i + rows);
    const x = new Int32Array(group.length * length);
    const y = new Int32Array(group.length * length).fill(-1);
    group.forEach((w, r) => {
      x.set(w.x, r * length);
      y.set(w.y, r * length);
      count += w.length;
    });
    const sum = tf.tidy(() =>
      crossEntropy(
        logitsOf(tf.tensor2d(x, [group.length, length], 'int32')),
        tf.tensor2d(y, [group.length, length], 'int32'),
        {
          ignoreIndex: -1,
          reduction: 'sum',
        },
      ),
    );
    total += (await sum.data())[0];
    sum.dispose();
  }
  return total / count;
}

/**
 * Samples `length` characters after `prompt` from any model with core's `GenerationModel`
 * interface (top-k 40 at temperature 0.8, seeded), through core's `generate`. A model with a fixed
 * context (`window`, a GPT's block size) samples in pieces of `window / 2` characters, each prompted
 * with the last `window / 2`, as nanoGPT crops its context.
 */
export async function sampleText(model, vocab, { prompt, length, seed, window = Number.POSITIVE_INFINITY }) {
  let text = prompt;
  const piece = Number.isFinite(window) ? Math.floor(window / 2) : length;
  for (let round = 0; text.length - prompt.length < length; round++) {
    const context = text.slice(-piece);
    const want = Math.min(piece, length - (text.length - prompt.length));
    const ids = tf.tensor2d([Array.from(vocab.encode(context))], [1, context.length], 'int32');
    const out = await generate(model, ids, {
      maxNewTokens: want,
      doSample: true,
      temperature: 0.8,
      topK: 40,
      seed: seed + round,
    });
    const all = await out.data();
    ids.dispose();
    out.dispose();
    text += vocab.decode(all.subarray(context.length));
  }
  return text.slice(prompt.length);
}
