// `glossa ngram train|perplexity|sample`: Kneser-Ney n-gram language models saved as ARPA files
// (the format SRILM and KenLM read), perplexity of text files, and samples.
import { countNgrams, KneserNeyModel, parseArpa, simpleSentences, toArpa } from '@glossa/ngram';
import { integer, parse } from '../args.mjs';
import { CliError, UsageError } from '../errors.mjs';
import { readText, writeTextAtomic } from '../io.mjs';
import { progressBar } from '../progress.mjs';

export const usage = `Usage: glossa ngram <train|perplexity|sample> [options]

  glossa ngram train FILE... --order N -o model.arpa [--modified] [--min-count N] [--case]
      counts n-grams (sentences split and tokenised with @glossa/ngram's simple tokenizer,
      lowercased unless --case) and writes an interpolated Kneser-Ney model as an ARPA file
  glossa ngram perplexity -m model.arpa FILE... [--case] [--json]
      perplexity, tokens and out-of-vocabulary words of the text files under the model
  glossa ngram sample -m model.arpa [-n N] [--seed S] [--prefix "words"]
      N sentences sampled from the model (default 5, seed 0)

  --discount D     Kneser-Ney discount in (0, 1] (default 0.75; --modified: fitted per order)
  --quiet          no progress bar`;

const OPTIONS = {
  order: { type: 'string' },
  output: { type: 'string', short: 'o' },
  model: { type: 'string', short: 'm' },
  modified: { type: 'boolean' },
  discount: { type: 'string' },
  'min-count': { type: 'string' },
  case: { type: 'boolean' },
  json: { type: 'boolean' },
  n: { type: 'string', short: 'n' },
  seed: { type: 'string' },
  prefix: { type: 'string' },
  quiet: { type: 'boolean' },
};

/** Sentences of the files, one progress step per file. */
function readSentences(files, values, label) {
  const bar = progressBar(label, { enabled: values.quiet ? false : undefined });
  const sentences = [];
  files.forEach((f, i) => {
    for (const s of simpleSentences(readText(f, 'text file'), { lowercase: !values.case })) sentences.push(s);
    bar.update(i + 1, files.length, `${sentences.length} sentences`);
  });
  bar.done(`${sentences.length} sentences`);
  return sentences;
}

function loadModel(values) {
  if (values.model === undefined) throw new UsageError('--model (-m) is required');
  try {
    return parseArpa(readText(values.model, 'model file'));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot load model file '${values.model}': ${e.message}`);
  }
}

function train(files, values, io) {
  if (values.order === undefined) throw new UsageError('--order is required');
  if (values.output === undefined) throw new UsageError('--output (-o) is required');
  const order = integer(values.order, 'order');
  const sentences = readSentences(files, values, 'reading');
  if (sentences.length === 0) throw new CliError(`no words in ${files.map((f) => `'${f}'`).join(', ')}`);
  const counts = countNgrams(sentences, {
    order,
    minCount: values['min-count'] === undefined ? 1 : integer(values['min-count'], 'min-count'),
  });
  const discount = values.discount === undefined ? 0.75 : Number(values.discount);
  if (!(discount > 0 && discount <= 1)) {
    throw new UsageError(`--discount needs a number in (0, 1], got '${values.discount}'`);
  }
  const model = new KneserNeyModel(counts, { discount, modified: values.modified ?? false });
  writeTextAtomic(values.output, toArpa(model), 'model file');
  io.out(
    `wrote ${values.output}: ${order}-gram ${values.modified ? 'modified ' : ''}Kneser-Ney, vocabulary ${model.vocab.size}, ${sentences.length} sentences`,
  );
  return 0;
}

function perplexity(files, values, io) {
  const model = loadModel(values);
  const r = model.evaluate(readSentences(files, values, 'scoring'));
  if (values.json)
    io.out(JSON.stringify({ perplexity: r.perplexity, tokens: r.tokens, oov: r.oov, logProb: r.logProb }));
  else
    io.out(
      `perplexity = ${r.perplexity.toFixed(2)} (tokens = ${r.tokens}, oov = ${r.oov}, order = ${model.order})`,
    );
  return 0;
}

function sample(files, values, io) {
  if (files.length > 0) throw new UsageError(`unexpected argument '${files[0]}'`);
  const model = loadModel(values);
  const n = values.n === undefined ? 5 : integer(values.n, 'n');
  const seed = values.seed === undefined ? 0 : integer(values.seed, 'seed', { min: 0 });
  const prefix =
    values.prefix === undefined ? [] : (simpleSentences(values.prefix, { lowercase: !values.case })[0] ?? []);
  for (let i = 0; i < n; i++) io.out([...prefix, ...model.generate({ prefix, seed: seed + i })].join(' '));
  return 0;
}

const ACTIONS = { train, perplexity, sample };

export async function run(argv, io) {
  const [action, ...rest] = argv;
  const fn = ACTIONS[action];
  if (!fn) {
    throw new UsageError(
      action === undefined
        ? 'give an action: train, perplexity or sample'
        : `unknown action '${action}' (train, perplexity or sample)`,
    );
  }
  const { values, positionals } = parse(rest, OPTIONS);
  if (fn !== sample && positionals.length === 0) throw new UsageError('give at least one text file');
  return fn(positionals, values, io);
}
