// #/gpt — a character-level GPT trained here, in a worker, on a Tiny Shakespeare excerpt: pick the
// backend (WebGPU / WASM / CPU), watch the train and validation losses fall and the samples turn
// from noise into something like verse; stop, resume, sample with temperature / top-k / top-p, save
// to IndexedDB, download or upload one safetensors file.
import { lossChart } from '../chart.js';
import { workerClient } from '../worker-client.js';
import { escapeHtml, markFirstResult, progressText } from './ui.js';

const fmt = (x) => (x === undefined || x === null ? '–' : x.toFixed(3));

export function mount(root, { setBackend }) {
  root.innerHTML = `<h1>A tiny GPT, trained in your browser</h1>
    <p>A character-level GPT (nanoGPT's structure, <code>@glossa/transformers</code>) learns from 64 KB of
    Tiny Shakespeare with AdamW in a Web Worker. Validation loss is on the last 10% of the text.</p>
    <section class="card" id="gpt-setup">
      <form class="controls" id="gpt-form">
        <label>backend <select name="backend"><option value="webgpu">WebGPU</option><option value="wasm" selected>WASM</option><option value="cpu">CPU</option></select></label>
        <label>layers <select name="nLayer"><option>1</option><option selected>2</option><option>4</option></select></label>
        <label>width <select name="nEmbd"><option>16</option><option>32</option><option selected>64</option><option>128</option></select></label>
        <label>context <select name="blockSize"><option>16</option><option>32</option><option selected>64</option><option>128</option></select></label>
        <label>batch <select name="batchSize"><option>4</option><option>8</option><option selected>16</option><option>32</option></select></label>
        <label>learning rate <input name="lr" type="number" value="0.003" step="0.001" min="0.0001" max="0.1" style="width:5em"></label>
        <label>steps <input name="steps" type="number" value="300" min="1" max="100000" style="width:6em"></label>
        <button type="submit" id="gpt-new">New model</button>
        <button type="button" id="gpt-train">Train</button>
        <button type="button" id="gpt-stop" disabled>Stop</button>
      </form>
      <p class="muted" id="gpt-info">starting…</p>
      <div class="charts"><div class="chart loss" id="gpt-chart"></div></div>
      <p id="gpt-rate" class="muted"></p>
    </section>
    <section class="card">
      <h2>Samples</h2>
      <form class="controls" id="gpt-sample-form">
        <label>prompt <input name="prompt" value="ROMEO:" style="width:8em"></label>
        <label>temperature <input name="temperature" type="number" value="0.8" step="0.1" min="0" max="3" style="width:4em"></label>
        <label>top-k <input name="topK" type="number" value="0" min="0" style="width:4em"></label>
        <label>top-p <input name="topP" type="number" value="0.95" step="0.05" min="0.05" max="1" style="width:4em"></label>
        <label>tokens <input name="maxNewTokens" type="number" value="200" min="1" max="1000" style="width:5em"></label>
        <button type="submit">Sample</button>
      </form>
      <pre id="gpt-sample" class="sample"></pre>
      <div id="gpt-history"></div>
    </section>
    <section class="card">
      <h2>Keep it</h2>
      <div class="controls">
        <button type="button" id="gpt-save">Save to IndexedDB</button>
        <button type="button" id="gpt-load">Load from IndexedDB</button>
        <button type="button" id="gpt-download">Download .safetensors</button>
        <label>upload <input type="file" id="gpt-upload" accept=".safetensors"></label>
      </div>
      <p class="muted" id="gpt-keep"></p>
    </section>`;
  const $ = (s) => root.querySelector(s);
  const form = $('#gpt-form');
  const info = $('#gpt-info');
  const setup = $('#gpt-setup');
  let worker = null;
  let chart = null;
  let busy = false;
  let backendName = null;

  const fail = (el, e) => {
    el.innerHTML = `<span class="error">${escapeHtml(e.message ?? e)}</span>`;
  };
  const buttons = () => {
    for (const b of root.querySelectorAll('button')) b.disabled = busy && b.id !== 'gpt-stop';
    $('#gpt-stop').disabled = !busy;
  };
  const describe = (d) =>
    `${d.config.nLayer} layers × ${d.config.nEmbd} wide, context ${d.config.blockSize}, batch ${d.batchSize}, vocabulary ${d.vocabSize} characters, ` +
    `${d.parameters.toLocaleString('en')} parameters, step ${d.step} — on ${backendName}`;
  const resetChart = () => {
    chart?.destroy();
    $('#gpt-chart').innerHTML = '';
    chart = lossChart($('#gpt-chart'), { series: ['train', 'validation'] });
  };

  /** A worker on the chosen backend (a new backend is a new worker: tensors live on one backend). */
  async function start(name) {
    if (worker && name === backendName) return worker;
    worker?.terminate();
    worker = workerClient(
      new Worker(new URL('../workers/gpt.worker.js', import.meta.url), { type: 'module' }),
    );
    const b = await worker.call('backend', { name });
    backendName = b.name;
    setup.dataset.backend = b.name;
    setBackend(b);
    return worker;
  }

  async function create() {
    const f = form.elements;
    busy = true;
    buttons();
    delete setup.dataset.trained;
    try {
      await start(f.backend.value);
      const d = await worker.call(
        'create',
        {
          nLayer: Number(f.nLayer.value),
          nEmbd: Number(f.nEmbd.value),
          blockSize: Number(f.blockSize.value),
          batchSize: Number(f.batchSize.value),
          lr: Number(f.lr.value) || 3e-3,
          nHead: 4,
        },
        (p) => (info.textContent = progressText(p)),
      );
      info.textContent = describe(d);
      setup.dataset.tensors = String(d.tensors);
      resetChart();
      $('#gpt-history').innerHTML = '';
      markFirstResult();
    } catch (e) {
      fail(info, e);
    } finally {
      busy = false;
      buttons();
    }
  }

  async function train() {
    busy = true;
    buttons();
    const rate = $('#gpt-rate');
    try {
      const steps = Math.max(1, Number(form.elements.steps.value) || 1);
      const s = sampleOptions();
      const r = await worker.call(
        'train',
        { steps, sample: { prompt: s.prompt, temperature: s.temperature, topK: s.topK, topP: s.topP } },
        (p) => {
          if (p.kind === 'step') {
            chart.add('train', p.step, p.loss);
            rate.textContent = `step ${p.step} · loss ${fmt(p.loss)} · ${Math.round(p.tokensPerSec).toLocaleString('en')} tokens/s`;
          } else if (p.kind === 'eval') chart.add('validation', p.step, p.loss);
          else if (p.kind === 'sample') {
            const div = document.createElement('div');
            div.innerHTML = `<p class="muted">after step ${p.step}:</p><pre class="sample">${escapeHtml(p.text)}</pre>`;
            $('#gpt-history').prepend(div);
          }
        },
      );
      info.textContent = describe(r);
      setup.dataset.gpuErrors = String(r.gpuErrors);
      setup.dataset.first = String(r.first);
      setup.dataset.last = String(r.last);
      setup.dataset.evals = JSON.stringify(r.evals);
      setup.dataset.tensors = String(r.tensors);
      setup.dataset.trained = String(r.step);
      rate.textContent += r.aborted ? ' — stopped (Train resumes)' : ' — done';
      if (r.gpuErrors)
        fail(rate, new Error(`${r.gpuErrors} WebGPU errors (results are wrong); the first: ${r.gpuError}`));
    } catch (e) {
      fail(rate, e);
    } finally {
      busy = false;
      buttons();
    }
  }

  const sampleOptions = () => {
    const f = $('#gpt-sample-form').elements;
    return {
      prompt: f.prompt.value || '\n',
      temperature: Number(f.temperature.value),
      topK: Number(f.topK.value) || 0,
      topP: Number(f.topP.value) || 1,
      maxNewTokens: Number(f.maxNewTokens.value) || 100,
      seed: Math.floor(Math.random() * 1e6),
    };
  };

  async function sample() {
    const out = $('#gpt-sample');
    const o = sampleOptions();
    out.textContent = o.prompt;
    try {
      await worker.call('sample', o, (p) => (out.textContent += p.piece));
    } catch (e) {
      fail(out, e);
    }
  }

  async function keep(action) {
    const el = $('#gpt-keep');
    try {
      if (action === 'save') el.textContent = `saved step ${(await worker.call('save')).step} to IndexedDB`;
      if (action === 'load') {
        const d = await worker.call('load');
        info.textContent = describe(d);
        el.textContent = 'loaded from IndexedDB';
      }
      if (action === 'download') {
        const bytes = await worker.call('download');
        const a = document.createElement('a');
        a.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
        a.download = 'tiny-shakespeare-gpt.safetensors';
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 1000);
        el.textContent = `downloaded ${(bytes.length / 1e6).toFixed(2)} MB`;
      }
    } catch (e) {
      fail(el, e);
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    create();
  });
  $('#gpt-train').addEventListener('click', () => train());
  $('#gpt-stop').addEventListener('click', () => worker?.call('stop'));
  $('#gpt-sample-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sample();
  });
  for (const a of ['save', 'load', 'download']) $(`#gpt-${a}`).addEventListener('click', () => keep(a));
  $('#gpt-upload').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const d = await worker.call('upload', { bytes });
      info.textContent = describe(d);
      $('#gpt-keep').textContent = `loaded ${file.name}`;
    } catch (err) {
      fail($('#gpt-keep'), err);
    }
  });
  // `?backend=webgpu&layers=1&width=16&context=16&batch=4&lr=0.01` (before the hash) preset the form
  // on arrival, as the e2e test does (a tiny model: few shaders to compile on a software WebGPU).
  const query = new URLSearchParams(location.search);
  const preset = {
    backend: 'backend',
    layers: 'nLayer',
    width: 'nEmbd',
    context: 'blockSize',
    batch: 'batchSize',
    lr: 'lr',
  };
  for (const [key, field] of Object.entries(preset)) {
    const el = form.elements[field];
    const v = query.get(key);
    // A select keeps its value only when it is one of its options.
    if (v !== null && (el.tagName !== 'SELECT' || [...el.options].some((o) => o.value === v))) el.value = v;
  }
  create();
  return () => {
    controllerStop();
    chart?.destroy();
  };
  function controllerStop() {
    worker?.terminate();
  }
}
