// A tiny GPT learns to copy and to reverse digit sequences (wasm only, to keep CI short): one model
// per task, trained with core's `fit` and AdamW, then decoded greedily through the KV-cached forward.
// Every training step leaves tf.memory().numTensors unchanged.
import { AdamW, cosineWithWarmup, decayMatricesOnly, fit, Generator } from '@glossa/core';
import { backendsUnderTest, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GPT } from './gpt';

const DIGITS = 10;
const SEP = 10;
const N = 5; // [x1..xN, SEP, y1..yN]: 11 tokens, 10 inputs
const STEPS = 120;

interface Batch {
  ids: number[][];
  targets: number[][];
}

type Task = 'copy' | 'reverse';
const answer = (task: Task, x: number[]) => (task === 'copy' ? x : [...x].reverse());

/** Examples of a task; targets are -1 except where the next token is an answer digit. */
function makeBatch(g: Generator, size: number, task: Task): Batch {
  const ids: number[][] = [];
  const targets: number[][] = [];
  for (let b = 0; b < size; b++) {
    const x = Array.from({ length: N }, () => g.int(DIGITS));
    const seq = [...x, SEP, ...answer(task, x)];
    ids.push(seq.slice(0, -1));
    targets.push(seq.slice(1).map((v, i) => (i >= N ? v : -1)));
  }
  return { ids, targets };
}

const lossOf = (gpt: GPT, batch: Batch) =>
  tf.tidy(() => {
    const ids = tf.tensor2d(batch.ids, undefined, 'int32');
    const targets = tf.tensor2d(batch.targets, undefined, 'int32');
    return gpt.forward(ids, { targets }).loss!;
  });

/** Greedy answers to prompts `[x1..xN, SEP]` through `forwardCached` (what generation will do). */
async function greedyAnswers(gpt: GPT, prompts: number[][]): Promise<number[][]> {
  const caches = gpt.createCaches();
  const out: number[][] = prompts.map(() => []);
  let input: tf.Tensor = tf.tensor2d(prompts, undefined, 'int32');
  for (let s = 0; s < N; s++) {
    const logits = gpt.forwardCached(input, caches, { lastOnly: true });
    input.dispose();
    input = tf.tidy(() => tf.cast(tf.argMax(logits, -1), 'int32'));
    logits.dispose();
    (await input.data()).forEach((t, b) => {
      out[b]!.push(t);
    });
  }
  input.dispose();
  for (const c of caches) c.dispose();
  return out;
}

const wasm = (await backendsUnderTest()).find((b) => b.name === 'wasm');

// One test per task: each must finish within 60 s on its own (a loaded CI machine stretches wall time).
describe.skipIf(!wasm?.available)('GPT training on wasm', () => {
  it.each(['copy', 'reverse'] as const)(
    'learns to %s sequences (loss < 0.05), without leaking tensors',
    (task) =>
      withBackend('wasm', async () => {
        const started = performance.now();
        const cpu = process.cpuUsage();
        const generator = new Generator(0);
        const gpt = new GPT(
          { vocabSize: DIGITS + 1, blockSize: 2 * N + 1, nLayer: 2, nHead: 4, nEmbd: 64 },
          { generator },
        );
        const optimizer = new AdamW({
          lr: 3e-3,
          betas: [0.9, 0.98],
          weightDecay: 0.01,
          decayMask: decayMatricesOnly,
          params: gpt,
        });
        const counts: number[] = [];
        const { history } = await fit({
          model: gpt,
          optimizer,
          loss: (batch: Batch) => lossOf(gpt, batch),
          data: function* () {
            for (;;) yield makeBatch(generator, 32, task);
          },
          maxSteps: STEPS,
          schedule: cosineWithWarmup({ lr: 3e-3, warmupSteps: 20, totalSteps: STEPS, minLr: 3e-4 }),
          clipNorm: 1,
          callbacks: [{ onStep: () => void counts.push(tf.memory().numTensors) }],
        });
        // The optimizer's state appears at step 1; after that a training step adds no tensor.
        expect(new Set(counts.slice(1)).size).toBe(1);
        expect(history[0]!.loss).toBeGreaterThan(2);

        gpt.eval();
        const test = makeBatch(new Generator(123), 64, task);
        const loss = lossOf(gpt, test);
        const value = (await loss.data())[0]!;
        loss.dispose();
        const prompts = test.ids.map((s) => s.slice(0, N + 1));
        const answers = await greedyAnswers(gpt, prompts);
        const exact = answers.filter(
          (a, i) => a.join() === answer(task, prompts[i]!.slice(0, N)).join(),
        ).length;
        const seconds = (performance.now() - started) / 1000;
        const { user, system } = process.cpuUsage(cpu);
        console.log(
          `${task}: eval loss ${value.toFixed(4)}, ${exact}/64 exact greedy answers ` +
            `(${seconds.toFixed(1)} s, ${((user + system) / 1e6).toFixed(1)} CPU s)`,
        );
        expect(value).toBeLessThan(0.05);
        expect(exact).toBeGreaterThanOrEqual(60);
        optimizer.dispose();
        gpt.dispose();
      }),
    60_000,
  );
});
