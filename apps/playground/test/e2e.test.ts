// End-to-end (test/harness.ts: the built playground in headless Chromium): each route loads with no
// console error; the tokenizer page counts tokens as tiktoken does; the metrics page shows sacreBLEU's
// score; the basics page trains and its loss falls; the GPT page trains on wasm and on WebGPU; the
// attention page translates as Node does. (#/embeddings and #/rnn: e2e-models.test.ts.) Screenshots
// and per-route figures go to test/artifacts/. Skipped, with the reason, where there is no Chromium.
import { fileURLToPath } from 'node:url';
import { useBackend } from '@glossa/core';
import { getEncoding } from '@glossa/tokenizers/node';
import { Seq2SeqTransformer } from '@glossa/transformers';
import { describe, expect, it } from 'vitest';
import { missing, usePlayground } from './harness';

// sacreBLEU 2.6.0 on its README example (hypotheses and two reference streams as the page's defaults).
const SACREBLEU =
  'BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)';

const pg = usePlayground('e2e');
const { open, finish } = pg;

describe.skipIf(missing)(`playground in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('serves the page cross-origin isolated, with the header showing capabilities', async () => {
    const o = await open('#/');
    expect(await o.page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    const status = await o.page.textContent('#status');
    expect(status).toMatch(/wasm threads: up to \d+/);
    expect(status).toMatch(/relaxed SIMD: (yes|no)/);
    await finish('home', o, o.page);
  });

  it('#/tokenizers counts tokens as tiktoken does (cl100k_base) and as many characters as code points', async () => {
    const o = await open('#/tokenizers');
    const text = 'Hello, tokenizers! Ünïcödé and 東京 cost more tokens than plain English.';
    const expected = getEncoding('cl100k_base').encode(text).ids.length;
    await o.page.fill('#text', text);
    const count = (name: string) =>
      o.page.waitForFunction(
        ([n, c]) => document.querySelector(`[data-tokenizer="${n}"]`)?.getAttribute('data-count') === c,
        [name, String(name === 'char' ? [...text].length : expected)] as const,
        { timeout: 90_000 },
      );
    await count('cl100k_base');
    await count('char');
    const word = await o.page.getAttribute('[data-tokenizer="word"]', 'data-count');
    expect(Number(word)).toBeGreaterThan(5);
    expect(await o.page.locator('[data-tokenizer="word"] .tok.unk').count()).toBeGreaterThan(0);
    await finish('tokenizers', o, o.page);
  });

  it("#/metrics shows sacreBLEU's BLEU line and score for its README example", async () => {
    const o = await open('#/metrics');
    await o.page.waitForSelector('#bleu-line', { timeout: 30_000 });
    expect(await o.page.textContent('#bleu-line')).toBe(SACREBLEU);
    expect(await o.page.textContent('#bleu-score')).toBe('48.53');
    await finish('metrics', o, o.page);
  });

  it('#/basics trains a linear regression on wasm and its loss falls', async () => {
    const o = await open('#/basics');
    const card = '[data-experiment="linear"]';
    await o.page.waitForSelector(`${card}[data-done="1"]`, { timeout: 120_000 });
    const first = Number(await o.page.getAttribute(card, 'data-first'));
    const last = Number(await o.page.getAttribute(card, 'data-last'));
    expect(last).toBeLessThan(first / 10);
    expect(await o.page.getAttribute('[data-backend]', 'data-backend')).toBe('wasm');
    expect(await o.page.textContent(`${card} .result`)).toMatch(
      /learned y = (2\.9|3\.0)\d*x − (1\.9|2\.0)\d* /,
    );
    // Over-fitting shown, then cured: with no cure the validation loss ends far above its best;
    // early stopping ends the run early, lower.
    const overfit = '[data-experiment="overfit"]';
    const runOverfit = async (earlyStopping: boolean) => {
      await o.page.setChecked(`${overfit} [name=earlyStopping]`, earlyStopping);
      await o.page.click(`${overfit} button`);
      await o.page.waitForSelector(`${overfit}[data-done="1"]`, { timeout: 120_000 });
      return o.page.evaluate(
        (c) => JSON.parse(document.querySelector(c)!.getAttribute('data-evals')!),
        overfit,
      );
    };
    const plain: { step: number; loss: number }[] = await runOverfit(false);
    const best = Math.min(...plain.map((e) => e.loss));
    expect(plain.at(-1)!.loss).toBeGreaterThan(2 * best);
    const stopped: { step: number; loss: number }[] = await runOverfit(true);
    expect(stopped.at(-1)!.step).toBeLessThan(plain.at(-1)!.step);
    expect(stopped.at(-1)!.loss).toBeLessThan(plain.at(-1)!.loss / 2);
    // No tensor leaks: after each run the worker holds as many tensors as after the first.
    const tensors = await o.page.getAttribute(card, 'data-tensors');
    expect(await o.page.getAttribute(overfit, 'data-tensors')).toBe(tensors);
    await finish('basics', o, o.page);
  });

  /** Trains the GPT page's model on `backend`: `steps` steps, then `more` (resumed); returns the page. */
  async function trainGpt(backend: string, steps = 20, more = 10, preset = '') {
    const o = await open('#/gpt', `?backend=${backend}${preset}`);
    const setup = '#gpt-setup';
    await o.page.waitForFunction(
      () => /parameters/.test(document.querySelector('#gpt-info')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    expect(await o.page.getAttribute(setup, 'data-backend')).toBe(backend);
    const train = async (n: number, done: number) => {
      await o.page.fill('#gpt-form [name=steps]', String(n));
      await o.page.click('#gpt-train');
      await o.page.waitForFunction(
        (n) => document.querySelector('#gpt-setup')?.getAttribute('data-trained') === n,
        String(done),
        { timeout: 240_000 },
      );
      return {
        first: Number(await o.page.getAttribute(setup, 'data-first')),
        last: Number(await o.page.getAttribute(setup, 'data-last')),
        evals: JSON.parse((await o.page.getAttribute(setup, 'data-evals'))!) as {
          step: number;
          loss: number;
        }[],
        tensors: await o.page.getAttribute(setup, 'data-tensors'),
      };
    };
    const a = await train(steps, steps);
    const b = await train(more, steps + more);
    return { o, a, b };
  }

  it('#/gpt trains a char-level GPT on wasm: the loss falls, resumes, samples, saves to IndexedDB', async () => {
    const { o, a, b } = await trainGpt('wasm');
    // ln 65 ≈ 4.17 at initialisation; 30 AdamW steps bring the training loss well below it.
    expect(a.first).toBeGreaterThan(3.5);
    expect(a.last).toBeLessThan(a.first - 0.3);
    expect(b.last).toBeLessThan(a.last);
    expect(b.evals.at(-1)!.step).toBe(30); // resumed: steps continue from 20
    expect(b.evals.at(-1)!.loss).toBeLessThan(a.first);
    expect(b.tensors).toBe(a.tensors); // a training run adds no tensor once the optimizer has its state
    await o.page.fill('#gpt-sample-form [name=maxNewTokens]', '40');
    await o.page.click('#gpt-sample-form button');
    await o.page.waitForFunction(
      () => (document.querySelector('#gpt-sample')?.textContent ?? '').length >= 'ROMEO:'.length + 40,
      null,
      { timeout: 60_000 },
    );
    await o.page.click('#gpt-save');
    await o.page.waitForFunction(
      () => /saved step 30/.test(document.querySelector('#gpt-keep')?.textContent ?? ''),
      null,
      { timeout: 60_000 },
    );
    await o.page.click('#gpt-load');
    await o.page.waitForFunction(
      () => /loaded from IndexedDB/.test(document.querySelector('#gpt-keep')?.textContent ?? ''),
      null,
      { timeout: 60_000 },
    );
    expect(await o.page.textContent('#gpt-info')).toMatch(/step 30 — on wasm/); // the step comes back too
    await finish('gpt', o, o.page);
  });

  // On a machine without a GPU, Chromium's WebGPU adapter is SwiftShader (the GPU emulated on the CPU):
  // the page's default model (2 layers × 64, context 64, batch 16) took 96 s for its first step (88
  // shader pipelines compiled) and 17 s for each step after it. A tiny model (1 layer × 16, context 16,
  // batch 4) compiles 82 pipelines in ≈ 15 s of CPU and then trains at ≈ 0.3 s of CPU a step: the same
  // kernels train, in ≈ 30 s of browser CPU for 25 steps.
  it('#/gpt trains a tiny GPT on WebGPU (Chromium adapter): the loss falls and resumes, no invalid shader', async () => {
    const probe = await pg.browser.newPage();
    await probe.goto(`${pg.server.url}#/`);
    const adapter = await probe.evaluate(async () => Boolean(await (navigator as any).gpu?.requestAdapter()));
    await probe.close();
    if (!adapter) {
      console.log('#/gpt on webgpu: skipped, no WebGPU adapter in this Chromium');
      return;
    }
    const { o, a, b } = await trainGpt('webgpu', 20, 5, '&layers=1&width=16&context=16&batch=4&lr=0.01');
    expect(await o.page.textContent('#gpt-info')).toMatch(/1 layers × 16 wide, context 16, batch 4/);
    // Training losses are of 64 characters each (noisy); validation is 4 batches. Measured (seed 0):
    // 4.09 at the first step, 3.27 at the 20th; validation 3.23 at step 20, 3.21 at 25 after resuming.
    expect(a.first).toBeGreaterThan(3.5); // ≈ ln 59 at initialisation
    expect(a.last).toBeLessThan(a.first - 0.3);
    expect(a.evals.at(-1)!.step).toBe(20);
    expect(a.evals.at(-1)!.loss).toBeLessThan(a.first - 0.6);
    expect(b.evals.at(-1)!.step).toBe(25);
    expect(b.evals.at(-1)!.loss).toBeLessThan(a.evals.at(-1)!.loss);
    expect(b.tensors).toBe(a.tensors);
    // A pipeline WebGPU cannot build runs nothing, silently in a worker: the page counts the device's
    // uncaptured errors (an addN of 16 gradient norms was one, until core's clipGradNorm stopped using it).
    expect(await o.page.getAttribute('#gpt-setup', 'data-gpu-errors')).toBe('0');
    await finish('gpt-webgpu', o, o.page);
  }, 120_000);

  it('#/attention loads the en-fr model lazily, translates as Node does and draws every attention map', async () => {
    const source = 'I am happy.';
    await useBackend('wasm');
    const model = await Seq2SeqTransformer.fromPretrained(
      fileURLToPath(new URL('../../../packages/transformers/assets/en-fr', import.meta.url)),
    );
    const [expected] = await model.translate([source]);
    const [expectedBeam] = await model.translate(['Where is the station?'], { numBeams: 4 });
    model.dispose();
    const o = await open('#/attention');
    await o.page.waitForSelector('#att[data-done="1"]', { timeout: 120_000 });
    expect(await o.page.textContent('#att-out')).toBe(expected);
    expect(await o.page.getAttribute('#att', 'data-translation')).toBe(expected);
    // 3 kinds × 3 layers × 4 heads, each with weight in its cells; the big map reads back non-white pixels.
    expect(Number(await o.page.getAttribute('#att', 'data-maps'))).toBe(36);
    expect(Number(await o.page.getAttribute('#att', 'data-cells'))).toBeGreaterThan(36);
    const inked = await o.page.evaluate(() => {
      const c = document.querySelector('#att-focus-map') as HTMLCanvasElement;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i + 3]! > 0 && px[i]! < 200) n++;
      return { n, width: c.width, height: c.height };
    });
    expect(inked.width).toBeGreaterThan(50);
    expect(inked.n).toBeGreaterThan(100);
    // The decoder's causal mask: every weight above the diagonal is zero in every layer and head.
    expect(Number(await o.page.getAttribute('#att', 'data-above-diagonal'))).toBe(0);
    // Beam search (4) with a second sentence: the same as Node, and no tensor left behind.
    const tensors = await o.page.getAttribute('#att', 'data-tensors');
    await o.page.fill('#att-form [name=source]', 'Where is the station?');
    await o.page.selectOption('#att-form [name=beams]', '4');
    await o.page.click('#att-form button');
    await o.page.waitForSelector('#att[data-done="1"]', { timeout: 120_000 });
    expect(await o.page.textContent('#att-out')).toBe(expectedBeam);
    expect(await o.page.getAttribute('#att', 'data-tensors')).toBe(tensors);
    expect(o.requestsFrom).toBeLessThan(pg.server.requests.length);
    expect(pg.server.requests.slice(o.requestsFrom).some((r) => r.path.endsWith('/model.safetensors'))).toBe(
      true,
    );
    await finish('attention', o, o.page);
  });
});
