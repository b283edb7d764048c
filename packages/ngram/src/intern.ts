import type { CountOptions } from './count-options';
import { ArgumentError } from './errors';
import { Vocabulary } from './vocabulary';

/**
 * One pass over the strings: gives every distinct word a provisional id (first-occurrence order) and counts it,
 * then maps provisional ids to the vocabulary (with its `minCount` threshold) through an integer table.
 * Internal to {@link countNgrams}.
 *
 * @example
 * ```ts
 * const { vocab, stream } = intern([['a', 'b'], ['a']], { order: 2 }); // stream = [3, 4, 3]
 * ```
 */
export function intern(
  list: readonly (readonly string[])[],
  options: CountOptions,
): { vocab: Vocabulary; stream: Int32Array } {
  let total = 0;
  for (const s of list) total += s.length;
  const stream = new Int32Array(total);
  const local = new Map<string, number>();
  const words: string[] = [];
  let freq = new Float64Array(1024);
  const given = options.vocabulary;
  const bos = given?.bos ?? options.bos ?? '<s>';
  const eos = given?.eos ?? options.eos ?? '</s>';
  let at = 0;
  for (let k = 0; k < list.length; k++) {
    const s = list[k] as readonly string[];
    for (let i = 0; i < s.length; i++) {
      const t = s[i] as string;
      let id = local.get(t);
      if (id === undefined) {
        if (typeof t !== 'string') throw new ArgumentError(`sentences[${k}][${i}]`, 'a string token', t);
        if (t === bos || t === eos) {
          throw new ArgumentError(
            `sentences[${k}][${i}]`,
            `tokens other than ${bos} and ${eos} (added automatically)`,
            t,
          );
        }
        id = words.length;
        local.set(t, id);
        words.push(t);
        if (id === freq.length) {
          const f = new Float64Array(freq.length * 2);
          f.set(freq);
          freq = f;
        }
      }
      freq[id] = (freq[id] as number) + 1;
      stream[at++] = id;
    }
  }
  let vocab = given;
  if (vocab === undefined) {
    const minCount = options.minCount ?? 1;
    if (!Number.isInteger(minCount) || minCount < 1) {
      throw new ArgumentError('options.minCount', 'an integer >= 1', minCount);
    }
    vocab = new Vocabulary(
      words.filter((_, i) => (freq[i] as number) >= minCount),
      options,
    );
  }
  const remap = new Int32Array(words.length);
  for (let i = 0; i < words.length; i++) remap[i] = vocab.id(words[i] as string);
  for (let i = 0; i < total; i++) stream[i] = remap[stream[i] as number] as number;
  return { vocab, stream };
}
