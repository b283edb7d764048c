#!/usr/bin/env node
// The OpenAI encodings that ship with @glossa/tokenizers vs gpt-tokenizer 4.0.0 (which ships them as JS modules):
//  - bytes on the wire: each encoding's rank-data module bundled and minified by esbuild, then gzipped (level 9)
//    and brotli'd — glossa's `@glossa/tokenizers/encodings/<name>` vs gpt-tokenizer's `bpeRanks/<name>`;
//  - load time, in a fresh Node process each (cold JIT, nothing cached): from the first import to a ready
//    tokenizer (glossa: `await loadEncoding(name)`; gpt-tokenizer: `await import('gpt-tokenizer/encoding/<name>')`)
//    and to the first encoded text. Rounds alternate the libraries; figures are medians. Ids are compared.
//   node bench/tokenizers-load.bench.mjs          (BENCH_ROUNDS=7 for more rounds)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const ENCODINGS = ['r50k_base', 'p50k_base', 'cl100k_base', 'o200k_base'];
const LIBS = ['glossa', 'gpt-tokenizer'];
const TEXT = 'Hello wörld 👋 — the quick brown fox, 1234 times.';

async function worker(lib, enc) {
  const t0 = performance.now();
  let encode;
  if (lib === 'glossa') {
    const { loadEncoding } = await import('@glossa/tokenizers');
    const tok = await loadEncoding(enc);
    encode = (s) => tok.encode(s).ids;
  } else {
    const m = await import(`gpt-tokenizer/encoding/${enc}`);
    encode = (s) => m.encode(s);
  }
  const ready = performance.now() - t0;
  const ids = encode(TEXT);
  const first = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ready, first, ids }));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function wire() {
  const require = createRequire(join(here, '..', 'tooling', 'package.json'));
  const { build } = await import(require.resolve('esbuild'));
  const fromBench = createRequire(join(here, 'package.json'));
  const gptDir = dirname(fromBench.resolve('gpt-tokenizer/package.json'));
  const out = {};
  for (const enc of ENCODINGS) {
    for (const [lib, entry] of [
      ['glossa', fromBench.resolve(`@glossa/tokenizers/encodings/${enc}`)],
      ['gpt-tokenizer', join(gptDir, 'esm', 'bpeRanks', `${enc}.js`)],
    ]) {
      const r = await build({
        entryPoints: [entry],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        logLevel: 'silent',
      });
      const code = r.outputFiles[0].contents;
      out[`${enc}|${lib}`] = {
        min: code.length,
        gz: gzipSync(code, { level: 9 }).length,
        br: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    }
  }
  return out;
}

async function main() {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const sizes = await wire();
  const results = {};
  for (let r = 0; r < rounds; r++) {
    for (const enc of ENCODINGS) {
      const order = r % 2 ? [...LIBS].reverse() : LIBS;
      for (const lib of order) {
        const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', lib, enc], {
          encoding: 'utf8',
        });
        if (p.status !== 0) {
          console.error(`${lib} ${enc} failed:\n${p.stderr}`);
          process.exitCode = 1;
          continue;
        }
        const key = `${enc}|${lib}`;
        if (!results[key]) results[key] = [];
        results[key].push(JSON.parse(p.stdout));
      }
    }
  }
  const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
  console.log(`node ${process.version}, ${rounds} rounds, medians of fresh processes\n`);
  console.log(
    'encoding      library         min        min+gz     min+br     ready ms   first encode ms   same ids',
  );
  for (const enc of ENCODINGS) {
    const rows = LIBS.map((lib) => {
      const rs = results[`${enc}|${lib}`] ?? [];
      return {
        lib,
        ...sizes[`${enc}|${lib}`],
        ready: median(rs.map((x) => x.ready)),
        first: median(rs.map((x) => x.first)),
        ids: rs[0]?.ids,
      };
    });
    const [g, p] = rows;
    for (const x of rows) {
      console.log(
        `${enc.padEnd(13)} ${x.lib.padEnd(14)} ${kb(x.min).padStart(8)} ${kb(x.gz).padStart(10)} ${kb(x.br).padStart(10)} ${x.ready.toFixed(0).padStart(10)} ${x.first.toFixed(0).padStart(17)}   ${JSON.stringify(x.ids) === JSON.stringify(p.ids) ? 'yes' : 'NO'}`,
      );
    }
    console.log(
      `  → glossa: ${((1 - g.gz / p.gz) * 100).toFixed(0)}% smaller gzipped, ${((1 - g.br / p.br) * 100).toFixed(0)}% smaller brotli'd, ready ${(p.ready / g.ready).toFixed(2)}× faster, first encode ${(p.first / g.first).toFixed(2)}× faster\n`,
    );
  }
}

if (process.argv[2] === '--worker') await worker(process.argv[3], process.argv[4]);
else await main();
