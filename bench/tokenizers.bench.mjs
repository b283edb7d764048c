#!/usr/bin/env node
// Byte-level BPE encode throughput and load time: @glossa/tokenizers vs gpt-tokenizer 4.0.0 and js-tiktoken 1.0.21,
// for cl100k_base and o200k_base, on Tiny Shakespeare and on a multilingual mix, one encode call per line.
// Every measurement runs in a fresh Node process (cold JIT, no caches: a true first pass); rounds alternate the
// libraries and the figures are medians. Also checks that all three produce identical ids.
//   node bench/tokenizers.bench.mjs            (BENCH_ROUNDS=5 for more rounds)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SHARED = process.env.GLOSSA_SHARED_DIR ?? join(here, '..', '..', 'shared');
const ENCODINGS = ['cl100k_base', 'o200k_base'];
const CORPORA = ['shakespeare', 'multilingual'];
const LIBS = ['glossa', 'glossa+offsets', 'gpt-tokenizer', 'js-tiktoken'];

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lines of a corpus (each ending in "\n"), built deterministically. */
function corpus(name) {
  if (name === 'shakespeare') {
    const text = readFileSync(join(SHARED, 'data', 'tinyshakespeare.txt'), 'utf8');
    return text.split(/(?<=\n)/);
  }
  // multilingual mix: Tatoeba English–French pairs interleaved with seeded re-shuffles of UDHR article 1
  // in 27 languages (words, or characters for scripts without spaces), emoji and code: ~1 MB
  const r = rng(2024);
  const tatoeba = readFileSync(join(SHARED, 'data', 'tatoeba-eng-fra.train.tsv'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const langs = readFileSync(
    join(here, '..', 'tooling', 'fixtures', 'tokenizers', 'multilingual.txt'),
    'utf8',
  )
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
  const out = [];
  let size = 0;
  let t = 0;
  while (size < 1_000_000) {
    let line;
    if (r() < 0.35) line = tatoeba[t++ % tatoeba.length];
    else {
      const [lang, text] = langs[Math.floor(r() * langs.length)];
      if (/^(zh|ja|th)/.test(lang)) {
        const chars = Array.from(text);
        const a = Math.floor(r() * chars.length);
        line = chars.slice(a, a + 10 + Math.floor(r() * 40)).join('');
      } else {
        const words = text.split(' ');
        const n = 5 + Math.floor(r() * 20);
        line = Array.from({ length: n }, () => words[Math.floor(r() * words.length)]).join(' ');
      }
    }
    line += '\n';
    out.push(line);
    size += Buffer.byteLength(line);
  }
  return out;
}

function hashIds(h, ids) {
  for (let i = 0; i < ids.length; i++) h = Math.imul(h ^ ids[i], 0x01000193) >>> 0;
  return h;
}

async function worker(lib, enc, corpusName) {
  const lines = corpus(corpusName);
  const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
  let encode;
  const t0 = performance.now();
  if (lib.startsWith('glossa')) {
    const { loadEncoding } = await import('@glossa/tokenizers');
    const tok = await loadEncoding(enc);
    encode =
      lib === 'glossa+offsets'
        ? (l) => {
            const e = tok.encode(l);
            e.offsets;
            return e.ids;
          }
        : (l) => tok.encode(l).ids;
  } else if (lib === 'gpt-tokenizer') {
    const m = await import(`gpt-tokenizer/encoding/${enc}`);
    const opts = { allowedSpecial: new Set(), disallowedSpecial: new Set() };
    encode = (l) => m.encode(l, opts);
  } else {
    const { Tiktoken } = await import('js-tiktoken/lite');
    const ranks = (await import(`js-tiktoken/ranks/${enc}`)).default;
    const tk = new Tiktoken(ranks);
    encode = (l) => tk.encode(l, [], []);
  }
  const load = performance.now() - t0;
  let tokens = 0;
  let t = performance.now();
  for (const l of lines) tokens += encode(l).length;
  const first = performance.now() - t;
  t = performance.now();
  for (const l of lines) encode(l);
  const second = performance.now() - t;
  let h = 0x811c9dc5;
  for (const l of lines) h = hashIds(h, encode(l));
  process.stdout.write(JSON.stringify({ load, first, second, tokens, bytes, hash: h }));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main() {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const results = {};
  for (let r = 0; r < rounds; r++) {
    for (const enc of ENCODINGS) {
      for (const c of CORPORA) {
        const order = LIBS.map((_, i) => LIBS[(i + r) % LIBS.length]);
        for (const lib of order) {
          const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', lib, enc, c], {
            encoding: 'utf8',
            maxBuffer: 1 << 24,
          });
          if (p.status !== 0) {
            console.error(`${lib} ${enc} ${c} failed:\n${p.stderr}`);
            process.exitCode = 1;
            continue;
          }
          const key = `${enc}|${c}|${lib}`;
          if (!results[key]) results[key] = [];
          results[key].push(JSON.parse(p.stdout));
        }
      }
    }
  }
  console.log(
    `node ${process.version}, ${rounds} rounds, medians; first pass = fresh process, one encode() call per line\n`,
  );
  for (const enc of ENCODINGS) {
    for (const c of CORPORA) {
      const rows = LIBS.map((lib) => {
        const rs = results[`${enc}|${c}|${lib}`] ?? [];
        if (!rs.length) return null;
        const mb = rs[0].bytes / 1e6;
        return {
          lib,
          load: median(rs.map((x) => x.load)),
          first: median(rs.map((x) => mb / (x.first / 1000))),
          tokps: median(rs.map((x) => x.tokens / (x.first / 1000))),
          second: median(rs.map((x) => mb / (x.second / 1000))),
          tokens: rs[0].tokens,
          hash: rs[0].hash,
          mb,
        };
      }).filter(Boolean);
      const peers = rows.filter((x) => !x.lib.startsWith('glossa'));
      const best = Math.max(...peers.map((x) => x.first));
      const bestLoad = Math.min(...peers.map((x) => x.load));
      const ref = rows.find((x) => x.lib === 'js-tiktoken');
      console.log(`${enc} — ${c} (${rows[0].mb.toFixed(2)} MB)`);
      console.log(
        '  library          load ms   first MB/s   first Mtok/s   second MB/s   tokens     ids = js-tiktoken',
      );
      for (const x of rows) {
        console.log(
          `  ${x.lib.padEnd(15)} ${x.load.toFixed(0).padStart(8)} ${x.first.toFixed(2).padStart(12)} ${(x.tokps / 1e6).toFixed(2).padStart(14)} ${x.second.toFixed(2).padStart(13)} ${String(x.tokens).padStart(8)}     ${ref && x.hash === ref.hash && x.tokens === ref.tokens ? 'yes' : 'NO'}`,
        );
      }
      for (const g of rows.filter((x) => x.lib.startsWith('glossa'))) {
        console.log(
          `  → ${g.lib}: first pass ${(g.first / best).toFixed(2)}× the fastest peer; load ${(bestLoad / g.load).toFixed(2)}× faster than the fastest peer`,
        );
      }
      console.log('');
    }
  }
}

if (process.argv[2] === '--worker') await worker(process.argv[3], process.argv[4], process.argv[5]);
else main();
