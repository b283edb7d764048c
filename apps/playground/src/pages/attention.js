// #/attention — what a translation model looks at: the shipped English→French Seq2SeqTransformer
// (@glossa/transformers' en-fr asset, fetched lazily with progress) translates a sentence in a worker,
// and every attention map is drawn: encoder self-attention, decoder self-attention (causal mask
// hatched) and cross-attention, one small map per layer and head; click one to see it with tokens.
import { causal, drawHeatmap } from '../heatmap.js';
import { workerClient } from '../worker-client.js';
import { escapeHtml, markFirstResult, progressText } from './ui.js';

const KINDS = [
  { key: 'encoderSelf', title: 'Encoder self-attention', rows: 'sourceTokens', cols: 'sourceTokens' },
  {
    key: 'decoderSelf',
    title: 'Decoder self-attention (causal)',
    rows: 'targetTokens',
    cols: 'targetTokens',
  },
  { key: 'cross', title: 'Cross-attention (target → source)', rows: 'targetTokens', cols: 'sourceTokens' },
];

/** A token as a label: whitespace made visible. */
const shown = (token) => (token.trim() === '' ? token.replace(/\s/gu, '␣') || '∅' : token);

/** Every decoder self-attention weight above the diagonal, all layers and heads. */
const aboveDiagonal = (layers) =>
  layers.flatMap((heads) => heads.flatMap((rows) => rows.flatMap((row, i) => row.slice(i + 1))));

export function mount(root, { setBackend }) {
  root.innerHTML = `<h1>Attention in a translation model</h1>
    <p>A small encoder–decoder Transformer (3 + 3 layers, 4 heads, d<sub>model</sub> 128, a 4000-token BPE
    shared by both languages) trained for English → French, shipped with <code>@glossa/transformers</code>
    as <code>assets/en-fr</code> (3.8 MB, float16). Each map is one head of one layer: a row is a query
    token, a column a key token, darker means more weight (rows sum to 1). Hatched cells are ones the
    decoder's causal mask hides: a position never sees the tokens after it.</p>
    <section class="card" id="att">
      <form class="controls" id="att-form">
        <label>English <input name="source" size="40" value="I am happy." /></label>
        <label>search <select name="beams"><option value="1" selected>greedy</option>
          <option value="4">beam (4)</option></select></label>
        <button type="submit" disabled>Translate</button>
      </form>
      <p class="muted" id="att-progress">starting…</p>
      <p class="translation" id="att-out"></p>
      <div id="att-focus"><h3 id="att-focus-title"></h3><canvas id="att-focus-map"></canvas>
        <p class="muted">Click any small map below to see it here with its tokens.</p></div>
      <div id="att-grids"></div>
    </section>`;
  const $ = (s) => root.querySelector(s);
  const worker = workerClient(
    new Worker(new URL('../workers/attention.worker.js', import.meta.url), { type: 'module' }),
  );
  const section = $('#att');
  const button = $('#att-form button');
  let maps = null;

  function focus(kind, layer, head) {
    const k = KINDS.find((x) => x.key === kind);
    $('#att-focus-title').textContent = `${k.title} — layer ${layer + 1}, head ${head + 1}`;
    const cells = drawHeatmap($('#att-focus-map'), maps[kind][layer][head], {
      masked: kind === 'decoderSelf' ? causal : undefined,
      labels: { rows: maps[k.rows].map(shown), cols: maps[k.cols].map(shown) },
      cell: 22,
    });
    section.dataset.focusCells = String(cells);
  }

  function draw() {
    const grids = $('#att-grids');
    grids.innerHTML = KINDS.map(
      (k) =>
        `<h3>${k.title}</h3><div class="att-grid" data-kind="${k.key}">${maps[k.key]
          .map(
            (heads, l) =>
              `<div class="att-row"><span class="muted">layer ${l + 1}</span>${heads
                .map(
                  (_, h) =>
                    `<canvas title="layer ${l + 1}, head ${h + 1}" data-layer="${l}" data-head="${h}"></canvas>`,
                )
                .join('')}</div>`,
          )
          .join('')}</div>`,
    ).join('');
    let cells = 0;
    for (const canvas of grids.querySelectorAll('canvas')) {
      const kind = canvas.closest('.att-grid').dataset.kind;
      const { layer, head } = canvas.dataset;
      cells += drawHeatmap(canvas, maps[kind][layer][head], {
        masked: kind === 'decoderSelf' ? causal : undefined,
        cell: 12,
      });
      canvas.addEventListener('click', () => focus(kind, Number(layer), Number(head)));
    }
    section.dataset.cells = String(cells);
    // Largest decoder self-attention weight above the diagonal (the causal mask makes it 0).
    section.dataset.aboveDiagonal = String(
      aboveDiagonal(maps.decoderSelf).reduce((m, w) => Math.max(m, w), 0),
    );
    section.dataset.maps = String(grids.querySelectorAll('canvas').length);
    focus('cross', maps.cross.length - 1, 0);
  }

  async function translate() {
    const f = $('#att-form').elements;
    delete section.dataset.done;
    button.disabled = true;
    $('#att-progress').textContent = 'translating…';
    try {
      const r = await worker.call('translate', { source: f.source.value, numBeams: Number(f.beams.value) });
      maps = r.maps;
      $('#att-out').textContent = r.translation;
      $('#att-progress').textContent =
        `translated in ${(r.ms / 1000).toFixed(2)} s (${f.beams.value === '1' ? 'greedy' : `${f.beams.value} beams`}); ` +
        `${maps.sourceTokens.length} source and ${maps.targetTokens.length} target tokens`;
      draw();
      section.dataset.translation = r.translation;
      section.dataset.tensors = String(r.tensors);
      section.dataset.done = '1';
      markFirstResult();
    } catch (e) {
      $('#att-progress').innerHTML = `<span class="error">${escapeHtml(e.message)}</span>`;
    } finally {
      button.disabled = false;
    }
  }

  async function start() {
    try {
      setBackend(await worker.call('backend'));
      const url = new URL('models/en-fr/', document.baseURI).href;
      const info = await worker.call('load', { url }, (p) => {
        $('#att-progress').textContent = progressText({ ...p, phase: 'fetching the en-fr model' });
      });
      section.dataset.loaded = '1';
      $('#att-progress').textContent =
        `model loaded: ${info.parameters.toLocaleString('en')} parameters, ${info.layers.encoder}+${info.layers.decoder} layers × ${info.heads} heads`;
      await translate();
    } catch (e) {
      $('#att-progress').innerHTML = `<span class="error">${escapeHtml(e.message)}</span>`;
    }
  }
  $('#att-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (section.dataset.loaded) translate();
  });
  start();
  return () => worker.terminate();
}
