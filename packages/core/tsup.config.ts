import { glossaTsup } from '@glossa/tooling/tsup';
import { defineConfig } from 'tsup';

// shims: `import.meta.url` in the CJS build (used to locate tfjs-backend-wasm's threaded glue in Node).
export default defineConfig(
  glossaTsup({
    entry: ['src/index.ts', 'src/internal.ts', 'src/testing.ts'],
    external: ['webgpu'],
    shims: true,
  }),
);
