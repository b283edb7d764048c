// The shell: header (capabilities and the active backend), navigation, and the hash router that
// loads one page module at a time from the registry in routes.js.
import { ROUTES } from './routes.js';
import { renderStatus, setBackend } from './status.js';
import './style.css';

const page = /** @type {HTMLElement} */ (document.getElementById('page'));
const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
nav.innerHTML = ROUTES.map((r) => `<a href="${r.path}">${r.title}</a>`).join('');
renderStatus();

let unmount = null;
let generation = 0;

function home(el) {
  el.innerHTML = `<h1>glossa playground</h1>
    <p>Each page runs the glossa packages in your browser; heavy work happens in a Web Worker.</p>
    <ul class="home">${ROUTES.map((r) => `<li><a href="${r.path}">${r.title}</a> — ${r.blurb}</li>`).join('')}</ul>`;
}

async function show() {
  const mine = ++generation;
  const route = ROUTES.find((r) => r.path === location.hash);
  for (const a of nav.querySelectorAll('a'))
    a.classList.toggle('active', a.getAttribute('href') === location.hash);
  delete document.body.dataset.ready;
  delete document.body.dataset.firstResultMs;
  unmount?.();
  unmount = null;
  page.innerHTML = '';
  document.body.dataset.route = route ? route.path : '#/';
  if (!route) {
    setBackend(null);
    home(page);
    document.body.dataset.readyMs = performance.now().toFixed(0);
    document.body.dataset.ready = '#/';
    return;
  }
  document.title = `${route.title} — glossa playground`;
  page.innerHTML = '<p class="muted">loading…</p>';
  try {
    const mod = await route.load();
    if (mine !== generation) return;
    page.innerHTML = '';
    unmount = (await mod.mount(page, { setBackend })) ?? null;
    if (mine === generation) {
      // Interactive: the page's controls are in place (its lazy assets may still be loading).
      document.body.dataset.readyMs = performance.now().toFixed(0);
      document.body.dataset.ready = route.path;
    }
  } catch (e) {
    console.error(e);
    page.innerHTML = `<p class="error">This page failed to load: ${String(e?.message ?? e)}</p>`;
  }
}

addEventListener('hashchange', show);
show();
