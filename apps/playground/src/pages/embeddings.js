// #/embeddings — word2vec trained here, in a worker, on 3 MB of Project Gutenberg novels (fetched
// when the page opens) or on 64 KB of Tiny Shakespeare: progress and words/s, the chosen words on a
// 2-D PCA map, nearest neighbours and analogies (a is to b as c is to ?).
import { workerClient } from '../worker-client.js';
import { escapeHtml, markFirstResult, progressText } from './ui.js';

/** Per corpus: default epochs, the words on the map, the neighbour query and the analogy. */
const DEFAULTS = {
  gutenberg: {
    epochs: 5,
    words:
      'man woman boy girl king queen mother father son daughter brother sister two three four ten monday sunday morning night house room door window london paris good bad eyes hands',
    word: 'mother',
    analogy: ['brother', 'sister', 'father'],
  },
  shakespeare: {
    epochs: 50,
    words:
      'i my you your he his she her we our they their thou thy lord lady mother son man men good great love hate rome city war noble',
    word: 'rome',
    analogy: ['he', 'his', 'they'],
  },
};

/** An SVG scatter of labelled points, scaled to fit. */
function scatter(points) {
  const W = 640;
  const H = 420;
  const pad = 40;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x) => pad + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * pad);
  const sy = (y) => H - pad - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * pad);
  const dots = points
    .map(
      (p) =>
        `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4" fill="#2563eb"/>` +
        `<text x="${(sx(p.x) + 6).toFixed(1)}" y="${(sy(p.y) - 6).toFixed(1)}" font-size="13">${escapeHtml(p.word)}</text>`,
    )
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="PCA of word vectors" style="max-width:100%;background:#f8fafc;border-radius:4px">${dots}</svg>`;
}

const list = (rows) =>
  `<ol>${rows.map((r) => `<li>${escapeHtml(r.word)} <span class="muted">${r.similarity.toFixed(3)}</span></li>`).join('')}</ol>`;

export function mount(root) {
  const d = DEFAULTS.gutenberg;
  root.innerHTML = `<h1>Word embeddings: word2vec</h1>
    <p>Skip-gram (or CBOW) with negative sampling, <code>@glossa/embeddings</code>, trained here in a Web
    Worker. The default corpus is 3 MB of Project Gutenberg novels (546k words: <i>Alice</i>, <i>Pride and Prejudice</i>,
    <i>Peter Pan</i>, <i>Sherlock Holmes</i>, <i>Dorian Gray</i>, <i>The Jungle Book</i>, the start of <i>Moby-Dick</i>;
    public domain), fetched gzipped (1.2 MB) when the page opens; lowercased words seen at least 5 times, gensim's
    subsampling. Five epochs take 15–30 s on one core: enough for numbers, days and family words to find each other.
    64 KB of Tiny Shakespeare (the opening of <i>Coriolanus</i>) trains in seconds but gives rough neighbours.</p>
    <section class="card" id="w2v">
      <form class="controls" id="w2v-form">
        <label>corpus <select name="corpus"><option value="gutenberg" selected>Gutenberg novels, 3 MB</option><option value="shakespeare">Tiny Shakespeare, 64 KB</option></select></label>
        <label>mode <select name="mode"><option>skipgram</option><option>cbow</option></select></label>
        <label>size <select name="vectorSize"><option>25</option><option selected>50</option><option>100</option></select></label>
        <label>epochs <input name="epochs" type="number" value="${d.epochs}" min="1" max="200" style="width:4em"></label>
        <button type="submit">Train</button>
      </form>
      <p class="muted" id="w2v-progress">starting…</p>
    </section>
    <section class="card">
      <h2>Words on a map (PCA to 2-D)</h2>
      <form class="controls" id="w2v-words-form"><input name="words" value="${d.words}" style="width:40em"><button type="submit">Plot</button></form>
      <div id="w2v-plot"></div><p class="muted" id="w2v-missing"></p>
    </section>
    <section class="card grid2">
      <div><h2>Nearest neighbours</h2>
        <form class="controls" id="w2v-nn-form"><input name="word" value="${d.word}" style="width:8em"><button type="submit">Find</button></form>
        <div id="w2v-nn"></div></div>
      <div><h2>Analogy</h2>
        <form class="controls" id="w2v-an-form"><input name="a" value="${d.analogy[0]}" style="width:6em"> is to <input name="b" value="${d.analogy[1]}" style="width:6em"> as <input name="c" value="${d.analogy[2]}" style="width:6em"> is to ?<button type="submit">Solve</button></form>
        <div id="w2v-an"></div></div>
    </section>`;
  const $ = (s) => root.querySelector(s);
  const worker = workerClient(
    new Worker(new URL('../workers/embeddings.worker.js', import.meta.url), { type: 'module' }),
  );
  const section = $('#w2v');
  const progress = $('#w2v-progress');
  const fail = (el, e) => {
    el.innerHTML = `<span class="error">${escapeHtml(e.message ?? e)}</span>`;
  };

  async function plot() {
    try {
      const words = $('#w2v-words-form')
        .elements.words.value.toLowerCase()
        .split(/[\s,]+/)
        .filter(Boolean);
      const r = await worker.call('project', { words });
      $('#w2v-plot').innerHTML = scatter(r.points);
      $('#w2v-plot').dataset.points = String(r.points.length);
      $('#w2v-missing').textContent = r.missing.length
        ? `not in the vocabulary: ${r.missing.join(', ')}`
        : '';
    } catch (e) {
      fail($('#w2v-plot'), e);
    }
  }
  async function neighbours() {
    try {
      const word = $('#w2v-nn-form').elements.word.value.trim().toLowerCase();
      $('#w2v-nn').innerHTML = list(await worker.call('neighbours', { word }));
    } catch (e) {
      fail($('#w2v-nn'), e);
    }
  }
  async function analogy() {
    try {
      const f = $('#w2v-an-form').elements;
      const [a, b, c] = [f.a.value, f.b.value, f.c.value].map((s) => s.trim().toLowerCase());
      $('#w2v-an').innerHTML = list(await worker.call('analogy', { a, b, c }));
    } catch (e) {
      fail($('#w2v-an'), e);
    }
  }
  async function train() {
    const f = $('#w2v-form').elements;
    delete section.dataset.done;
    for (const b of root.querySelectorAll('button')) b.disabled = true;
    try {
      const r = await worker.call(
        'train',
        {
          corpus: f.corpus.value,
          url: new URL('corpora/gutenberg-en.txt.gz', document.baseURI).href,
          mode: f.mode.value,
          vectorSize: Number(f.vectorSize.value),
          epochs: Math.max(1, Number(f.epochs.value) || 1),
        },
        (p) => {
          progress.textContent =
            p.phase === 'training'
              ? `training… ${Math.floor(100 * p.progress)}% (epoch ${p.epoch + 1}) · ${Math.round(p.wordsPerSecond).toLocaleString('en')} words/s`
              : progressText(p);
        },
      );
      progress.textContent = `${r.words} words × ${f.vectorSize.value} dimensions in ${r.seconds.toFixed(1)} s · ${Math.round(r.wordsPerSecond).toLocaleString('en')} words/s (${r.corpusWords.toLocaleString('en')} words of text × ${f.epochs.value} epochs)`;
      section.dataset.words = String(r.words);
      section.dataset.corpus = f.corpus.value;
      section.dataset.done = '1';
      markFirstResult();
      await Promise.all([plot(), neighbours(), analogy()]);
    } catch (e) {
      fail(progress, e);
    } finally {
      for (const b of root.querySelectorAll('button')) b.disabled = false;
    }
  }
  const on = (id, fn) =>
    $(id).addEventListener('submit', (e) => {
      e.preventDefault();
      fn();
    });
  // Another corpus brings its own epochs, map words and queries.
  $('#w2v-form').elements.corpus.addEventListener('change', (e) => {
    const c = DEFAULTS[e.target.value];
    $('#w2v-form').elements.epochs.value = String(c.epochs);
    $('#w2v-words-form').elements.words.value = c.words;
    $('#w2v-nn-form').elements.word.value = c.word;
    const an = $('#w2v-an-form').elements;
    [an.a.value, an.b.value, an.c.value] = c.analogy;
  });
  // `?corpus=shakespeare&epochs=3` (before the hash) preset the first training, as the e2e test does.
  const query = new URLSearchParams(location.search);
  const form = $('#w2v-form').elements;
  if (DEFAULTS[query.get('corpus')]) {
    form.corpus.value = query.get('corpus');
    form.corpus.dispatchEvent(new Event('change'));
  }
  if (Number(query.get('epochs')) >= 1) form.epochs.value = query.get('epochs');
  on('#w2v-form', train);
  on('#w2v-words-form', plot);
  on('#w2v-nn-form', neighbours);
  on('#w2v-an-form', analogy);
  train();
  return () => worker.terminate();
}
