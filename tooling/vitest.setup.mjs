// Runs before every test file of every package (tooling/vitest.preset.mjs). Quiets tfjs's console
// advice — "looks like you are running TensorFlow.js in Node.js… install tfjs-node", printed once per
// process, so once per test file — by setting tfjs's PROD flag, which only silences its warnings and
// logs. Packages without tfjs (tokenizers, metrics, ngram) skip this.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

let tfPath;
try {
  tfPath = createRequire(join(process.cwd(), 'package.json')).resolve('@tensorflow/tfjs-core');
} catch {
  tfPath = undefined;
}
if (tfPath) {
  const tf = await import(pathToFileURL(tfPath).href);
  tf.env().set('PROD', true);
}
