// #/basics — the neural-network basics: gradient descent on a linear regression, an MLP and its
// activation, over-fitting shown with train/validation curves and cured with L2, dropout and early
// stopping, and SGD, momentum, RMSProp and Adam racing on the same problem. Training runs in a
// worker on core's automatically chosen backend, shown in the header.
import { fitChart, lossChart } from '../chart.js';
import { workerClient } from '../worker-client.js';
import { escapeHtml, markFirstResult } from './ui.js';

const fmt = (x) => (x === undefined ? '–' : x < 0.01 ? x.toExponential(2) : x.toFixed(4));

const CARDS = [
  {
    id: 'linear',
    title: '1. Gradient descent on a linear regression',
    text: 'One <code>Linear</code> layer, plain SGD, mean squared error, on 64 points of y = 3x − 2 + noise.',
    controls:
      '<label>learning rate <select name="lr"><option>0.01</option><option selected>0.1</option><option>0.5</option><option>1.1</option></select></label>',
    series: ['train'],
    fit: (x) => 3 * x - 2,
    read: (f) => ({ lr: Number(f.lr.value) }),
    done: (r) =>
      `learned y = ${r.w.toFixed(3)}x ${r.b < 0 ? '−' : '+'} ${Math.abs(r.b).toFixed(3)} (true: 3x − 2)`,
  },
  {
    id: 'mlp',
    title: '2. An MLP and its activation',
    text: 'Two hidden layers of 32 units fit sin(3x) with Adam. Try the activations.',
    controls:
      '<label>activation <select name="activation"><option>tanh</option><option>relu</option><option>gelu</option><option>sigmoid</option></select></label>',
    series: ['train'],
    fit: (x) => Math.sin(3 * x),
    read: (f) => ({ activation: f.activation.value }),
  },
  {
    id: 'overfit',
    title: '3. Over-fitting, and three cures',
    text: 'A wide MLP (2 × 128) on only 8 noisy points: the training loss keeps falling, the validation loss turns up. Tick a cure and run again.',
    controls:
      '<label><input type="checkbox" name="l2"> L2 penalty (λ = 1e-3)</label><label><input type="checkbox" name="dropout"> dropout 0.2</label><label><input type="checkbox" name="earlyStopping"> early stopping (patience 5)</label>',
    series: ['train', 'validation'],
    fit: (x) => Math.sin(3 * x),
    read: (f) => ({ l2: f.l2.checked, dropout: f.dropout.checked, earlyStopping: f.earlyStopping.checked }),
    done: (r) => {
      const best = r.evals.reduce((a, e) => Math.min(a, e.loss), Infinity);
      return `validation loss: best ${fmt(best)}, last ${fmt(r.evals.at(-1)?.loss)}${r.stoppedEarly ? ` — stopped early at step ${r.steps}` : ''}`;
    },
  },
  {
    id: 'race',
    title: '4. Optimizers racing',
    text: 'The same MLP, the same initial weights, the same data: SGD, SGD with momentum 0.9, RMSProp and Adam.',
    controls: '',
    series: ['SGD', 'momentum', 'RMSProp', 'Adam'],
    read: () => ({}),
    done: (r) =>
      Object.entries(r)
        .filter(([, v]) => typeof v === 'object')
        .map(([k, v]) => `${k} ${fmt(v.last)}`)
        .join(' · '),
  },
];

export function mount(root, { setBackend }) {
  const worker = workerClient(
    new Worker(new URL('../workers/basics.worker.js', import.meta.url), { type: 'module' }),
  );
  root.innerHTML = `<h1>Neural-network basics</h1>
    <p class="muted" id="backend-line">starting the tensor backend…</p>
    ${CARDS.map(
      (c) => `<section class="card" data-experiment="${c.id}">
        <h2>${c.title}</h2><p>${c.text}</p>
        <form class="controls">${c.controls}<button type="submit">Run</button></form>
        <div class="charts"><div class="chart loss"></div>${c.fit ? '<div class="chart fit"></div>' : ''}</div>
        <p class="result muted"></p></section>`,
    ).join('')}`;
  const charts = [];
  const backendLine = root.querySelector('#backend-line');
  // `?threads=N` before the hash asks the wasm backend for N threads (tfjs' default: half the cores).
  const threads = Number(new URLSearchParams(location.search).get('threads')) || undefined;
  const ready = worker.call('backend', { threads }).then((info) => {
    setBackend(info);
    markFirstResult();
    backendLine.textContent = info.reason;
    return info;
  });
  ready.catch((e) => {
    backendLine.textContent = `no tensor backend: ${e.message}`;
    backendLine.classList.add('error');
  });

  async function run(card, section) {
    const form = section.querySelector('form');
    const result = section.querySelector('.result');
    const lossEl = section.querySelector('.chart.loss');
    lossEl.innerHTML = '';
    const loss = lossChart(lossEl, { series: card.series });
    charts.push(loss);
    let fit = null;
    if (card.fit) {
      const fitEl = section.querySelector('.chart.fit');
      fitEl.innerHTML = '';
      fit = fitChart(fitEl, { target: card.fit });
      charts.push(fit);
    }
    delete section.dataset.done;
    result.textContent = 'training…';
    for (const b of root.querySelectorAll('button')) b.disabled = true;
    try {
      await ready;
      const r = await worker.call('run', { experiment: card.id, options: card.read(form.elements) }, (p) =>
        loss.add(p.series, p.step, p.loss),
      );
      if (fit && r.fit) fit.setPrediction(r.fit.ys);
      const first = r.first ?? r.SGD?.first;
      const last = r.last ?? r.SGD?.last;
      section.dataset.first = String(first);
      section.dataset.last = String(last);
      if (r.evals) section.dataset.evals = JSON.stringify(r.evals);
      section.dataset.tensors = String(r.tensors);
      section.dataset.done = '1';
      result.textContent = `${card.done ? card.done(r) : `training loss ${fmt(first)} → ${fmt(last)}`}`;
    } catch (e) {
      result.innerHTML = `<span class="error">${escapeHtml(e.message)}</span>`;
    } finally {
      for (const b of root.querySelectorAll('button')) b.disabled = false;
    }
  }

  for (const card of CARDS) {
    const section = root.querySelector(`[data-experiment="${card.id}"]`);
    section.querySelector('form').addEventListener('submit', (event) => {
      event.preventDefault();
      run(card, section);
    });
  }
  // The first experiment runs at once: the page shows gradient descent working on arrival.
  run(CARDS[0], root.querySelector('[data-experiment="linear"]'));
  return () => {
    worker.terminate();
    for (const c of charts) c.destroy();
  };
}
