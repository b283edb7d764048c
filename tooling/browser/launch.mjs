// Finds and launches a system Chromium (Debian's `chromium`; .ci/run installs it) through
// playwright-core, which downloads no browser of its own. `--enable-unsafe-webgpu` gives pages a
// WebGPU adapter even without a GPU (SwiftShader, a software rasteriser); the other flags keep the
// browser from reaching the network or updating itself.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where Chromium is looked for, after the GLOSSA_CHROMIUM environment variable. */
export const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Flags every launch gets. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * The Chromium executable to use: `GLOSSA_CHROMIUM` when set, else the first of `CHROMIUM_PATHS`
 * that exists; `undefined` when there is none.
 * @returns {string | undefined}
 */
export function findChromium() {
  const fromEnv = process.env.GLOSSA_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_PATHS.find((p) => existsSync(p));
}

/** Why browser tests cannot run here (a sentence for a skipped test's title), or `undefined`. */
export function chromiumMissingReason() {
  if (findChromium()) return undefined;
  return process.env.GLOSSA_CHROMIUM
    ? `GLOSSA_CHROMIUM=${process.env.GLOSSA_CHROMIUM} does not exist`
    : 'no Chromium found (apt-get install chromium, or set GLOSSA_CHROMIUM)';
}

/**
 * Launches headless Chromium.
 * @param {{ webgpu?: boolean, args?: string[] }} [options] `webgpu`: pass `--enable-unsafe-webgpu`
 *   (default `true`); `args`: more flags.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium({ webgpu = true, args = [] } = {}) {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`cannot launch Chromium: ${chromiumMissingReason()}`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(webgpu ? ['--enable-unsafe-webgpu'] : []), ...args],
    timeout: 60_000,
  });
}
