// A Vite plugin that ships the model folders of the packages with the playground without copying
// them into git: on `vite build` each file is emitted into dist/models/<name>/ (config.json,
// model.safetensors, tokenizer.json — core's pretrained layout, so `fromPretrained(url)` loads the
// folder); on `vite` (dev) the same paths are served from the package's folder.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folders shipped: `dist/models/<name>/` ← a folder of the repo. */
export const MODELS = {
  'en-fr': fileURLToPath(new URL('../../packages/transformers/assets/en-fr/', import.meta.url)),
};
const FILES = ['config.json', 'model.safetensors', 'tokenizer.json'];

export function modelAssets(models = MODELS) {
  return {
    name: 'glossa-model-assets',
    generateBundle() {
      for (const [name, dir] of Object.entries(models)) {
        for (const file of FILES) {
          this.emitFile({
            type: 'asset',
            fileName: `models/${name}/${file}`,
            source: readFileSync(dir + file),
          });
        }
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /\/models\/([\w-]+)\/([\w.-]+)$/.exec((req.url ?? '').split('?')[0]);
        if (!m || !models[m[1]] || !FILES.includes(m[2])) return next();
        res.setHeader(
          'Content-Type',
          m[2].endsWith('.json') ? 'application/json' : 'application/octet-stream',
        );
        res.end(readFileSync(models[m[1]] + m[2]));
      });
    },
  };
}
