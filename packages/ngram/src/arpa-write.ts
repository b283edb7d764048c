import { ArgumentError } from './errors';
import { KneserNeyModel } from './kneser-ney';
import { Vocabulary } from './vocabulary';

/**
 * Writes an interpolated Kneser-Ney model as an ARPA back-off file (the text format SRILM, KenLM and most
 * decoders read). Every n-gram seen in training is listed with log10 of its full interpolated probability, and
 * every listed context with log10 of its interpolation weight γ(h) as the back-off weight, so that the usual
 * back-off rule p(w | h) = bow(h) · p(w | h′) for unlisted n-grams reproduces the model exactly. All vocabulary
 * tokens are listed as unigrams; `<s>` gets log10 p = −99 (never predicted), as SRILM writes it.
 *
 * @example
 * ```ts
 * const kn = new KneserNeyModel(countNgrams(sentences, { order: 3 }));
 * writeFileSync('model.arpa', toArpa(kn));
 * const back = parseArpa(readFileSync('model.arpa', 'utf8')); // same probabilities
 * ```
 */
export function toArpa(model: KneserNeyModel): string {
  if (!(model instanceof KneserNeyModel)) {
    throw new ArgumentError(
      'model',
      'a KneserNeyModel (MLE, add-k and stupid backoff have no exact back-off form)',
      model,
    );
  }
  const counts = model.counts;
  const vocab = model.vocab;
  const n = model.order;
  const byOrder: number[][] = Array.from({ length: n + 1 }, () => []);
  for (let node = 1; node < counts.nodes; node++) {
    const d = counts.depth[node] as number;
    if (d >= 2) byOrder[d]?.push(node);
  }
  const fmt = (x: number): string => String(Object.is(x, -0) ? 0 : x);
  const token = (id: number): string => vocab.token(id);
  const sections: string[] = [];
  // Unigrams: every vocabulary token, in id order.
  const uni: string[] = [];
  for (let id = 0; id < vocab.size; id++) {
    const node = counts.child(0, id);
    const lp = id === Vocabulary.BOS ? -99 : Math.log10(model.prob(token(id)));
    let line = `${fmt(lp)}\t${token(id)}`;
    if (n > 1) line += `\t${fmt(node >= 0 ? Math.log10(model.backoffWeight(node)) : 0)}`;
    uni.push(line);
  }
  sections.push(`\\1-grams:\n${uni.join('\n')}\n`);
  for (let k = 2; k <= n; k++) {
    const lines: string[] = [];
    for (const node of byOrder[k] as number[]) {
      const ids = counts.ngramIds(node);
      const words = ids.map(token);
      const lp = Math.log10(model.prob(words[k - 1] as string, words.slice(0, k - 1)));
      let line = `${fmt(lp)}\t${words.join(' ')}`;
      if (k < n) line += `\t${fmt(Math.log10(model.backoffWeight(node)))}`;
      lines.push(line);
    }
    sections.push(`\\${k}-grams:\n${lines.join('\n')}${lines.length ? '\n' : ''}`);
  }
  const header = ['\\data\\', `ngram 1=${vocab.size}`];
  for (let k = 2; k <= n; k++) header.push(`ngram ${k}=${(byOrder[k] as number[]).length}`);
  return `${header.join('\n')}\n\n${sections.join('\n')}\n\\end\\\n`;
}
