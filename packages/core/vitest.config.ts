import { fileURLToPath } from 'node:url';
import { glossaVitest } from '@glossa/tooling/vitest';

// Tests run from src/: `#io-fs` (package.json `imports`, which points at dist/) is the Node source.
export default glossaVitest({
  resolve: { alias: { '#io-fs': fileURLToPath(new URL('./src/io/fs-node.ts', import.meta.url)) } },
});
