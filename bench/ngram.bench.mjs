// @glossa/ngram vs NLTK nltk.lm: counting and scoring speed on the same sentences, in one run.
// Both sides get identical pre-tokenised sentences (simpleSentences of gutenberg-en) and the same events
// (one <s>, one </s>, n-grams of every order ending at each predicted token), vocabulary minCount 2.
// Also times glossa alone on the full 1.9M-token training split (orders 2-4).
// Run: pnpm --filter @glossa/ngram build && node bench/ngram.bench.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddKModel, countNgrams, KneserNeyModel, simpleSentences } from '@glossa/ngram';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', '..', 'shared', 'data');
if (!existsSync(data)) {
  console.log(`skipped: ${data} not found`);
  process.exit(0);
}
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const timed = (f) => {
  const c = cpuMs();
  const w = performance.now();
  const result = f();
  return { result, wall: performance.now() - w, cpu: cpuMs() - c };
};

const train = simpleSentences(readFileSync(join(data, 'gutenberg-en.train.txt'), 'utf8'));
const valid = simpleSentences(readFileSync(join(data, 'gutenberg-en.valid.txt'), 'utf8'));
const tokens = train.reduce((a, s) => a + s.length, 0);

console.log(
  `glossa alone, full gutenberg-en.train (${train.length} sentences, ${tokens} tokens), minCount 2:`,
);
for (const order of [2, 3, 4]) {
  const t = timed(() => countNgrams(train, { order, minCount: 2 }));
  const s = timed(() => new KneserNeyModel(t.result).evaluate(valid));
  console.log(
    `  order ${order}: count ${(t.wall / 1000).toFixed(2)} s wall / ${(t.cpu / 1000).toFixed(2)} s cpu, ` +
      `${t.result.nodes} n-grams; KN perplexity of valid (${s.result.tokens} tokens) ${s.result.perplexity.toFixed(1)} in ${(s.wall / 1000).toFixed(2)} s`,
  );
}

// Same work for both: a subset small enough for NLTK.
const sub = train.slice(0, 10000);
const subTokens = sub.reduce((a, s) => a + s.length, 0);
const score = valid.slice(0, 2000);
const scoreKn = valid.slice(0, 10);
const order = 3;
const dir = mkdtempSync(join(tmpdir(), 'ngram-bench-'));
writeFileSync(join(dir, 'in.json'), JSON.stringify({ train: sub, score, scoreKn, order }));
const py = `
import json, math, sys, time
from nltk.lm import Laplace, KneserNeyInterpolated, Vocabulary
d = json.load(open(sys.argv[1]))
n = d['order']
def events(sents):
    for s in sents:
        t = ['<s>'] + s + ['</s>']
        yield [tuple(t[i-k+1:i+1]) for i in range(1, len(t)) for k in range(1, min(n, i+1)+1)]
def top(sents):
    out = []
    for s in sents:
        t = ['<s>'] + s + ['</s>']
        out += [tuple(t[max(0,i-n+1):i+1]) for i in range(1, len(t))]
    return out
t0 = time.process_time()
class V(Vocabulary):
    def __len__(self): return super().__len__() - 1  # <s> is never predicted (glossa's V)
vocab = V([w for s in d['train'] for w in s] + ['<s>', '</s>'] * 2, unk_cutoff=2, unk_label='<unk>')
lm = Laplace(n, vocabulary=vocab)
lm.fit(events([[vocab.lookup(w) for w in s] for s in d['train']]))
count = time.process_time() - t0
t0 = time.process_time()
ppl = lm.perplexity(top([[vocab.lookup(w) for w in s] for s in d['score']]))
score = time.process_time() - t0
kn = KneserNeyInterpolated(n, discount=0.75, vocabulary=vocab)
kn.counts = lm.counts
kn.estimator.counts = lm.counts
t0 = time.process_time()
# NLTK's KN: score the top-order events of a few sentences (its lower orders scan all n-grams per query;
# contexts starting with <s> divide by zero there, so only events whose context does not start with <s>).
evs = [e for e in top([[vocab.lookup(w) for w in s] for s in d['scoreKn']]) if len(e) == n and e[0] != '<s>']
for e in evs: kn.score(e[-1], e[:-1])
kn_time = time.process_time() - t0
print(json.dumps({'count': count, 'score': score, 'ppl': ppl, 'kn': kn_time, 'knEvents': len(evs)}))
`;
writeFileSync(join(dir, 'bench.py'), py);
const r = spawnSync('/usr/bin/python3', [join(dir, 'bench.py'), join(dir, 'in.json')], { encoding: 'utf8' });
if (r.status !== 0) {
  console.log(
    `NLTK peer not available (${(r.stderr || r.error || '').toString().trim().split('\n').at(-1)})`,
  );
  process.exit(0);
}
const nltk = JSON.parse(r.stdout);
const g = timed(() => countNgrams(sub, { order, minCount: 2 }));
new AddKModel(g.result, { k: 1 }).perplexity(score.slice(0, 50)); // JIT warm-up
const gs = timed(() => new AddKModel(g.result, { k: 1 }).perplexity(score));
const kn = new KneserNeyModel(g.result);
const evs = [];
for (const s of scoreKn) {
  const t = ['<s>', ...s, '</s>'];
  for (let i = order - 1; i < t.length; i++)
    if (t[i - order + 1] !== '<s>') evs.push(t.slice(i - order + 1, i + 1));
}
const REPEAT = 100; // glossa is too fast to time one pass
const gk = timed(() => {
  let x = 0;
  for (let r = 0; r < REPEAT; r++) for (const e of evs) x += kn.prob(e[order - 1], e.slice(0, order - 1));
  return x;
});
console.log(
  `\nvs NLTK ${'nltk.lm'} (CPU seconds; ${sub.length} sentences / ${subTokens} tokens, order ${order}):`,
);
const row = (name, a, b) =>
  console.log(
    `  ${name.padEnd(34)} glossa ${a.toPrecision(3)} s  nltk ${b.toPrecision(3)} s  ratio ${(b / a).toFixed(1)}x`,
  );
row('count (vocabulary + all orders)', g.cpu / 1000, nltk.count);
row(`Laplace perplexity, ${score.length} sentences`, gs.cpu / 1000, nltk.score);
row(`KN p(w|h), ${evs.length} events`, gk.cpu / REPEAT / 1000, nltk.kn);
console.log(
  `  Laplace perplexity: glossa ${gs.result.toFixed(4)}  nltk ${nltk.ppl.toFixed(4)} (same definition)`,
);
