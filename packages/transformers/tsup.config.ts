import { glossaTsup } from '@glossa/tooling/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(glossaTsup());
