// The browser test harness (see README.md in this folder): a static server with COOP/COEP, a
// Chromium launcher, a bundler for vitest test files, and a runner that collects their results.
export { bundleTests } from './bundle.mjs';
export { CHROMIUM_ARGS, chromiumMissingReason, findChromium, launchChromium } from './launch.mjs';
export { fullTitle, registerResults, runBrowserTests, runPage, summarize } from './run.mjs';
export { startServer } from './server.mjs';
