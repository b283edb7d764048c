// GPT page worker: a character-level GPT (nanoGPT structure, @glossa/transformers) trained on the
// bundled Tiny Shakespeare excerpt with core's `fit` on the backend the page asked for. It streams
// train/validation losses, tokens/s and samples as it learns; `stop` ends training between steps
// and `train` again resumes (same model, same optimizer state); the model goes to IndexedDB or to
// one safetensors file (config and tokenizer in its metadata) and comes back from either.
import {
  AdamW,
  decayMatricesOnly,
  Generator,
  loadPretrained,
  parseSafetensors,
  fit as runFit,
  serializeSafetensors,
  useBackend,
} from '@glossa/core';
import { fromTokenizerJson, trainCharTokenizer } from '@glossa/tokenizers';
import { GPT } from '@glossa/transformers';
import * as tf from '@tensorflow/tfjs-core';
import corpusUrl from '../data/corpus.txt?url';
import { fetchText, serve } from './serve.js';

const STORE = 'indexeddb://glossa-playground-gpt';
let backend = null;
let state = null; // { gpt, tokenizer, optimizer, train, valid, generator, step }
let controller = null;

/** WebGPU validation errors of the device (a pipeline it cannot build runs nothing, and says so only here). */
const gpuErrors = [];

async function ready(name) {
  backend ??= useBackend(name, { verbose: false }).then(async (info) => {
    if (info.name === 'webgpu')
      tf.backend().device?.addEventListener('uncapturederror', (e) =>
        gpuErrors.push(String(e.error?.message)),
      );
    let threads = info.threads ?? null;
    if (info.name === 'wasm') threads = (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount();
    return { name: info.name, threads, reason: info.reason };
  });
  return backend;
}

/** Random windows of the token stream: ids [B, T] and next-token targets, built inside `tidy`. */
function batch(tokens, generator, size, block) {
  const ids = new Int32Array(size * block);
  const targets = new Int32Array(size * block);
  for (let b = 0; b < size; b++) {
    const start = generator.int(tokens.length - block - 1);
    ids.set(tokens.subarray(start, start + block), b * block);
    targets.set(tokens.subarray(start + 1, start + block + 1), b * block);
  }
  return { ids, targets, shape: [size, block] };
}

function adopt(gpt, tokenizer, text, lr, batchSize = 16) {
  disposeState();
  const ids = Int32Array.from(tokenizer.encode(text).ids);
  const split = Math.floor(ids.length * 0.9);
  const optimizer = new AdamW({
    lr,
    betas: [0.9, 0.99],
    weightDecay: 0.1,
    decayMask: decayMatricesOnly,
    params: gpt,
  });
  state = {
    gpt,
    tokenizer,
    optimizer,
    train: ids.subarray(0, split),
    valid: ids.subarray(split),
    step: 0,
    lr,
    batchSize,
  };
  const g = new Generator(1);
  // Validation batches of the training batch's shape: on WebGPU every new shape compiles new shaders.
  state.validBatches = Array.from({ length: 4 }, () =>
    batch(state.valid, g, batchSize, gpt.config.blockSize),
  );
  return describe();
}

function disposeState() {
  if (!state) return;
  state.optimizer.dispose();
  state.gpt.dispose();
  state = null;
}

const describe = () => ({
  vocabSize: state.tokenizer.vocabSize,
  parameters: state.gpt.parameters().reduce((n, p) => n + p.size, 0),
  step: state.step,
  gpuErrors: gpuErrors.length,
  gpuError: gpuErrors[0] ?? null,
  batchSize: state.batchSize,
  lr: state.lr,
  config: {
    nLayer: state.gpt.config.nLayer,
    nHead: state.gpt.config.nHead,
    nEmbd: state.gpt.config.nEmbd,
    blockSize: state.gpt.config.blockSize,
  },
  tensors: tf.memory().numTensors,
});

let corpus = null;
const text = (progress) => (corpus ??= fetchText(corpusUrl, (p) => progress?.({ phase: 'corpus', ...p })));

async function sampleText(options, onText) {
  const { prompt = '\n', maxNewTokens = 120, temperature = 0.8, topK, topP, seed = 0 } = options;
  const sampling =
    temperature > 0
      ? { doSample: true, temperature, topK: topK || undefined, topP: topP < 1 ? topP : undefined, seed }
      : {};
  let out = '';
  for await (const piece of state.gpt.streamText(state.tokenizer, prompt, { maxNewTokens, ...sampling })) {
    out += piece;
    onText?.(piece);
  }
  return out;
}

serve({
  backend: ({ name }) => ready(name),
  async create(
    { nLayer = 2, nHead = 4, nEmbd = 64, blockSize = 64, lr = 3e-3, batchSize = 16, seed = 0 },
    progress,
  ) {
    const t = await text(progress);
    const tokenizer = trainCharTokenizer(t, { specialTokens: [], unkToken: null });
    const gpt = new GPT(
      { vocabSize: tokenizer.vocabSize, blockSize, nLayer, nHead, nEmbd, dropout: 0 },
      { generator: new Generator(seed) },
    );
    return adopt(gpt, tokenizer, t, lr, batchSize);
  },
  /** Trains `steps` more steps; progress: { kind: 'step' | 'eval' | 'sample', … }. */
  async train({ steps = 200, evalEvery = 25, sampleEvery = 50, sample = {} }, progress) {
    if (!state) throw new Error('create a model first');
    const batchSize = state.batchSize;
    controller = new AbortController();
    const s = state;
    const block = s.gpt.config.blockSize;
    const generator = new Generator(1000 + s.step);
    const lossOf = (b) =>
      tf.tidy(
        () =>
          s.gpt.forward(tf.tensor2d(b.ids, b.shape, 'int32'), {
            targets: tf.tensor2d(b.targets, b.shape, 'int32'),
          }).loss,
      );
    const from = s.step;
    const result = await runFit({
      model: s.gpt,
      optimizer: s.optimizer,
      loss: lossOf,
      data: function* () {
        for (;;) yield batch(s.train, generator, batchSize, block);
      },
      evalData: () => s.validBatches,
      evalEvery,
      maxSteps: steps,
      clipNorm: 1,
      tokensPerBatch: () => batchSize * block,
      signal: controller.signal,
      callbacks: [
        {
          onStep: (i) => {
            s.step = from + i.step;
            progress({ kind: 'step', step: s.step, loss: i.loss, tokensPerSec: i.tokensPerSec });
          },
          onEval: async (e) => {
            progress({ kind: 'eval', step: from + e.step, loss: e.loss });
            if (sampleEvery && (from + e.step) % sampleEvery === 0) {
              s.gpt.eval();
              const t = await sampleText({ ...sample, maxNewTokens: 80, seed: from + e.step });
              s.gpt.train();
              progress({ kind: 'sample', step: from + e.step, text: t });
            }
          },
        },
      ],
    });
    s.gpt.eval();
    return {
      ...describe(),
      aborted: result.aborted,
      first: result.history[0]?.loss,
      last: result.history.at(-1)?.loss,
      evals: result.evals.map((e) => ({ step: from + e.step, loss: e.loss })),
    };
  },
  stop() {
    controller?.abort();
    return true;
  },
  async sample(options, progress) {
    if (!state) throw new Error('create a model first');
    state.gpt.eval();
    const text = await sampleText(options, (piece) => progress({ piece }));
    return { text, tensors: tf.memory().numTensors };
  },
  async save() {
    await state.gpt.savePretrained(STORE, {
      tokenizerJson: state.tokenizer.toTokenizerJson(),
      metadata: { step: String(state.step) },
    });
    return { saved: STORE, step: state.step };
  },
  async load(_, progress) {
    const loaded = await loadPretrained(STORE);
    let gpt;
    try {
      gpt = GPT.fromHFState(loaded.config, loaded.state);
    } finally {
      loaded.dispose();
    }
    const tokenizer = fromTokenizerJson(JSON.stringify(loaded.tokenizerJson));
    const info = adopt(gpt, tokenizer, await text(progress), state?.lr ?? 3e-3, state?.batchSize);
    state.step = Number(loaded.metadata?.step) || 0;
    return { ...info, step: state.step };
  },
  async download() {
    const hf = state.gpt.toHFState();
    try {
      const bytes = await serializeSafetensors(hf, {
        config: JSON.stringify(state.gpt.config.toHF()),
        tokenizer: state.tokenizer.toTokenizerJson(),
        step: String(state.step),
      });
      return bytes;
    } finally {
      tf.dispose(Object.values(hf));
    }
  },
  async upload({ bytes }, progress) {
    const { metadata } = parseSafetensors(bytes);
    if (!metadata.config || !metadata.tokenizer)
      throw new Error(
        'this safetensors file has no GPT config and tokenizer in its metadata (save one from this page)',
      );
    const gpt = GPT.fromHFSafetensors(JSON.parse(metadata.config), bytes);
    const tokenizer = fromTokenizerJson(metadata.tokenizer);
    const info = adopt(gpt.eval(), tokenizer, await text(progress), state?.lr ?? 3e-3, state?.batchSize);
    state.step = Number(metadata.step) || 0;
    return { ...info, step: state.step };
  },
});
