import { glossaTsup } from '@glossa/tooling/tsup';
import { defineConfig } from 'tsup';

// index: the library (no Node APIs); cli: runCli, testable without spawning; bin: the Node entry.
export default defineConfig(glossaTsup({ entry: ['src/index.ts', 'src/cli.ts', 'src/bin.ts'] }));
