// Shared vitest settings for every workspace package.
// Each package's vitest.config.ts does: export default glossaVitest();
// Results are also written as JSON to .test-results.json so that tooling/summary.mjs
// can print one "N passed, N failed" line for the whole workspace.
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';

export function glossaVitest(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        reporters: ['default', 'json'],
        outputFile: { json: '.test-results.json' },
        passWithNoTests: true,
        setupFiles: [fileURLToPath(new URL('./vitest.setup.mjs', import.meta.url))],
        testTimeout: 120_000,
        hookTimeout: 120_000,
        pool: 'forks',
        // Test files run in parallel processes; wasm threads in each would oversubscribe the cores
        // (XNNPACK's workers spin). Tests that exercise threads ask for them explicitly.
        env: { GLOSSA_WASM_THREADS: process.env.GLOSSA_WASM_THREADS ?? '1' },
        maxWorkers: process.env.CI ? 2 : undefined,
      },
    }),
    overrides,
  );
}
