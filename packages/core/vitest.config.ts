import { fileURLToPath } from 'node:url';
import { glossaVitest } from '@glossa/tooling/vitest';

// Tests run from src/: `#io-fs` and `#platform` (package.json `imports`, which point at dist/) are
// the Node sources.
export default glossaVitest({
  resolve: {
    alias: {
      '#io-fs': fileURLToPath(new URL('./src/io/fs-node.ts', import.meta.url)),
      '#platform': fileURLToPath(new URL('./src/backend/platform-node.ts', import.meta.url)),
    },
  },
});
