#!/usr/bin/env node
// Regenerates tooling/turbo.json so that the tooling tests (hygiene, pack-and-install, sizes)
// run after every workspace package in packages/* is built. tooling cannot list the packages
// as devDependencies (each package devDepends on @glossa/tooling: turbo would see a cycle),
// so the dependency lives in turbo's per-package config. tooling/test/graph.test.ts fails
// when this file is out of date: run `pnpm --filter @glossa/tooling sync-deps`.
import { join } from 'node:path';
import { root, workspacePackages, writeFileAtomic } from './workspace.mjs';

/** The turbo.json that tooling needs for the packages on disk now. */
export function toolingTurboConfig() {
  const builds = workspacePackages(['packages'])
    .filter((p) => p.pkg.scripts?.build)
    .map((p) => `${p.name}#build`);
  return {
    $schema: 'https://turbo.build/schema.json',
    extends: ['//'],
    tasks: {
      test: {
        dependsOn: builds,
        outputs: ['.test-results.json'],
        env: ['GLOSSA_BACKENDS', 'CI'],
      },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = join(root, 'tooling', 'turbo.json');
  writeFileAtomic(file, `${JSON.stringify(toolingTurboConfig(), null, 2)}\n`);
  console.log(`wrote ${file}`);
}
