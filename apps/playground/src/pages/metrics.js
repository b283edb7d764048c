// #/metrics — hypotheses and references in (one segment per line, one box per reference stream);
// BLEU with its sacreBLEU signature, n-gram precisions and brevity penalty, chrF/chrF++ and ROUGE out.
// Scoring runs in a worker.
import { workerClient } from '../worker-client.js';
import { escapeHtml, markFirstResult } from './ui.js';

// sacreBLEU's README example: BLEU = 48.53 with both reference streams.
const HYPS = "The dog bit the man.\nIt wasn't surprising.\nThe man had just bitten him.";
const REFS = [
  'The dog bit the man.\nIt was not unexpected.\nThe man bit him first.',
  'The dog had bit the man.\nNo one was surprised.\nThe man had bitten the dog.',
];

const pct = (x) => (100 * x).toFixed(2);

export function mount(root, { setBackend }) {
  setBackend(null);
  const worker = workerClient(
    new Worker(new URL('../workers/metrics.worker.js', import.meta.url), { type: 'module' }),
  );
  root.innerHTML = `<h1>Metrics</h1>
    <p class="muted">One segment per line. Each reference box is one reference stream (sacreBLEU's <code>-r</code>).
    BLEU and chrF are identical to sacreBLEU 2.6.0, ROUGE to Google's rouge-score (Porter stemmer, best reference per line).</p>
    <div class="grid2">
      <label>Hypotheses<textarea id="hyps" rows="5" spellcheck="false">${escapeHtml(HYPS)}</textarea></label>
      <div id="refs"></div>
    </div>
    <div class="controls">
      <button id="add-ref" type="button">add a reference stream</button>
      <label>tokenize <select id="tokenize">${['13a', 'intl', 'char', 'zh', 'none'].map((t) => `<option>${t}</option>`).join('')}</select></label>
      <label>smoothing <select id="smooth">${['exp', 'floor', 'add-k', 'none'].map((t) => `<option>${t}</option>`).join('')}</select></label>
      <label><input type="checkbox" id="lowercase"> lowercase</label>
    </div>
    <div id="out" class="metrics-out"></div>`;
  const refs = root.querySelector('#refs');
  const addRef = (text = '') => {
    const n = refs.children.length + 1;
    refs.insertAdjacentHTML(
      'beforeend',
      `<label>Reference ${n}<textarea class="ref" rows="5" spellcheck="false">${escapeHtml(text)}</textarea></label>`,
    );
  };
  for (const r of REFS) addRef(r);
  const out = root.querySelector('#out');
  let seq = 0;

  async function score() {
    const mine = ++seq;
    try {
      const r = await worker.call('score', {
        hypotheses: root.querySelector('#hyps').value,
        references: [...root.querySelectorAll('.ref')].map((t) => t.value),
        tokenize: root.querySelector('#tokenize').value,
        smoothMethod: root.querySelector('#smooth').value,
        lowercase: root.querySelector('#lowercase').checked,
      });
      if (mine !== seq) return;
      const b = r.bleu;
      out.innerHTML = `
        <section><h2>BLEU <span class="big" id="bleu-score" data-score="${b.score}">${b.score.toFixed(2)}</span></h2>
          <pre id="bleu-line">${escapeHtml(b.line)}</pre>
          <table><tr><th>n</th><th>matches / total</th><th>precision</th></tr>
            ${b.precisions.map((p, i) => `<tr><td>${i + 1}</td><td>${b.counts[i]} / ${b.totals[i]}</td><td>${p.toFixed(1)}%</td></tr>`).join('')}
          </table>
          <p>brevity penalty ${b.bp.toFixed(3)} (hypothesis ${b.sysLen} tokens, reference ${b.refLen})</p></section>
        <section><h2>chrF <span class="big" id="chrf-score">${r.chrf.score.toFixed(2)}</span></h2>
          <pre>${escapeHtml(r.chrf.line)}\n${escapeHtml(r.chrfpp.line)}</pre></section>
        <section><h2>ROUGE</h2><table><tr><th></th><th>P</th><th>R</th><th>F</th></tr>
          ${Object.entries(r.rouge)
            .map(
              ([k, v]) =>
                `<tr><td>${k}</td><td>${pct(v.precision)}</td><td>${pct(v.recall)}</td><td data-rouge="${k}">${pct(v.fmeasure)}</td></tr>`,
            )
            .join('')}</table></section>`;
      markFirstResult();
    } catch (e) {
      if (mine === seq) out.innerHTML = `<p class="error">${escapeHtml(e.message)}</p>`;
    }
  }

  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(score, 150);
  };
  root.addEventListener('input', later);
  root.addEventListener('change', later);
  root.querySelector('#add-ref').addEventListener('click', () => addRef());
  score();
  return () => worker.terminate();
}
