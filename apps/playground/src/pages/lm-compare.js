// #/rnn, second card — n-gram vs LSTM vs GPT as language models of the same text: each trained in
// the page's worker for the same budget (the quick-start demo's models, smaller), a table of
// validation nats/char and perplexity filled in as each finishes, the training losses live, and a
// sample from each.
import { lossChart } from '../chart.js';
import { escapeHtml, progressText } from './ui.js';

const NAMES = { ngram: 'n-gram (Kneser–Ney)', lstm: 'LSTM', gpt: 'GPT' };

export const compareHtml = `<section class="card" id="lm">
    <h2>n-gram vs LSTM vs GPT on the same text</h2>
    <p>The quick-start demo's three character language models (<code>@glossa/ngram</code>, <code>@glossa/recurrent</code>,
    <code>@glossa/transformers</code>; smaller here), trained one after another in this page's worker on the first 90% of
    64 KB of Tiny Shakespeare and scored on the last 10%: validation loss in nats per character (lower is better) and
    perplexity, its exponential. A uniform guess over the 59 characters scores ln 59 ≈ 4.08.</p>
    <form class="controls" id="lm-form">
      <label>seconds per model <select name="seconds"><option>10</option><option selected>20</option><option>60</option></select></label>
      <label>or steps <input name="steps" type="number" value="0" min="0" max="100000" style="width:5em" title="0: train for the time budget"></label>
      <button type="submit">Train the three</button>
    </form>
    <table id="lm-table"><thead><tr><th style="text-align:left">model</th><th>parameters</th><th>steps</th><th>train s</th><th>valid nats/char</th><th>perplexity</th></tr></thead><tbody></tbody></table>
    <div class="charts"><div class="chart" id="lm-chart"></div></div>
    <p class="muted" id="lm-status">press Train: about a minute on one wasm thread</p>
    <div id="lm-samples"></div>
  </section>`;

/** Wires the card inside `root` to `worker` (the rnn worker); returns its cleanup. */
export function mountCompare(root, worker, { busy }) {
  const $ = (s) => root.querySelector(s);
  const card = $('#lm');
  let chart = null;
  const row = (r) =>
    `<tr data-model="${r.key}" data-nats="${r.nats}"><td style="text-align:left">${escapeHtml(r.title)}</td>` +
    `<td>${r.parameters === null ? '—' : r.parameters.toLocaleString('en')}</td><td>${r.steps ?? '—'}</td>` +
    `<td>${r.seconds.toFixed(1)}</td><td>${r.nats.toFixed(3)}</td><td>${Math.exp(r.nats).toFixed(2)}</td></tr>`;

  async function run() {
    const f = $('#lm-form').elements;
    const seconds = Number(f.seconds.value);
    const steps = Math.max(0, Math.floor(Number(f.steps.value) || 0)) || undefined;
    delete card.dataset.done;
    busy(true);
    $('#lm-table tbody').innerHTML = '';
    $('#lm-samples').innerHTML = '';
    chart?.destroy();
    $('#lm-chart').innerHTML = '';
    chart = lossChart($('#lm-chart'), {
      series: ['LSTM train', 'GPT train', 'n-gram valid'],
      xLabel: 'seconds of training',
      yLabel: 'nats/char',
    });
    let ngram = null;
    const status = $('#lm-status');
    try {
      const r = await worker.call('compare', { seconds, steps }, (p) => {
        if (p.kind === 'corpus') status.textContent = progressText(p);
        if (p.kind === 'step') {
          chart.add(`${NAMES[p.model]} train`, p.seconds, p.loss);
          if (ngram !== null) chart.add('n-gram valid', p.seconds, ngram);
          status.textContent = `${NAMES[p.model]}: step ${p.step}, train loss ${p.loss.toFixed(3)}, ${Math.round(p.tokensPerSec).toLocaleString('en')} chars/s`;
        }
        if (p.kind === 'result') {
          if (p.row.key === 'ngram') {
            ngram = p.row.nats;
            chart.add('n-gram valid', 0, ngram);
          }
          $('#lm-table tbody').insertAdjacentHTML('beforeend', row(p.row));
          $('#lm-samples').insertAdjacentHTML(
            'beforeend',
            `<p class="muted">${escapeHtml(p.row.title)}:</p><pre class="sample" data-model="${p.row.key}">${escapeHtml(`MENENIUS:${p.row.sample}`)}</pre>`,
          );
        }
      });
      status.textContent = `done; ${r.leaked} tensors left behind`;
      card.dataset.rows = JSON.stringify(
        r.rows.map((x) => ({
          key: x.key,
          nats: x.nats,
          steps: x.steps,
          firstLoss: x.firstLoss ?? null,
          sample: x.sample,
        })),
      );
      card.dataset.leaked = String(r.leaked);
      card.dataset.done = '1';
    } catch (e) {
      status.innerHTML = `<span class="error">${escapeHtml(e.message)}</span>`;
    } finally {
      busy(false);
    }
  }
  $('#lm-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  return () => chart?.destroy();
}
