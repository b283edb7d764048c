// Runs in the page: the generated entry (tooling/browser/bundle.mjs) calls `start` with every bundled
// test file. The page's query string says which files to run (`files`, a JSON list; all by default);
// results go to the harness through `__harnessReport` / `__harnessDone` (exposed by run.mjs) and stay
// readable as `globalThis.__harnessResults`.
import { runFiles } from './vitest-shim.mjs';

/** @param {Array<[string, () => Promise<unknown>]>} files */
export async function start(files) {
  const config = /** @type {any} */ (globalThis).__GLOSSA_HARNESS__ ?? {};
  const wanted = Array.isArray(config.files) ? new Set(config.files) : undefined;
  const results = [];
  /** @type {any} */ (globalThis).__harnessResults = results;
  const report = (r) => {
    results.push(r);
    /** @type {any} */ (globalThis).__harnessReport?.(r);
  };
  try {
    await runFiles(
      files.filter(([name]) => !wanted || wanted.has(name)),
      report,
    );
  } catch (e) {
    report({
      file: '(harness)',
      title: '(runner crashed)',
      ancestorTitles: [],
      status: 'failed',
      duration: 0,
      failureMessages: [String(e?.stack ?? e)],
    });
  }
  await /** @type {any} */ (globalThis).__harnessDone?.(results.length);
}
