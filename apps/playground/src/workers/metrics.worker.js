// Metrics page worker: corpus BLEU (with sacreBLEU's signature), chrF and chrF++ identical to
// sacreBLEU, and ROUGE-1/2/L identical to rouge-score (best reference per line, mean over lines).
import { corpusBleu, corpusChrf, rougeScorer } from '@glossa/metrics';
import { serve } from './serve.js';

const lines = (text) => {
  const l = text.split('\n').map((x) => (x.endsWith('\r') ? x.slice(0, -1) : x));
  if (l.length > 1 && l.at(-1) === '') l.pop();
  return l;
};

serve({
  score({ hypotheses, references, tokenize, lowercase, smoothMethod }) {
    const hyps = lines(hypotheses);
    const streams = references.filter((r) => r.trim() !== '').map(lines);
    if (streams.length === 0) throw new Error('give at least one reference');
    for (const [k, s] of streams.entries()) {
      if (s.length !== hyps.length) {
        throw new Error(
          `reference ${k + 1} has ${s.length} lines, the hypotheses ${hyps.length}: one reference line per hypothesis line`,
        );
      }
    }
    const bleu = corpusBleu(hyps, streams, { tokenize, lowercase, smoothMethod });
    const chrf = corpusChrf(hyps, streams, { lowercase });
    const chrfpp = corpusChrf(hyps, streams, { lowercase, wordOrder: 2 });
    const scorer = rougeScorer({ rougeTypes: ['rouge1', 'rouge2', 'rougeL'], useStemmer: true });
    const rouge = {};
    for (const type of ['rouge1', 'rouge2', 'rougeL']) rouge[type] = { precision: 0, recall: 0, fmeasure: 0 };
    hyps.forEach((h, i) => {
      const s = scorer.scoreMulti(
        streams.map((r) => r[i]),
        h,
      );
      for (const type of Object.keys(rouge)) {
        for (const k of ['precision', 'recall', 'fmeasure']) rouge[type][k] += s[type][k] / hyps.length;
      }
    });
    return {
      bleu: {
        line: bleu.format(),
        score: bleu.score,
        precisions: bleu.precisions,
        counts: bleu.counts,
        totals: bleu.totals,
        bp: bleu.bp,
        sysLen: bleu.sysLen,
        refLen: bleu.refLen,
      },
      chrf: { line: chrf.format(), score: chrf.score },
      chrfpp: { line: chrfpp.format(), score: chrfpp.score },
      rouge,
    };
  },
});
