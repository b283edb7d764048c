// The dedicated Web Worker of a bench page with `inWorker` (bundled by driver.mjs into worker.js):
// runs the config posted by page.mjs (run-config.mjs) and posts the figures back; CPU readings are
// asked of the page, which asks the driver.
import { runConfig } from './run-config.mjs';

let asked = 0;
const waiting = new Map();
const cpuMs = () =>
  new Promise((resolve) => {
    asked += 1;
    waiting.set(asked, resolve);
    postMessage({ cpu: asked });
  });

addEventListener('message', async ({ data }) => {
  if (data.cpu !== undefined) {
    waiting.get(data.cpu)?.(data.ms);
    waiting.delete(data.cpu);
    return;
  }
  let result;
  try {
    result = await runConfig(data.config, cpuMs);
  } catch (e) {
    result = { error: String(e?.stack ?? e) };
  }
  postMessage({ result });
});
