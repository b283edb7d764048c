// A Vite plugin that ships files of the packages with the playground without copying them into
// git: on `vite build` each file is emitted into dist/ (the model folders as dist/models/<name>/ —
// config.json, model.safetensors, tokenizer.json, core's pretrained layout, so `fromPretrained(url)`
// loads the folder — and the corpora as dist/corpora/<name>); on `vite` (dev) the same paths are
// served from the packages' folders.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** The folders shipped: `dist/models/<name>/` ← a folder of the repo. */
export const MODELS = {
  'en-fr': repo('packages/transformers/assets/en-fr/'),
};
const FILES = ['config.json', 'model.safetensors', 'tokenizer.json'];

/** The corpora shipped: `dist/corpora/<name>` ← a file of the repo (#/embeddings fetches it lazily). */
export const CORPORA = {
  // 3 MB of Project Gutenberg novels, public domain (packages/embeddings/test/fixtures/README.md).
  'gutenberg-en.txt.gz': repo('packages/embeddings/test/fixtures/gutenberg-en.slice.txt.gz'),
};

/** Every shipped file: its path under dist/ → its file in the repo. */
function shipped(models, corpora) {
  const out = {};
  for (const [name, dir] of Object.entries(models))
    for (const file of FILES) out[`models/${name}/${file}`] = dir + file;
  for (const [name, file] of Object.entries(corpora)) out[`corpora/${name}`] = file;
  return out;
}

export function modelAssets(models = MODELS, corpora = CORPORA) {
  const files = shipped(models, corpora);
  return {
    name: 'glossa-model-assets',
    generateBundle() {
      for (const [fileName, file] of Object.entries(files))
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = /\/((?:models|corpora)\/[\w./-]+)$/.exec((req.url ?? '').split('?')[0])?.[1];
        if (!path || !files[path]) return next();
        res.setHeader(
          'Content-Type',
          path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
        );
        res.end(readFileSync(files[path]));
      });
    },
  };
}
