#!/usr/bin/env node
// Scaffolds packages/<name> with the workspace conventions (exports map, tsup, vitest, README).
// usage: node tooling/new-package.mjs <name> "<description>"
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [name, description = ''] = process.argv.slice(2);
if (!name) throw new Error('usage: node tooling/new-package.mjs <name> "<description>"');
const dir = join('packages', name);
if (existsSync(dir)) throw new Error(`${dir} already exists`);
mkdirSync(join(dir, 'src'), { recursive: true });
const pkg = {
  name: `@glossa/${name}`,
  version: '0.0.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  files: ['dist', 'README.md', 'CHANGELOG.md', 'LICENSE'],
  engines: { node: '>=20' },
  repository: {
    type: 'git',
    url: 'git+https://github.com/glossa-js/glossa.git',
    directory: `packages/${name}`,
  },
  keywords: ['nlp'],
  publishConfig: { access: 'public' },
  scripts: {
    build: 'tsup',
    test: 'vitest run',
    typecheck: 'tsc --noEmit',
  },
  devDependencies: { '@glossa/tooling': 'workspace:*' },
};
const w = (f, s) => writeFileSync(join(dir, f), s);
w('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
w(
  'tsconfig.json',
  `${JSON.stringify({ extends: '../../tooling/tsconfig.base.json', include: ['src'] }, null, 2)}\n`,
);
w(
  'tsup.config.ts',
  "import { glossaTsup } from '@glossa/tooling/tsup';\nimport { defineConfig } from 'tsup';\n\nexport default defineConfig(glossaTsup());\n",
);
w(
  'vitest.config.ts',
  "import { glossaVitest } from '@glossa/tooling/vitest';\n\nexport default glossaVitest();\n",
);
w('src/index.ts', `/** @packageDocumentation ${description} */\nexport {};\n`);
w('README.md', `# @glossa/${name}\n\n${description}\n\n\`\`\`sh\nnpm install @glossa/${name}\n\`\`\`\n`);
copyFileSync('LICENSE', join(dir, 'LICENSE'));
console.log(`created ${dir}`);
