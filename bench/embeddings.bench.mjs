#!/usr/bin/env node
// @glossa/embeddings word2vec versus gensim (Debian python3-gensim) on Gutenberg English (shared/data): the same
// tokenised corpus file (lower-cased words [a-z]+('[a-z]+)?, one line per sentence), read afresh every epoch on
// both sides (gensim LineSentence, glossa LineSentences), identical settings — vector 100, window 5, negative 5,
// min count 5, sample 1e-3, alpha 0.025 → 0.0001, 2 workers — skip-gram and CBOW, seeds 1–3 each side. Reported:
// training words/s (train() alone, vocabulary pass excluded; effective words as each library counts them, and
// raw words × epochs / seconds), WordSim-353 Spearman (with OOV share) and analogy accuracy on questions-words.txt
// (restrict_vocab 300000, case-insensitive, gensim's semantics on both sides). Runs alternate between the two
// libraries so that both see the same machine load. Each run is its own process.
// Usage: pnpm build && node bench/embeddings.bench.mjs [--epochs N] [--seeds N] [--mode skipgram|cbow]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', '..', 'shared', 'data');
const PY = '/usr/bin/python3';
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const epochs = arg('--epochs', 5);
const seeds = Array.from({ length: arg('--seeds', 3) }, (_, i) => i + 1);
const WORKERS = 2;

if (process.argv[2] === '--worker') {
  const [, , , corpus, mode, seed, ep, questions, wordsim] = process.argv;
  const { LineSentences, Word2Vec, evaluateWordAnalogies, evaluateWordPairs } = await import(
    '@glossa/embeddings'
  );
  const m = await Word2Vec.train(new LineSentences(corpus), {
    mode,
    vectorSize: 100,
    window: 5,
    minCount: 5,
    negative: 5,
    sample: 1e-3,
    epochs: Number(ep),
    workers: WORKERS,
    seed: Number(seed),
  });
  const analogies = evaluateWordAnalogies(m.wv, readFileSync(questions, 'utf8'));
  const pairs = evaluateWordPairs(m.wv, readFileSync(wordsim, 'utf8'));
  const s = m.stats;
  console.log(
    `@@${JSON.stringify({
      vocab: m.wv.size,
      vocab_s: s.vocabSeconds,
      train_s: s.trainSeconds,
      effective_words: s.effectiveWords,
      raw_words: s.rawWords,
      words_per_s: s.wordsPerSecond,
      raw_words_per_s: s.rawWords / s.trainSeconds,
      spearman: pairs.spearman,
      pairs_oov: pairs.oovRatio,
      analogy: analogies.score,
      analogy_oov: analogies.oovRatio,
      engine: s.engine,
    })}`,
  );
  process.exit(0);
}

const files = ['gutenberg-en.train.txt', 'questions-words.txt', 'wordsim353.tsv'].map((f) => join(data, f));
const missing = files.filter((f) => !existsSync(f));
if (missing.length) {
  console.log(`skipped: ${missing.join(', ')} not found (the benchmark reads ../shared/data)`);
  process.exit(0);
}
const [trainFile, questions, wordsim] = files;
const work = mkdtempSync(join(tmpdir(), 'glossa-w2v-bench-'));
const corpus = join(work, 'gutenberg.tok.txt');
const sentences = readFileSync(trainFile, 'utf8')
  .split('\n')
  .map((l) => l.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [])
  .filter((s) => s.length > 0);
writeFileSync(corpus, `${sentences.map((s) => s.join(' ')).join('\n')}\n`);
const words = sentences.reduce((n, s) => n + s.length, 0);

function glossa(mode, seed) {
  const r = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--worker', corpus, mode, seed, epochs, questions, wordsim],
    { encoding: 'utf8', timeout: 900_000 },
  );
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@'));
  if (!line)
    return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(line.slice(2));
}

function gensim(mode, seed) {
  if (!existsSync(PY)) return { error: `${PY} not found` };
  const r = spawnSync(
    PY,
    [
      join(here, 'python', 'embeddings_word2vec.py'),
      corpus,
      mode,
      seed,
      epochs,
      WORKERS,
      questions,
      wordsim,
    ].map(String),
    { encoding: 'utf8', timeout: 900_000, env: { ...process.env, PYTHONWARNINGS: 'ignore' } },
  );
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    return { error: (r.stderr || 'no output').trim().split('\n').pop() };
  }
}

const fmt = (x, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '–');
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x) => fmt(100 * x, 2);
console.log(
  `# word2vec: glossa vs gensim on Gutenberg English (${sentences.length} sentences, ${words} words)`,
);
console.log(
  `settings: vector 100, window 5, negative 5, min count 5, sample 1e-3, ${epochs} epochs, ${WORKERS} workers; CPU: ${cpus()[0]?.model} × ${cpus().length}`,
);
const rows = [];
const summary = [];
const modes = process.argv.includes('--mode')
  ? [process.argv[process.argv.indexOf('--mode') + 1]]
  : ['skipgram', 'cbow'];
for (const mode of modes) {
  const runs = { glossa: [], gensim: [] };
  for (const seed of seeds) {
    for (const [lib, fn] of [
      ['gensim', gensim],
      ['glossa', glossa],
    ]) {
      const r = fn(mode, seed);
      console.error(
        `  ${mode} ${lib} seed ${seed}: ${r.error ?? `${fmt(r.train_s)} s, ρ ${fmt(r.spearman, 4)}, analogy ${pct(r.analogy)} %`}`,
      );
      runs[lib].push(r);
      rows.push({ mode, lib, seed, ...r });
      if (r.error) console.log(`(${lib} ${mode} seed ${seed}: ${r.error})`);
    }
  }
  summary.push({ mode, runs });
}
rmSync(work, { recursive: true, force: true });

console.log(
  '\n| mode | library | seed | vocab | train s | effective words/s | raw words/s | WordSim ρ (OOV %) | analogy % (OOV %) |',
);
console.log('|---|---|--:|--:|--:|--:|--:|--:|--:|');
for (const r of rows) {
  console.log(
    `| ${r.mode} | ${r.lib}${r.engine ? ` (${r.engine})` : ''} | ${r.seed} | ${r.vocab ?? '–'} | ${fmt(r.train_s)} | ${fmt(r.words_per_s, 0)} | ${fmt(r.raw_words_per_s, 0)} | ${fmt(r.spearman, 4)} (${fmt(r.pairs_oov)}) | ${pct(r.analogy)} (${fmt(r.analogy_oov)}) |`,
  );
}

console.log('\n# Targets (this run)');
console.log('| mode | target | glossa | gensim | met |');
console.log('|---|---|--:|--:|:-:|');
for (const { mode, runs } of summary) {
  const ok = (xs) => xs.filter((r) => !r.error);
  const g = ok(runs.glossa);
  const p = ok(runs.gensim);
  if (!g.length || !p.length) {
    console.log(`| ${mode} | – | ${g.length} runs | ${p.length} runs | – |`);
    continue;
  }
  const speedG = mean(g.map((r) => r.raw_words_per_s));
  const speedP = mean(p.map((r) => r.raw_words_per_s));
  const effG = mean(g.map((r) => r.words_per_s));
  const effP = mean(p.map((r) => r.words_per_s));
  const rhoG = mean(g.map((r) => r.spearman));
  const rhoP = Math.min(...p.map((r) => r.spearman));
  const anaG = mean(g.map((r) => r.analogy));
  const anaP = Math.min(...p.map((r) => r.analogy));
  const yes = (b) => (b ? 'yes' : 'no');
  console.log(
    `| ${mode} | raw words/s, mean (ratio ${fmt(speedG / speedP, 2)}×) | ${fmt(speedG, 0)} | ${fmt(speedP, 0)} | ${yes(speedG >= speedP)} |`,
  );
  console.log(
    `| ${mode} | effective words/s, mean (ratio ${fmt(effG / effP, 2)}×) | ${fmt(effG, 0)} | ${fmt(effP, 0)} | ${yes(effG >= effP)} |`,
  );
  console.log(
    `| ${mode} | WordSim-353 ρ: glossa mean ≥ gensim lowest seed | ${fmt(rhoG, 4)} | ${fmt(rhoP, 4)} | ${yes(rhoG >= rhoP)} |`,
  );
  console.log(
    `| ${mode} | analogy accuracy: glossa mean ≥ gensim lowest seed | ${pct(anaG)} % | ${pct(anaP)} % | ${yes(anaG >= anaP)} |`,
  );
}
