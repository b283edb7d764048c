// Tiny programs run against each package installed from its tarball (tooling/test/pack-install.test.ts).
// `code` is the body of an async function that sees the package as `m` and each of `imports`
// under its key; it returns a JSON-serialisable value that must equal `expected`.
// A package without an entry here gets the generic check: it loads and exports something.

export interface Smoke {
  /** Extra modules the program needs, by variable name (e.g. `{ tf: '@tensorflow/tfjs-core' }`). */
  imports?: Record<string, string>;
  code: string;
  expected: unknown;
}

export const SMOKES: Record<string, Smoke> = {
  '@glossa/tokenizers': {
    // loadEncoding imports the shipped rank data lazily (a chunk of its own in a bundler's output).
    code: `
      const tok = m.trainBPE(['low lower lowest', 'new newer newest', 'lower newest'], { vocabSize: 270 });
      const e = tok.encode('lower newest');
      const ids = {};
      for (const name of ['r50k_base', 'p50k_base', 'p50k_edit', 'cl100k_base', 'o200k_base']) {
        ids[name] = (await m.loadEncoding(name)).encode('hello world x    y').ids;
      }
      return {
        roundTrip: tok.decode(e.ids) === 'lower newest',
        merged: e.ids.length < 'lower newest'.length,
        ids,
      };`,
    // js-tiktoken 1.0.21's ids for the same text
    expected: {
      roundTrip: true,
      merged: true,
      ids: {
        r50k_base: [31373, 995, 2124, 220, 220, 220, 331],
        p50k_base: [31373, 995, 2124, 50258, 331],
        p50k_edit: [31373, 995, 2124, 50258, 331],
        cl100k_base: [15339, 1917, 865, 262, 379],
        o200k_base: [24912, 2375, 1215, 271, 342],
      },
    },
  },
  '@glossa/ngram': {
    code: `
      const lm = m.trainLanguageModel([['a', 'b', 'a', 'b'], ['a', 'b']], { order: 2, smoothing: 'mle' });
      return { pBA: lm.prob('b', ['a']), pStart: lm.prob('a', ['<s>']) };`,
    expected: { pBA: 1, pStart: 1 },
  },
  '@glossa/attention': {
    // @glossa/core arrives with attention (a dependency): the app picks the backend through it.
    imports: { core: '@glossa/core', tf: '@tensorflow/tfjs-core' },
    code: `
      await core.useBackend('wasm', { verbose: false });
      const x = tf.tensor3d([[[1, 0], [0, 1]]]);
      const { output, weights } = m.scaledDotProductAttention({ query: x, key: x, value: x, attnMask: m.causalMask(2) });
      const out = Array.from(await output.data(), (v) => Math.round(v * 1e4) / 1e4);
      return { backend: tf.getBackend(), out, weights: weights.shape };`,
    expected: { backend: 'wasm', out: [1, 0, 0.3302, 0.6698], weights: [1, 2, 2] },
  },
  '@glossa/metrics': {
    code: `
      const s = m.sentenceBleu('the cat sat on the mat', ['the cat sat on the mat']);
      const c = m.corpusBleu(['the cat sat on the mat'], [['the cat is on the mat']]);
      return { same: Math.round(s.score * 100) / 100, lower: c.score > 0 && c.score < 100 };`,
    expected: { same: 100, lower: true },
  },
  '@glossa/embeddings': {
    // Two worker threads run the word2vec kernel from the bundle's own source text (the threads' code path),
    // then the vectors go through the binary file format and back.
    code: `
      const sentences = [['a', 'b', 'c'], ['a', 'b', 'd'], ['b', 'c', 'a'], ['d', 'a', 'b']];
      const model = await m.Word2Vec.train(sentences, { vectorSize: 4, minCount: 1, epochs: 3, workers: 2, seed: 1 });
      const bytes = model.wv.serialize({ format: 'word2vec-binary' });
      const back = m.KeyedVectors.parse(bytes, { format: 'word2vec-binary' });
      return { words: back.size, engine: model.stats.engine, same: back.similarity('a', 'b') === model.wv.similarity('a', 'b') };`,
    expected: { words: 4, engine: 'wasm', same: true },
  },
  '@glossa/core': {
    imports: { tf: '@tensorflow/tfjs-core' },
    code: `
      const info = await m.useBackend('wasm');
      const fc = new m.Linear({ inFeatures: 3, outFeatures: 2 });
      fc.loadStateDict({
        weight: { shape: [2, 3], data: [1, 0, -1, 0.5, 0.5, 0.5] },
        bias: { shape: [2], data: [0.25, -1] },
      });
      const y = fc.forward(tf.tensor2d([[1, 2, 3]]));
      // Pretrained files through the package's #io-fs import (the Node file system, ESM and CJS).
      const { mkdtempSync, readdirSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const dir = mkdtempSync(join(tmpdir(), 'glossa-smoke-'));
      await m.savePretrained(dir, { config: { in: 3 }, state: fc.stateDict(), dtype: 'bfloat16' });
      const back = await m.loadPretrained(dir);
      const bias = Array.from(await back.state.bias.data());
      back.dispose();
      return { backend: info.name, tfBackend: tf.getBackend(), y: Array.from(await y.data()),
        files: readdirSync(dir).sort(), config: back.config, bias };`,
    expected: {
      backend: 'wasm',
      tfBackend: 'wasm',
      y: [-1.75, 2],
      files: ['config.json', 'model.safetensors'],
      config: { in: 3 },
      bias: [0.25, -1],
    },
  },
};

/**
 * Extra programs for a package's Node-only entries, run from Node ESM and CommonJS (not bundled for the
 * browser). `@glossa/tokenizers/node` reads the shipped rank modules from the installed package's dist/.
 */
export const NODE_SMOKES: Record<string, Smoke> = {
  '@glossa/tokenizers': {
    imports: { node: '@glossa/tokenizers/node' },
    code: `
      const o200k = node.getEncoding('o200k_base');
      const gpt2 = node.getEncoding('gpt2');
      return { o200k: o200k.encode('hello world').ids, gpt2: gpt2.encode('hello world').ids };`,
    expected: { o200k: [24912, 2375], gpt2: [31373, 995] },
  },
};

/** The generic check for a package with no dedicated smoke program yet. */
export const GENERIC: Smoke = {
  code: `
    const names = Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule');
    return { exportsSomething: names.length > 0 };`,
  expected: { exportsSomething: true },
};

const ident = (s: string) => JSON.stringify(s);

/** The program as an ES module (top-level await). */
export function esmProgram(pkg: string, s: Smoke): string {
  const imports = Object.entries(s.imports ?? {})
    .map(([v, spec]) => `import * as ${v} from ${ident(spec)};`)
    .join('\n');
  return `import * as m from ${ident(pkg)};\n${imports}\nconst out = await (async () => {${s.code}\n})();\nconsole.log(JSON.stringify(out));\n`;
}

/** The program as a CommonJS script. */
export function cjsProgram(pkg: string, s: Smoke): string {
  const requires = Object.entries(s.imports ?? {})
    .map(([v, spec]) => `const ${v} = require(${ident(spec)});`)
    .join('\n');
  return `'use strict';\nconst m = require(${ident(pkg)});\n${requires}\n(async () => {${s.code}\n})().then((out) => console.log(JSON.stringify(out)), (e) => { console.error(e); process.exit(1); });\n`;
}

/** The entry an esbuild browser bundle starts from (no top-level await: iife output). */
export function browserEntry(pkg: string, s: Smoke): string {
  const imports = Object.entries(s.imports ?? {})
    .map(([v, spec]) => `import * as ${v} from ${ident(spec)};`)
    .join('\n');
  return `import * as m from ${ident(pkg)};\n${imports}\n(async () => {${s.code}\n})().then((out) => console.log(JSON.stringify(out)));\n`;
}
