// `glossa word2vec train|evaluate|query`: word2vec (skip-gram or CBOW) from a text file with
// @glossa/embeddings, saved in gensim's word2vec text or binary format; gensim's analogy and
// word-similarity evaluations; nearest neighbours and analogies from a vector file.
import { readFileSync } from 'node:fs';
import {
  evaluateWordAnalogies,
  evaluateWordPairs,
  KeyedVectors,
  LineSentences,
  Word2Vec,
} from '@glossa/embeddings';
import { integer, number, parse } from '../args.mjs';
import { CliError, describeFsError, UsageError } from '../errors.mjs';
import { checkReadable, readText, writeTextAtomic } from '../io.mjs';
import { progressBar } from '../progress.mjs';

export const usage = `Usage: glossa word2vec <train|evaluate|query> [options]

  glossa word2vec train FILE -o vectors.bin [--text] [options]
      trains on FILE (one sentence per line, split on whitespace) and writes the vectors in
      word2vec binary format (--text: word2vec text format), as gensim's save_word2vec_format
  glossa word2vec evaluate -m vectors.bin [--analogies questions-words.txt] [--similarity wordsim.tsv]
      analogy accuracy per section (3CosAdd, gensim's evaluate_word_analogies) and Pearson /
      Spearman correlation with human similarity scores (gensim's evaluate_word_pairs)
  glossa word2vec query -m vectors.bin WORD... [--negative WORD]... [-n N]
      the N nearest words to the sum of WORDs minus the --negative words (king - man + woman:
      query king woman --negative man)

  --mode MODE       skipgram (default) or cbow
  --size N          vector size (default 100)     --window N     context window (default 5)
  --min-count N     rarer words are dropped (default 5)   --epochs N   passes (default 5)
  --negative-samples N   negative samples (default 5)     --sample X   subsampling (default 1e-3)
  --lowercase       lowercase the text            --seed N       seed (default 1)
  --text            vector files in word2vec text format (default binary; read: by the extension .txt)
  --quiet           no progress bar`;

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  model: { type: 'string', short: 'm' },
  text: { type: 'boolean' },
  mode: { type: 'string' },
  size: { type: 'string' },
  window: { type: 'string' },
  'min-count': { type: 'string' },
  epochs: { type: 'string' },
  'negative-samples': { type: 'string' },
  sample: { type: 'string' },
  lowercase: { type: 'boolean' },
  seed: { type: 'string' },
  analogies: { type: 'string' },
  similarity: { type: 'string' },
  negative: { type: 'string', multiple: true },
  n: { type: 'string', short: 'n' },
  quiet: { type: 'boolean' },
};

const formatOf = (path, text) => (text || /\.(txt|vec)$/i.test(path) ? 'word2vec-text' : 'word2vec-binary');

async function train(files, values, io) {
  if (files.length !== 1) throw new UsageError('give one text file to train on');
  if (values.output === undefined) throw new UsageError('--output (-o) is required');
  const mode = values.mode ?? 'skipgram';
  if (mode !== 'skipgram' && mode !== 'cbow')
    throw new UsageError(`--mode must be skipgram or cbow, got '${mode}'`);
  const int = (name, fallback, min = 1) =>
    values[name] === undefined ? fallback : integer(values[name], name, { min });
  const options = {
    mode,
    vectorSize: int('size', 100),
    window: int('window', 5),
    minCount: int('min-count', 5),
    epochs: int('epochs', 5),
    negative: int('negative-samples', 5, 0),
    sample: values.sample === undefined ? 1e-3 : number(values.sample, 'sample', { min: 0 }),
    seed: int('seed', 1, 0),
  };
  checkReadable(files[0], 'training file');
  const bar = progressBar('training word2vec', { enabled: values.quiet ? false : undefined });
  let model;
  try {
    model = await Word2Vec.train(new LineSentences(files[0], { lowercase: values.lowercase ?? false }), {
      ...options,
      onProgress: (p) =>
        bar.update(p.progress, 1, `epoch ${p.epoch + 1}/${p.epochs} ${Math.round(p.wordsPerSecond)} words/s`),
    });
  } catch (e) {
    throw new CliError(`training on '${files[0]}' failed: ${e.message}`);
  }
  bar.done();
  const wv = model.wv;
  if (wv.size === 0)
    throw new CliError(`no word of '${files[0]}' occurs --min-count ${options.minCount} times`);
  const format = formatOf(values.output, values.text);
  writeTextAtomic(values.output, wv.serialize({ format }), 'vector file');
  const s = model.stats;
  io.out(
    `wrote ${values.output}: ${wv.size} words x ${options.vectorSize} (${format}, ${mode}), ` +
      `${Math.round(s?.wordsPerSecond ?? 0)} words/s`,
  );
  return 0;
}

function loadVectors(values) {
  if (values.model === undefined) throw new UsageError('--model (-m) is required');
  let bytes;
  try {
    bytes = readFileSync(values.model);
  } catch (e) {
    throw new CliError(`cannot read vector file '${values.model}': ${describeFsError(e)}`);
  }
  try {
    return KeyedVectors.parse(bytes, { format: formatOf(values.model, values.text) });
  } catch (e) {
    throw new CliError(`cannot load vector file '${values.model}': ${e.message}`);
  }
}

function evaluate(files, values, io) {
  if (files.length > 0) throw new UsageError(`unexpected argument '${files[0]}'`);
  if (values.analogies === undefined && values.similarity === undefined) {
    throw new UsageError('give --analogies FILE and/or --similarity FILE');
  }
  const kv = loadVectors(values);
  if (values.analogies !== undefined) {
    const r = evaluateWordAnalogies(kv, readText(values.analogies, 'analogy file'));
    for (const s of r.sections) {
      const n = s.correct.length + s.incorrect.length;
      io.out(`${s.section}: ${(100 * s.accuracy).toFixed(1)}% (${s.correct.length}/${n})`);
    }
    io.out(
      `analogies: ${(100 * r.score).toFixed(2)}% of ${r.questions - r.oov} questions (${r.oov} skipped: out of vocabulary)`,
    );
  }
  if (values.similarity !== undefined) {
    const r = evaluateWordPairs(kv, readText(values.similarity, 'similarity file'));
    io.out(
      `similarity: pearson ${r.pearson.toFixed(4)}, spearman ${r.spearman.toFixed(4)}, ` +
        `${r.pairs} pairs, ${(100 * r.oovRatio).toFixed(1)}% out of vocabulary`,
    );
  }
  return 0;
}

function query(words, values, io) {
  if (words.length === 0) throw new UsageError('give at least one word');
  const kv = loadVectors(values);
  const negative = values.negative ?? [];
  for (const w of [...words, ...negative])
    if (!kv.has(w)) throw new CliError(`'${w}' is not in the vocabulary of '${values.model}'`);
  const topN = values.n === undefined ? 10 : integer(values.n, 'n');
  for (const { word, similarity } of kv.mostSimilar(words, { negative, topN })) {
    io.out(`${word}\t${similarity.toFixed(4)}`);
  }
  return 0;
}

const ACTIONS = { train, evaluate, query };

export async function run(argv, io) {
  const [action, ...rest] = argv;
  const fn = ACTIONS[action];
  if (!fn) {
    throw new UsageError(
      action === undefined
        ? 'give an action: train, evaluate or query'
        : `unknown action '${action}' (train, evaluate or query)`,
    );
  }
  const { values, positionals } = parse(rest, OPTIONS);
  return fn(positionals, values, io);
}
