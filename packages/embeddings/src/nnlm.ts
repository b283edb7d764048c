/**
 * The neural probabilistic language model of Bengio et al. (2003), top to bottom: config, model,
 * data (n-gram windows), training with core's optimizers, perplexity.
 *
 * y = b + W·x + U·tanh(d + H·x), where x is the concatenation of the n − 1 context words' vectors
 * (rows of the shared table C) and W·x are the optional direct connections; P(w | context) =
 * softmax(y)_w.
 */
import {
  Adam,
  ArgumentError,
  crossEntropy,
  Embedding,
  fit,
  Generator,
  getDefaultGenerator,
  Linear,
  Module,
  type Optimizer,
} from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link NNLM}. */
export interface NNLMOptions {
  /** Vocabulary size V (ids `[0, V)`). */
  vocabSize: number;
  /** n: the model predicts a word from the n − 1 before it. Default `3`. */
  order?: number;
  /** Size m of each word vector. Default `30` (Bengio et al. used 30–100). */
  embeddingDim?: number;
  /** Hidden units h. Default `50`. */
  hiddenSize?: number;
  /** Direct connections W from the word vectors to the output (the paper's optional term). Default `false`. */
  directConnections?: boolean;
  /** Randomness of the initial weights. Default: the process-wide generator. */
  generator?: Generator;
}

/**
 * The NNLM as a core `Module`: `embedding.weight` `[V, m]` (C), `hidden` (H, d) `[h, (n−1)m]`,
 * `output` (U, b) `[V, h]` and, with direct connections, `direct.weight` (W) `[V, (n−1)m]`.
 *
 * @example
 * ```ts
 * const lm = new NNLM({ vocabSize: 1000, order: 4, embeddingDim: 30, hiddenSize: 50 });
 * const logits = lm.forward(tf.tensor2d([[5, 9, 2]], [1, 3], 'int32')); // [B, n−1] → [B, V]
 * ```
 */
export class NNLM extends Module {
  readonly vocabSize: number;
  readonly order: number;
  readonly embeddingDim: number;
  readonly hiddenSize: number;
  readonly embedding: Embedding;
  readonly hidden: Linear;
  readonly output: Linear;
  readonly direct: Linear | null;

  constructor(options: NNLMOptions) {
    super();
    const {
      vocabSize,
      order = 3,
      embeddingDim = 30,
      hiddenSize = 50,
      directConnections = false,
      generator = getDefaultGenerator(),
    } = options ?? ({} as NNLMOptions);
    for (const [name, v, min] of [
      ['vocabSize', vocabSize, 1],
      ['order', order, 2],
      ['embeddingDim', embeddingDim, 1],
      ['hiddenSize', hiddenSize, 1],
    ] as const) {
      if (!Number.isInteger(v) || v < min)
        throw new ArgumentError(`NNLM(${name})`, `an integer >= ${min}`, v);
    }
    this.vocabSize = vocabSize;
    this.order = order;
    this.embeddingDim = embeddingDim;
    this.hiddenSize = hiddenSize;
    const inputs = (order - 1) * embeddingDim;
    const emb = new Embedding({ numEmbeddings: vocabSize, embeddingDim, generator });
    this.embedding = this.registerModule('embedding', emb);
    this.hidden = this.registerModule(
      'hidden',
      new Linear({ inFeatures: inputs, outFeatures: hiddenSize, generator }),
    );
    this.output = this.registerModule(
      'output',
      new Linear({ inFeatures: hiddenSize, outFeatures: vocabSize, generator }),
    );
    this.direct = directConnections
      ? this.registerModule(
          'direct',
          new Linear({ inFeatures: inputs, outFeatures: vocabSize, bias: false, generator }),
        )
      : null;
  }

  /**
   * @param context int32 ids of the n − 1 previous words `[B, n − 1]`, oldest first.
   * @returns next-word logits `[B, V]`.
   */
  forward(context: tf.Tensor): tf.Tensor2D {
    if (context.rank !== 2 || context.shape[1] !== this.order - 1) {
      throw new ArgumentError('NNLM.forward(context)', `int32 ids of shape [B, ${this.order - 1}]`, context);
    }
    return tf.tidy(() => {
      const x = tf.reshape(this.embedding.forward(context), [context.shape[0]!, -1]);
      let y = this.output.forward(tf.tanh(this.hidden.forward(x)));
      if (this.direct) y = tf.add(y, this.direct.forward(x));
      return y as tf.Tensor2D;
    });
  }
}

/** n-gram windows for the NNLM: row `i` of `contexts` (n − 1 ids) predicts `targets[i]`. */
export interface NNLMData {
  /** `[N, n − 1]` row-major. */
  contexts: Int32Array;
  targets: Int32Array;
  order: number;
}

/**
 * Every position of every sentence as a training example: its n − 1 predecessors (padded with
 * `padId` before the sentence start) and the word itself. Append an end-of-sentence id to the
 * sentences to have it predicted too.
 *
 * @example
 * ```ts
 * nnlmData([[4, 5, 6]], 3, 0); // contexts [0,0, 0,4, 4,5], targets [4, 5, 6]
 * ```
 */
export function nnlmData(sentences: Iterable<ArrayLike<number>>, order: number, padId: number): NNLMData {
  if (!Number.isInteger(order) || order < 2)
    throw new ArgumentError('nnlmData(order)', 'an integer >= 2', order);
  const k = order - 1;
  const ctx: number[] = [];
  const tgt: number[] = [];
  for (const s of sentences) {
    for (let i = 0; i < s.length; i++) {
      for (let j = i - k; j < i; j++) ctx.push(j >= 0 ? s[j]! : padId);
      tgt.push(s[i]!);
    }
  }
  return { contexts: Int32Array.from(ctx), targets: Int32Array.from(tgt), order };
}

function* batches(data: NNLMData, batchSize: number, order: Int32Array | null) {
  const k = data.order - 1;
  const n = data.targets.length;
  for (let start = 0; start < n; start += batchSize) {
    const b = Math.min(batchSize, n - start);
    const ctx = new Int32Array(b * k);
    const tgt = new Int32Array(b);
    for (let i = 0; i < b; i++) {
      const r = order ? order[start + i]! : start + i;
      ctx.set(data.contexts.subarray(r * k, (r + 1) * k), i * k);
      tgt[i] = data.targets[r]!;
    }
    const batch = { x: tf.tensor2d(ctx, [b, k], 'int32'), y: tf.tensor1d(tgt, 'int32'), size: b };
    try {
      yield batch;
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
  }
}

/**
 * Perplexity of `model` on `data`: exp of the mean negative log-likelihood per predicted word.
 *
 * @example
 * ```ts
 * await nnlmPerplexity(lm, nnlmData(validSentences, lm.order, padId)); // 180.2
 * ```
 */
export async function nnlmPerplexity(
  model: NNLM,
  data: NNLMData,
  options: { batchSize?: number } = {},
): Promise<number> {
  const { batchSize = 512 } = options;
  const wasTraining = model.training;
  model.eval();
  let total = 0;
  for (const b of batches(data, batchSize, null)) {
    const s = tf.tidy(() => crossEntropy(model.forward(b.x), b.y, { reduction: 'sum' }));
    total += (await s.data())[0]!;
    s.dispose();
  }
  model.train(wasTraining);
  return Math.exp(total / Math.max(1, data.targets.length));
}

/** Options of {@link trainNNLM}. */
export interface TrainNNLMOptions {
  /** Passes over the data. Default `10`. */
  epochs?: number;
  /** Examples per step. Default `64`. */
  batchSize?: number;
  /** Learning rate of the default optimizer (Adam). Default `0.01`. */
  lr?: number;
  /** Optimizer, e.g. `new SGD({ lr: 0.1, params: model })` as in the paper. Default Adam. */
  optimizer?: Optimizer;
  /** Shuffles the examples each epoch. Default `new Generator(0)`. */
  generator?: Generator;
  /** Held-out data whose perplexity is reported after each epoch. */
  valid?: NNLMData;
  /** Called after each epoch. */
  onEpoch?: (info: NNLMEpoch) => void;
}

/** Perplexities after one epoch of {@link trainNNLM}. */
export interface NNLMEpoch {
  epoch: number;
  /** exp(mean training loss over the epoch's steps, weighted by batch size). */
  trainPerplexity: number;
  validPerplexity?: number;
}

/**
 * Trains an NNLM with core's `fit` and an optimizer (Adam by default), shuffling the examples each
 * epoch, and reports perplexity after every epoch.
 *
 * @example
 * ```ts
 * const train = nnlmData(trainIds, 3, pad);
 * const { history } = await trainNNLM(lm, train, { epochs: 5, valid: nnlmData(validIds, 3, pad) });
 * history.at(-1)!.validPerplexity; // e.g. 150
 * ```
 */
export async function trainNNLM(
  model: NNLM,
  data: NNLMData,
  options: TrainNNLMOptions = {},
): Promise<{ history: NNLMEpoch[] }> {
  const { epochs = 10, batchSize = 64, lr = 0.01, valid, onEpoch, generator = new Generator(0) } = options;
  if (data.order !== model.order) {
    throw new ArgumentError('trainNNLM(data.order)', `the model's order ${model.order}`, data.order);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ArgumentError('trainNNLM(batchSize)', 'an integer >= 1', batchSize);
  }
  const optimizer = options.optimizer ?? new Adam({ lr, params: model });
  try {
    return { history: await runEpochs(model, data, optimizer, epochs, batchSize, generator, valid, onEpoch) };
  } finally {
    // The default optimizer's state (Adam's moments) is ours to free; a given one stays the caller's.
    if (!options.optimizer) optimizer.dispose();
  }
}

async function runEpochs(
  model: NNLM,
  data: NNLMData,
  optimizer: Optimizer,
  epochs: number,
  batchSize: number,
  generator: Generator,
  valid: NNLMData | undefined,
  onEpoch: ((info: NNLMEpoch) => void) | undefined,
): Promise<NNLMEpoch[]> {
  const history: NNLMEpoch[] = [];
  const n = data.targets.length;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = Int32Array.from(generator.shuffle(Array.from({ length: n }, (_, i) => i)));
    let sum = 0;
    let sizes: number[] = [];
    const result = await fit({
      model,
      optimizer,
      epochs: 1,
      data: () => {
        sizes = [];
        return (function* () {
          for (const b of batches(data, batchSize, order)) {
            sizes.push(b.size);
            yield b;
          }
        })();
      },
      loss: (b) => crossEntropy(model.forward(b.x), b.y),
    });
    result.history.forEach((h, i) => {
      sum += h.loss * sizes[i]!;
    });
    const info: NNLMEpoch = { epoch, trainPerplexity: Math.exp(sum / Math.max(1, n)) };
    if (valid) info.validPerplexity = await nnlmPerplexity(model, valid);
    history.push(info);
    onEpoch?.(info);
  }
  return history;
}
