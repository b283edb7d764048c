// Attention page worker: loads the shipped en-fr Seq2SeqTransformer from a URL folder (with byte
// progress), translates a sentence (greedy or beam search) and returns every attention map of the
// source and its translation — encoder self, decoder self, cross — per layer and head.
import { useBackend } from '@glossa/core';
import { attentionMaps, Seq2SeqTransformer } from '@glossa/transformers';
import * as tf from '@tensorflow/tfjs-core';
import { serve } from './serve.js';

let backend = null;
let model = null;
const ready = () => (backend ??= useBackend('wasm', { verbose: false }));

serve({
  async backend() {
    const info = await ready();
    return { name: info.name, threads: info.threads ?? null, reason: info.reason };
  },
  /** Loads the model folder at `url` once; reports `{ phase: 'weights', loaded, total }`. */
  async load({ url }, progress) {
    await ready();
    model ??= await Seq2SeqTransformer.fromPretrained(url, {
      onProgress: (p) => progress({ phase: 'weights', loaded: p.loadedBytes, total: p.totalBytes ?? 0 }),
    });
    const c = model.config;
    return {
      layers: { encoder: c.numEncoderLayers, decoder: c.numDecoderLayers },
      heads: c.nhead,
      dModel: c.dModel,
      vocab: c.tgtVocabSize,
      parameters: model.numParameters(),
    };
  },
  /** The translation of `source` (`numBeams` 1 = greedy) and its attention maps. */
  async translate({ source, numBeams = 1 }) {
    if (!model) throw new Error('the model is not loaded yet');
    if (typeof source !== 'string' || source.trim() === '') throw new Error('type an English sentence');
    const t0 = performance.now();
    const [translation] = await model.translate([source], { numBeams });
    const ms = performance.now() - t0;
    const maps = await attentionMaps(model, model.tokenizer, source, translation);
    return { translation, ms, maps, tensors: tf.memory().numTensors };
  },
});
