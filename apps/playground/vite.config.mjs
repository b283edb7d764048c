// Vite config of the playground: a static site in dist/ that works from any folder of any static
// server (relative base), with module workers, and the two headers that make the page
// cross-origin isolated (SharedArrayBuffer, so tfjs' wasm backend can run threads) on `vite` and
// `vite preview` — scripts/serve.mjs sends the same.
import { defineConfig } from 'vite';
import { modelAssets } from './model-assets.mjs';

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  // The en-fr translation model of @glossa/transformers, as dist/models/en-fr/ (#/attention).
  plugins: [modelAssets()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // tfjs in the training worker is over Vite's 500 kB advice for one chunk; the route budget is
    // checked by test/e2e.test.ts (gzipped JS per route) instead.
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
});
