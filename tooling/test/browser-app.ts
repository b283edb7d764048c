// The program of the browser-app test (tooling/test/browser-bundles.test.ts): what a new user writes —
// train a `Linear` layer, tokenize, run `MultiHeadAttention` — in a page, on each backend asked for in
// the query string (`?backends=wasm,webgpu`). It imports only published entry points and reports a
// JSON summary as `window.__app` (and `window.__appError` if it throws).

/** `main.js` of the generated project. */
export const APP_MAIN = `
import * as tf from '@tensorflow/tfjs-core';
import { Adam, BackendError, fit, Linear, manualSeed, mseLoss, useBackend } from '@glossa/core';
import { MultiHeadAttention } from '@glossa/attention';
import { trainBPE } from '@glossa/tokenizers';

async function trainOn(name) {
  const info = await useBackend(name, { verbose: false });
  manualSeed(0);
  const fc = new Linear({ inFeatures: 4, outFeatures: 1 });
  const optimizer = new Adam({ lr: 0.1, params: fc });
  const x = tf.tensor2d(Array.from({ length: 64 * 4 }, (_, i) => Math.sin(i * 1.7)), [64, 4]);
  const w = tf.tensor2d([[1], [-2], [0.5], [3]]);
  const y = tf.matMul(x, w);
  const result = await fit({
    model: fc,
    optimizer,
    loss: (b) => mseLoss(fc.forward(b.x), b.y),
    data: () => [{ x, y }],
    maxSteps: 40,
  });
  const attention = new MultiHeadAttention({ embedDim: 8, numHeads: 2 });
  const q = tf.ones([1, 3, 8]);
  const { output, weights } = attention.forward({ query: q, isCausal: true });
  const shapes = [output.shape, weights.shape];
  tf.dispose([x, w, y, q, output, weights]);
  attention.dispose();
  optimizer.dispose();
  fc.dispose();
  const losses = result.history.map((h) => h.loss);
  return { backend: tf.getBackend(), threads: info.threads ?? null, first: losses[0], last: losses.at(-1), shapes };
}

async function main() {
  const backends = (new URLSearchParams(location.search).get('backends') || 'wasm').split(',');
  const out = { crossOriginIsolated: globalThis.crossOriginIsolated === true, runs: [] };
  const tok = trainBPE(['low lower lowest', 'new newer newest', 'lower newest'], { vocabSize: 270 });
  out.tokens = tok.encode('lower newest').ids.length;
  const bad = await useBackend('tpu').catch((e) => e);
  out.minifiedErrorName = bad.name;
  out.instanceOf = bad instanceof BackendError;
  for (const b of backends) out.runs.push(await trainOn(b));
  const auto = await useBackend('auto', { verbose: false });
  out.auto = { name: auto.name, reason: auto.reason };
  out.tensors = tf.memory().numTensors;
  window.__app = out;
}

main().catch((e) => {
  window.__appError = String(e && e.stack ? e.stack : e);
});
`;

/** `index.html` of the generated project (Vite's entry; the other bundlers get a copy). */
export const APP_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <link rel="icon" href="data:,">
    <title>glossa in the browser</title>
  </head>
  <body><script type="module" src="./main.js"></script></body>
</html>
`;
