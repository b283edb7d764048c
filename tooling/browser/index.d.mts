// Types of the browser test harness (index.mjs), for TypeScript test files that use it.
import type { Plugin } from 'esbuild';
import type { Browser } from 'playwright-core';

export interface PageResult {
  file: string;
  title: string;
  ancestorTitles: string[];
  status: 'passed' | 'failed' | 'skipped';
  duration: number;
  failureMessages: string[];
  fileError?: boolean;
}

export interface PageConfig {
  /** Shown before each test's title. */
  name: string;
  /** The page's `process.env`. */
  env?: Record<string, string>;
  /** Serve the page cross-origin isolated (COOP/COEP). Default `true`. */
  isolate?: boolean;
  /** Which bundled test files run in this page (paths relative to `root`). Default: all. */
  files?: string[];
  /** What `navigator.hardwareConcurrency` reports (tfjs gives wasm at most half as threads). */
  hardwareConcurrency?: number;
  /** Limit for the whole page. Default 300 000 ms. */
  timeoutMs?: number;
}

export interface PageRun {
  config: PageConfig;
  results: PageResult[];
  console: { type: string; text: string }[];
  pageErrors: string[];
  crossOriginIsolated?: boolean;
  seconds: number;
}

export interface BrowserTestOutcome {
  /** Why nothing ran (no Chromium here). */
  skipped?: string;
  runs: PageRun[];
  warnings: string[];
  outdir?: string;
}

export interface BundleOptions {
  files: string[];
  root: string;
  outdir: string;
  alias?: Record<string, string>;
  assets?: string[];
  plugins?: Plugin[];
  title?: string;
}

export function bundleTests(
  options: BundleOptions,
): Promise<{ outdir: string; files: string[]; warnings: string[] }>;

export function runBrowserTests(
  options: Omit<BundleOptions, 'outdir' | 'title'> & { configs: PageConfig[]; keep?: boolean },
): Promise<BrowserTestOutcome>;

export function runPage(browser: Browser, url: string, config: PageConfig): Promise<PageRun>;

export function registerResults(
  outcome: BrowserTestOutcome,
  vitest: { describe: (name: string, fn: () => void) => void; it: any; title?: string },
): void;

export function summarize(runs: PageRun[]): {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults: { name: string; status: string; assertionResults: unknown[] }[];
};

export function fullTitle(run: PageRun, result: PageResult): string;

export function startServer(options: {
  root: string;
  isolate?: boolean;
  port?: number;
  log?: (line: string) => void;
}): Promise<{ url: string; requests: { path: string; status: number }[]; close: () => Promise<void> }>;

export const CHROMIUM_ARGS: string[];
export function findChromium(): string | undefined;
export function chromiumMissingReason(): string | undefined;
export function launchChromium(options?: { webgpu?: boolean; args?: string[] }): Promise<Browser>;
