import { glossaTsup } from '@glossa/tooling/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(glossaTsup({ entry: ['src/index.ts', 'src/node.ts'] }));
