// The four experiments of the basics page, each a function (options, progress, signal) → summary.
// Data come from core's seeded Generator, so every run of an experiment starts from the same point.
import {
  Adam,
  Dropout,
  fit,
  GELU,
  Generator,
  Linear,
  l2Penalty,
  manualSeed,
  mseLoss,
  ReLU,
  RMSProp,
  Sequential,
  SGD,
  Sigmoid,
  Tanh,
} from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';

/** `n` points of y = f(x) + noise·N(0, 1), x uniform in [lo, hi], as [n, 1] tensors. */
function dataset(n, f, { seed, noise, lo = -1, hi = 1 }) {
  const g = new Generator(seed);
  const xs = Array.from({ length: n }, () => lo + (hi - lo) * g.uniform());
  const ys = xs.map((x) => f(x) + noise * g.normal());
  return { x: tf.tensor2d(xs, [n, 1]), y: tf.tensor2d(ys, [n, 1]) };
}

const ACTIVATIONS = {
  relu: () => new ReLU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  gelu: () => new GELU(),
};

function mlp({ width = 32, depth = 2, activation = 'tanh', dropout = 0 }) {
  const layers = [];
  let inFeatures = 1;
  for (let i = 0; i < depth; i++) {
    layers.push(new Linear({ inFeatures, outFeatures: width }), ACTIVATIONS[activation]());
    if (dropout > 0) layers.push(new Dropout({ p: dropout }));
    inFeatures = width;
  }
  layers.push(new Linear({ inFeatures, outFeatures: 1 }));
  return new Sequential(...layers);
}

/** The model's predictions on a grid of x in [-1, 1], for the fitted-curve chart. */
async function predictGrid(model, points = 101) {
  const xs = Array.from({ length: points }, (_, i) => -1 + (2 * i) / (points - 1));
  model.eval();
  const ys = tf.tidy(() => model.forward(tf.tensor2d(xs, [points, 1])));
  const data = Array.from(await ys.data());
  ys.dispose();
  return { xs, ys: data };
}

/** Trains with `fit` on one full batch, streaming `{ series, step, loss }` to `progress`. */
async function train({
  model,
  optimizer,
  data,
  steps,
  series,
  progress,
  signal,
  extraLoss,
  evalData,
  evalEvery,
  earlyStopping,
}) {
  // biome-ignore lint/suspicious/noFocusedTests: `fit` is @glossa/core's training loop, not a focused test.
  const result = await fit({
    model,
    optimizer,
    loss: (b) => {
      const l = mseLoss(model.forward(b.x), b.y);
      return extraLoss ? tf.add(l, extraLoss()) : l;
    },
    evalLoss: (b) => mseLoss(model.forward(b.x), b.y),
    data: () => [data],
    evalData: evalData ? () => [evalData] : undefined,
    evalEvery,
    earlyStopping,
    maxSteps: steps,
    signal,
    callbacks: [
      {
        onStep: (s) => progress({ series, step: s.step, loss: s.loss }),
        onEval: (e) =>
          progress({
            series: series === 'train' ? 'validation' : `${series}:val`,
            step: e.step,
            loss: e.loss,
          }),
      },
    ],
  });
  return result;
}

const summary = (result) => ({
  first: result.history[0]?.loss,
  last: result.history.at(-1)?.loss,
  steps: result.steps,
  stoppedEarly: result.stoppedEarly,
  aborted: result.aborted,
  evals: result.evals.map((e) => ({ step: e.step, loss: e.loss })),
});

export const EXPERIMENTS = {
  /** Gradient descent on y = 3x − 2 + noise with one Linear layer and plain SGD. */
  async linear({ lr = 0.1, steps = 80 }, progress, signal) {
    manualSeed(0);
    const data = dataset(64, (x) => 3 * x - 2, { seed: 1, noise: 0.3 });
    const model = new Linear({ inFeatures: 1, outFeatures: 1 });
    const optimizer = new SGD({ lr, params: model });
    try {
      const result = await train({ model, optimizer, data, steps, series: 'train', progress, signal });
      const w = (await model.weight.data())[0];
      const b = (await model.bias.data())[0];
      return { ...summary(result), w, b, fit: await predictGrid(model) };
    } finally {
      tf.dispose([data.x, data.y]);
      optimizer.dispose();
      model.dispose();
    }
  },

  /** An MLP fitting sin(3x) with the chosen activation. */
  async mlp({ activation = 'tanh', steps = 200 }, progress, signal) {
    manualSeed(0);
    const data = dataset(128, (x) => Math.sin(3 * x), { seed: 2, noise: 0.05 });
    const model = mlp({ width: 32, depth: 2, activation });
    const optimizer = new Adam({ lr: 0.02, params: model });
    try {
      const result = await train({ model, optimizer, data, steps, series: 'train', progress, signal });
      return { ...summary(result), fit: await predictGrid(model) };
    } finally {
      tf.dispose([data.x, data.y]);
      optimizer.dispose();
      model.dispose();
    }
  },

  /** A wide MLP on 8 noisy points: over-fits; L2, dropout and early stopping each help. */
  async overfit({ l2 = false, dropout = false, earlyStopping = false, steps = 400 }, progress, signal) {
    manualSeed(0);
    const data = dataset(8, (x) => Math.sin(3 * x), { seed: 7, noise: 0.3 });
    const valid = dataset(200, (x) => Math.sin(3 * x), { seed: 4, noise: 0.25 });
    const model = mlp({ width: 128, depth: 2, activation: 'relu', dropout: dropout ? 0.2 : 0 });
    const optimizer = new Adam({ lr: 0.01, params: model });
    try {
      const result = await train({
        model,
        optimizer,
        data,
        steps,
        series: 'train',
        progress,
        signal,
        extraLoss: l2 ? () => l2Penalty(model, 1e-3) : undefined,
        evalData: valid,
        evalEvery: 10,
        earlyStopping: earlyStopping ? { patience: 5 } : undefined,
      });
      return { ...summary(result), fit: await predictGrid(model) };
    } finally {
      tf.dispose([data.x, data.y, valid.x, valid.y]);
      optimizer.dispose();
      model.dispose();
    }
  },

  /** SGD, momentum, RMSProp and Adam from the same initial weights on the same problem. */
  async race({ steps = 150 }, progress, signal) {
    const data = dataset(128, (x) => Math.sin(3 * x), { seed: 2, noise: 0.05 });
    const contenders = {
      SGD: (params) => new SGD({ lr: 0.05, params }),
      momentum: (params) => new SGD({ lr: 0.05, momentum: 0.9, params }),
      RMSProp: (params) => new RMSProp({ lr: 0.005, params }),
      Adam: (params) => new Adam({ lr: 0.01, params }),
    };
    const out = {};
    try {
      for (const [name, make] of Object.entries(contenders)) {
        if (signal.aborted) break;
        manualSeed(0); // the same initial weights for each
        const model = mlp({ width: 32, depth: 2, activation: 'tanh' });
        const optimizer = make(model);
        try {
          out[name] = summary(await train({ model, optimizer, data, steps, series: name, progress, signal }));
        } finally {
          optimizer.dispose();
          model.dispose();
        }
      }
      return out;
    } finally {
      tf.dispose([data.x, data.y]);
    }
  },
};
