// #/tokenizers — type or paste text and see it as character, word and BPE tokens (cl100k_base,
// o200k_base, GPT-2, and a BPE trained here on the bundled corpus): coloured spans with ids, counts,
// characters per token, out-of-vocabulary words highlighted. Training, rank loading and encoding run
// in a worker; the OpenAI rank files (about 0.8–1.8 MB each) load only when their box is ticked.
import { workerClient } from '../worker-client.js';
import { escapeHtml, markFirstResult, progressText } from './ui.js';

const TOKENIZERS = [
  { name: 'char', title: 'Characters', on: true },
  { name: 'word', title: 'Words (vocabulary from the corpus)', on: true },
  { name: 'bpe', title: 'BPE trained here (1,000 tokens)', on: true },
  { name: 'cl100k_base', title: 'cl100k_base (GPT-3.5/4)', on: true },
  { name: 'o200k_base', title: 'o200k_base (GPT-4o)', on: false },
  { name: 'gpt2', title: 'GPT-2 (r50k_base)', on: false },
];

const SAMPLE =
  'The quick brown fox jumps over the lazy dog. Tokenizers split text into pieces: ünïcödé, 東京, and emoji 🦊 too!';

export function mount(root, { setBackend }) {
  setBackend(null);
  const worker = workerClient(
    new Worker(new URL('../workers/tokenizers.worker.js', import.meta.url), { type: 'module' }),
  );
  root.innerHTML = `<h1>Tokenizers</h1>
    <p class="muted">The same text through six tokenizers. Hover a token for its id. Words outside the
    word tokenizer's vocabulary (and characters the character tokenizer never saw) are <span class="tok unk">highlighted</span>.</p>
    <textarea id="text" rows="4" spellcheck="false">${escapeHtml(SAMPLE)}</textarea>
    <div class="choices">${TOKENIZERS.map(
      (t) =>
        `<label><input type="checkbox" data-choose="${t.name}" ${t.on ? 'checked' : ''}> ${t.title}</label>`,
    ).join('')}</div>
    <div id="results"></div>`;
  const textarea = root.querySelector('#text');
  const results = root.querySelector('#results');
  for (const t of TOKENIZERS) {
    results.insertAdjacentHTML(
      'beforeend',
      `<section class="tokenizer" data-tokenizer="${t.name}" hidden>
        <h3>${t.title} <span class="stats"></span></h3><p class="info muted"></p><div class="tokens"></div></section>`,
    );
  }

  const state = new Map(); // name -> 'loading' | 'ready' | 'failed'
  const requests = new Map(); // name -> number of the latest encode request

  async function render(name) {
    const section = results.querySelector(`[data-tokenizer="${name}"]`);
    if (state.get(name) !== 'ready' || section.hidden) return;
    const text = textarea.value;
    const mine = (requests.get(name) ?? 0) + 1;
    requests.set(name, mine);
    const r = await worker.call('encode', { name, text });
    if (mine !== requests.get(name)) return;
    const chars = [...text].length;
    section.dataset.count = String(r.count);
    if (name === 'cl100k_base') markFirstResult();
    section.querySelector('.stats').textContent =
      `${r.count} tokens · ${(r.count ? chars / r.count : 0).toFixed(2)} chars/token${r.oov ? ` · ${r.oov} unknown` : ''}`;
    let cursor = 0;
    section.querySelector('.tokens').innerHTML = r.tokens
      .map((t, i) => {
        const piece = t.start >= cursor ? text.slice(t.start, t.end) : '';
        cursor = Math.max(cursor, t.end);
        const shown = piece === '' ? '·' : escapeHtml(piece).replace(/\n/g, '↵').replace(/ /g, '␣');
        return `<span class="tok c${i % 6}${t.unk ? ' unk' : ''}" title="id ${t.id}: ${escapeHtml(JSON.stringify(t.token))}">${shown}</span>`;
      })
      .join('');
  }

  async function choose(name, on) {
    const section = results.querySelector(`[data-tokenizer="${name}"]`);
    section.hidden = !on;
    if (!on || state.has(name)) return render(name);
    state.set(name, 'loading');
    const info = section.querySelector('.info');
    info.textContent = 'loading…';
    try {
      const r = await worker.call('load', { name }, (p) => {
        info.textContent = progressText(p);
      });
      info.textContent = r.info;
      state.set(name, 'ready');
      await render(name);
    } catch (e) {
      state.delete(name);
      info.textContent = `failed: ${e.message}`;
      info.classList.add('error');
    }
  }

  for (const box of root.querySelectorAll('[data-choose]')) {
    box.addEventListener('change', () => choose(box.dataset.choose, box.checked));
  }
  let timer = 0;
  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      for (const t of TOKENIZERS) render(t.name);
    }, 120);
  });
  (async () => {
    for (const t of TOKENIZERS) if (t.on) await choose(t.name, true);
  })();
  return () => worker.terminate();
}
