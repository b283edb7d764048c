// @glossa/metrics vs sacreBLEU / NLTK / rouge-score on the same data in one run. Not a test.
// Data: the first 10,000 English sentences of Tatoeba (shared/data) as references, deterministic
// perturbations as hypotheses; ROUGE on SciTLDR summary pairs.
// Peers run from Python when available: NLTK (Debian python3-nltk) always; sacreBLEU when
// SACREBLEU_SRC points to a sacreBLEU checkout (it runs from source), rouge-score when
// ROUGE_SCORE_SRC points to a directory holding its `rouge` package. Otherwise the figures from
// shared/BASELINES.md are quoted and marked as such.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusBleu, corpusChrf, rougeScorer, sentenceBleu } from '@glossa/metrics';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', '..', 'shared', 'data');
const N = 10_000;

let seed = 12345;
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};
const refs = readFileSync(join(data, 'tatoeba-eng-fra.train.tsv'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, N)
  .map((l) => l.split('\t')[0]);
const hyps = refs.map((r) =>
  r
    .split(' ')
    .filter(() => rand() > 0.1)
    .map((w) => (rand() < 0.08 ? 'the' : w))
    .join(' '),
);
const sci = readFileSync(join(data, 'scitldr-a.dev.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const rougePairs = [];
while (rougePairs.length < 2000) {
  for (const r of sci)
    if (rougePairs.length < 2000) rougePairs.push([r.summaries[0], r.summaries[1] ?? r.title]);
}

function time(fn, reps = 5) {
  fn(); // warm-up
  const ts = [];
  let out;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    out = fn();
    ts.push((performance.now() - t) / 1000);
  }
  ts.sort((a, b) => a - b);
  return { s: ts[Math.floor(ts.length / 2)], out };
}

const tmp = mkdtempSync(join(tmpdir(), 'glossa-metrics-bench-'));
writeFileSync(join(tmp, 'data.json'), JSON.stringify({ hyps, refs, rouge: rougePairs }));

function python(code, env = {}) {
  const r = spawnSync('/usr/bin/python3', ['-c', code, join(tmp, 'data.json')], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const fmt = (s) => `${s.toFixed(3)} s`;
console.log(
  `node ${process.version}; ${N} segments (Tatoeba en), ${rougePairs.length} ROUGE pairs (SciTLDR)`,
);

const gBleu = time(() => corpusBleu(hyps, [refs]));
const gSent = time(() => hyps.map((h, i) => sentenceBleu(h, [refs[i]]).score), 3);
const gChrf = time(() => corpusChrf(hyps, [refs]), 3);
const scorer = rougeScorer({ rougeTypes: ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'], useStemmer: true });
const gRouge = time(() => rougePairs.map(([t, p]) => scorer.score(t, p)), 3);
console.log(`glossa corpusBleu        ${fmt(gBleu.s)}  BLEU = ${gBleu.out.score.toFixed(6)}`);
console.log(`glossa sentenceBleu ×N   ${fmt(gSent.s)}`);
console.log(`glossa corpusChrf        ${fmt(gChrf.s)}  chrF = ${gChrf.out.score.toFixed(6)}`);
console.log(`glossa ROUGE 1/2/L/Lsum+stem ${(rougePairs.length / gRouge.s).toFixed(0)} pairs/s`);

const TIMER = `
import json, sys, time
d = json.load(open(sys.argv[1]))
def best(fn, reps=3):
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); out = fn(); ts.append(time.perf_counter() - t)
    ts.sort(); return ts[len(ts)//2], out
`;
const nltkRes = python(`${TIMER}
from nltk.translate.bleu_score import corpus_bleu
H = [h.split() for h in d['hyps']]; R = [[r.split()] for r in d['refs']]
s, v = best(lambda: corpus_bleu(R, H))
print(json.dumps({'s': s, 'score': v * 100}))
`);
if (nltkRes) {
  // NLTK takes pre-split tokens (whitespace split, no 13a tokenization), so its score differs by design.
  const g = corpusBleu(hyps, [refs], { tokenize: 'none' });
  console.log(
    `NLTK corpus_bleu         ${fmt(nltkRes.s)}  BLEU = ${nltkRes.score.toFixed(6)} (glossa tok:none ${g.score.toFixed(6)}) → glossa ${(nltkRes.s / gBleu.s).toFixed(1)}× faster`,
  );
} else console.log('NLTK not available (python3-nltk)');

const sb = process.env.SACREBLEU_SRC
  ? python(
      `${TIMER}
sys.path.insert(0, '${process.env.SACREBLEU_SRC}')
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF
R = [d['refs']]
s1, b = best(lambda: BLEU().corpus_score(d['hyps'], R))
s2, _ = best(lambda: [sacrebleu.sentence_bleu(h, [r]).score for h, r in zip(d['hyps'], d['refs'])], 1)
s3, c = best(lambda: CHRF().corpus_score(d['hyps'], R), 1)
print(json.dumps({'bleu': s1, 'score': b.score, 'sent': s2, 'chrf': s3, 'chrf_score': c.score}))
`,
      { PYTHONPATH: [process.env.SACREBLEU_STUBS, process.env.PYTHONPATH].filter(Boolean).join(':') },
    )
  : null;
if (sb) {
  console.log(
    `sacreBLEU corpus_bleu    ${fmt(sb.bleu)}  BLEU = ${sb.score.toFixed(6)} identical: ${Math.abs(sb.score - gBleu.out.score) <= 1e-9 * sb.score} → glossa ${(sb.bleu / gBleu.s).toFixed(1)}×`,
  );
  console.log(`sacreBLEU sentence_bleu  ${fmt(sb.sent)} → glossa ${(sb.sent / gSent.s).toFixed(1)}×`);
  console.log(
    `sacreBLEU chrF           ${fmt(sb.chrf)}  chrF = ${sb.chrf_score.toFixed(6)} identical: ${Math.abs(sb.chrf_score - gChrf.out.score) <= 1e-9 * sb.chrf_score} → glossa ${(sb.chrf / gChrf.s).toFixed(1)}×`,
  );
} else {
  console.log(
    'sacreBLEU not run here (set SACREBLEU_SRC); quoting shared/BASELINES.md: 0.87 s corpus, 1.08 s sentence, 1.83 s chrF',
  );
  console.log(
    `  ratios vs quoted figures: corpus ${(0.87 / gBleu.s).toFixed(1)}×, sentence ${(1.08 / gSent.s).toFixed(1)}×, chrF ${(1.83 / gChrf.s).toFixed(1)}×`,
  );
}

const rs = process.env.ROUGE_SCORE_SRC
  ? python(`${TIMER}
sys.path.insert(0, '${process.env.ROUGE_SCORE_SRC}')
from rouge import rouge_scorer
sc = rouge_scorer.RougeScorer(['rouge1', 'rouge2', 'rougeL', 'rougeLsum'], use_stemmer=True)
s, out = best(lambda: [sc.score(t, p) for t, p in d['rouge']], 1)
print(json.dumps({'s': s, 'f1': [o['rougeL'].fmeasure for o in out]}))
`)
  : null;
if (rs) {
  const same = gRouge.out.every((o, i) => Math.abs(o.rougeL.fmeasure - rs.f1[i]) <= 1e-12);
  console.log(
    `rouge-score              ${(rougePairs.length / rs.s).toFixed(0)} pairs/s identical rougeL: ${same} → glossa ${(rs.s / gRouge.s).toFixed(1)}×`,
  );
} else {
  console.log(
    `rouge-score not run here (set ROUGE_SCORE_SRC); quoting 601 pairs/s → glossa ${(rougePairs.length / gRouge.s / 601).toFixed(1)}×`,
  );
}
