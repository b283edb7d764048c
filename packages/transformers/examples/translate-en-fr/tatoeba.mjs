// What the English→French scripts share — this folder's train.mjs (the Transformer) and
// bench/seq2seq-en-fr.bench.mjs (the attentional RNN), so that their BLEU figures stand side by side on
// the same footing: the Tatoeba pairs, batches by token count, the per-epoch order that a resumed run
// replays exactly, the wall-clock budget with its progress lines, BLEU reports, atomic writes.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Generator } from '@glossa/core';
import { corpusBleu } from '@glossa/metrics';

/**
 * The `[english, french]` pairs of tatoeba-eng-fra.{train,dev}.tsv in `dir` (NFC, trimmed), the dev set
 * cut to `devN` pairs; null (after saying where it looked) when the files are not there.
 */
export function readTatoeba(dir, devN = Infinity) {
  const files = ['train', 'dev'].map((s) => join(dir, `tatoeba-eng-fra.${s}.tsv`));
  if (files.some((f) => !existsSync(f))) {
    console.log(`Tatoeba eng-fra not found in ${dir}: set GLOSSA_DATA_DIR.`);
    return null;
  }
  const [train, dev] = files.map((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) =>
        l
          .split('\t')
          .slice(0, 2)
          .map((s) => s.normalize('NFC').trim()),
      ),
  );
  return { train, dev: dev.slice(0, devN) };
}

/** Writes `text` to `path` through a temporary file and a rename (a reader never sees half a file). */
export function writeAtomic(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/**
 * `{src, tgt}` id sequences as training batches: sorted by length, then cut into runs of at most
 * `tokens` (rows × longest sequence), each padded with `pad` into `{src, lengths, tgtIn, tgtOut}`.
 * Returns the batches and the function that makes one.
 */
export function tokenBatches(examples, tokens, pad) {
  const sorted = [...examples].sort((a, b) => a.src.length - b.src.length || a.tgt.length - b.tgt.length);
  const pad2d = (rows) => {
    const T = Math.max(...rows.map((r) => r.length));
    return rows.map((r) => [...r, ...new Array(T - r.length).fill(pad)]);
  };
  const toBatch = (pairs) => ({
    src: pad2d(pairs.map((e) => e.src)),
    lengths: pairs.map((e) => e.src.length),
    tgtIn: pad2d(pairs.map((e) => e.tgt.slice(0, -1))),
    tgtOut: pad2d(pairs.map((e) => e.tgt.slice(1))),
  });
  const batches = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    let longest = 0;
    while (j < sorted.length) {
      const l = Math.max(longest, sorted[j].tgt.length - 1, sorted[j].src.length);
      if ((j - i + 1) * l > tokens && j > i) break;
      longest = l;
      j++;
    }
    batches.push(toBatch(sorted.slice(i, j)));
    i = j;
  }
  return { batches, toBatch };
}

/** `fit`'s `data`: the batches in an order fixed by `seed` and the epoch, so that a resumed run replays it. */
export function shuffledEpochs(batches, seed) {
  return function* epochData(epoch) {
    const g = new Generator(seed * 1000 + epoch);
    const order = batches.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = g.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const i of order) yield batches[i];
  };
}

/**
 * A wall-clock budget of `minutes` for `fit`: its `signal`, a `callback` that prints a progress line every
 * 10 steps (with the minutes so far, then `extra()`) and each evaluation (then `evalNote`), and `stop()`,
 * which clears the timer and returns the minutes spent.
 */
export function timeBudget(minutes, { extra = () => '', evalNote = '' } = {}) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), minutes * 60_000);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 60_000;
  const callback = {
    onStep: ({ step, epoch, loss, lr, tokensPerSec }) => {
      if (step % 10 !== 0) return;
      console.log(
        `step ${step} epoch ${epoch} loss ${loss.toFixed(3)} lr ${lr.toExponential(2)} ${tokensPerSec.toFixed(0)} tok/s ${elapsed().toFixed(1)} min${extra()}`,
      );
    },
    onEval: (e) => console.log(`eval step ${e.step}: dev loss ${e.loss.toFixed(3)}${evalNote}`),
  };
  return {
    signal: abort.signal,
    callback,
    stop() {
      clearTimeout(timer);
      return elapsed();
    },
  };
}

/**
 * sacreBLEU-identical BLEU of `hyps` against the dev pairs' French, printed with three examples;
 * returns `{bleu, signature, seconds}` for a results file.
 */
export function bleuReport(label, hyps, dev, seconds) {
  const refs = dev.map((p) => p[1]);
  const bleu = corpusBleu(hyps, [refs]);
  console.log(
    `${label}: BLEU ${bleu.score.toFixed(2)} (${bleu.signature}), ${seconds.toFixed(0)} s for ${dev.length} sentences`,
  );
  for (let i = 0; i < Math.min(3, dev.length); i++)
    console.log(`  ${dev[i][0]} → ${hyps[i]}   [ref: ${refs[i]}]`);
  return {
    bleu: Number(bleu.score.toFixed(2)),
    signature: bleu.signature,
    seconds: Number(seconds.toFixed(1)),
  };
}
