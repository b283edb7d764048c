// #/rnn — vanishing and exploding gradients: the gradient of a loss on the last step, measured at
// every earlier step, for a tanh RNN and an LSTM of the same size on the same sequence; then
// (lm-compare.js) n-gram vs LSTM vs GPT as language models of the same text.
import { lossChart } from '../chart.js';
import { workerClient } from '../worker-client.js';
import { compareHtml, mountCompare } from './lm-compare.js';
import { escapeHtml, markFirstResult } from './ui.js';

export function mount(root, { setBackend }) {
  root.innerHTML = `<h1>RNN vs LSTM: how far back the gradient reaches</h1>
    <p>A tanh RNN and an LSTM (<code>@glossa/recurrent</code>, 32 hidden units, the same seed) read the same
    random sequence. The loss is on the last step only; the chart shows ‖∂loss/∂h<sub>t</sub>‖ at every step t
    (log scale). Both fade going back in time at these untrained weights, the RNN's exponentially faster: the LSTM's
    cell path carries it further.
    Scale the recurrent weights up to see the RNN's gradient explode instead.</p>
    <section class="card" id="rnn">
      <form class="controls" id="rnn-form">
        <label>steps <select name="steps"><option>20</option><option selected>50</option><option>100</option></select></label>
        <label>recurrent weights × <select name="scale"><option>0.5</option><option selected>1</option><option>2</option><option>4</option></select></label>
        <button type="submit">Measure</button>
      </form>
      <div class="charts"><div class="chart" id="rnn-chart"></div></div>
      <p class="muted" id="rnn-result">starting…</p>
    </section>
    ${compareHtml}`;
  const $ = (s) => root.querySelector(s);
  const worker = workerClient(
    new Worker(new URL('../workers/rnn.worker.js', import.meta.url), { type: 'module' }),
  );
  let chart = null;
  // One worker, one backend: a run of either card disables both cards' buttons until it ends.
  const busy = (on) => {
    for (const b of root.querySelectorAll('button')) b.disabled = on;
  };
  const unmountCompare = mountCompare(root, worker, { busy });
  async function measure() {
    const f = $('#rnn-form').elements;
    const section = $('#rnn');
    delete section.dataset.done;
    busy(true);
    try {
      setBackend(await worker.call('backend'));
      const r = await worker.call('norms', { steps: Number(f.steps.value), scale: Number(f.scale.value) });
      chart?.destroy();
      $('#rnn-chart').innerHTML = '';
      chart = lossChart($('#rnn-chart'), { series: ['RNN', 'LSTM'], yLabel: '‖∂loss/∂h_t‖' });
      for (const name of ['RNN', 'LSTM']) {
        r[name].norms.forEach((v, t) => {
          chart.add(name, t + 1, v);
        });
      }
      const ratio = (n) => (n[0] / n.at(-1)).toExponential(1);
      $('#rnn-result').textContent =
        `first step / last step: RNN ${ratio(r.RNN.norms)}, LSTM ${ratio(r.LSTM.norms)}`;
      section.dataset.rnn = JSON.stringify(r.RNN.norms);
      section.dataset.lstm = JSON.stringify(r.LSTM.norms);
      section.dataset.done = '1';
      markFirstResult();
    } catch (e) {
      $('#rnn-result').innerHTML = `<span class="error">${escapeHtml(e.message)}</span>`;
    } finally {
      busy(false);
    }
  }
  $('#rnn-form').addEventListener('submit', (e) => {
    e.preventDefault();
    measure();
  });
  measure();
  return () => {
    worker.terminate();
    chart?.destroy();
    unmountCompare();
  };
}
