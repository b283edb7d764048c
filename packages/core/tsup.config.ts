import { glossaTsup } from '@glossa/tooling/tsup';
import { defineConfig } from 'tsup';

// shims: `import.meta.url` in the CJS build (used to locate tfjs-backend-wasm's threaded glue in Node).
// io-fs-node / io-fs-browser: the two implementations of the `#io-fs` subpath import (package.json
// `imports`: Node gets the file system, everything else the stub); `#io-fs` stays external so that
// the consumer's resolver (Node, esbuild, Vite, webpack) picks one by its conditions. The same for
// `#platform` (platform-node / platform-browser): backend start-up's Node side (cores, wasm threads,
// Dawn, worker_threads). scripts/copy-tfjs-wasm.mjs then puts tfjs-backend-wasm's binaries in dist/.
export default defineConfig(
  glossaTsup({
    entry: {
      index: 'src/index.ts',
      internal: 'src/internal.ts',
      testing: 'src/testing.ts',
      'io-fs-node': 'src/io/fs-node.ts',
      'io-fs-browser': 'src/io/fs-browser.ts',
      'platform-node': 'src/backend/platform-node.ts',
      'platform-browser': 'src/backend/platform-browser.ts',
    },
    dts: { entry: { index: 'src/index.ts', internal: 'src/internal.ts', testing: 'src/testing.ts' } },
    external: ['webgpu', '#io-fs', '#platform'],
    shims: true,
  }),
);
