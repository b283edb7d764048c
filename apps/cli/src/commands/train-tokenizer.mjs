// `glossa train-tokenizer`: BPE (byte-level like GPT-2/tiktoken, or classic subword) from text files,
// saved atomically as a Hugging Face tokenizer.json.
import { saveTokenizerJson, trainBPEFromFile } from '@glossa/tokenizers/node';
import { integer, parse } from '../args.mjs';
import { CliError, describeFsError, UsageError } from '../errors.mjs';
import { checkReadable } from '../io.mjs';
import { progressBar } from '../progress.mjs';

export const usage = `Usage: glossa train-tokenizer FILE... --vocab-size N -o tokenizer.json [options]

Trains BPE on the text files (streamed; never held whole in memory) and writes tokenizer.json.
  --vocab-size N          target vocabulary size, special tokens and base alphabet included
  -o, --output FILE       where to write the tokenizer.json
  --kind KIND             byte-level (default, GPT-2 style, no unknown tokens) or classic
  --special TOKEN         a special token (repeatable), given ids 0, 1, … in order
  --min-frequency N       stop when the best pair occurs fewer times (default 2)
  --lowercase             lowercase before training
  --quiet                 no progress bar`;

const OPTIONS = {
  'vocab-size': { type: 'string' },
  output: { type: 'string', short: 'o' },
  kind: { type: 'string' },
  special: { type: 'string', multiple: true },
  'min-frequency': { type: 'string' },
  lowercase: { type: 'boolean' },
  quiet: { type: 'boolean' },
};

export async function run(argv, io) {
  const { values, positionals: files } = parse(argv, OPTIONS);
  if (files.length === 0) throw new UsageError('give at least one text file to train on');
  if (values['vocab-size'] === undefined) throw new UsageError('--vocab-size is required');
  if (values.output === undefined) throw new UsageError('--output (-o) is required');
  const kind = values.kind ?? 'byte-level';
  if (kind !== 'byte-level' && kind !== 'classic') {
    throw new UsageError(`--kind must be byte-level or classic, got '${kind}'`);
  }
  for (const f of files) checkReadable(f, 'training file');
  const bar = progressBar('training BPE', { enabled: values.quiet ? false : undefined });
  const started = Date.now();
  let tok;
  try {
    tok = await trainBPEFromFile(files, {
      vocabSize: integer(values['vocab-size'], 'vocab-size', { min: 1 }),
      kind,
      specialTokens: values.special,
      minFrequency:
        values['min-frequency'] === undefined ? undefined : integer(values['min-frequency'], 'min-frequency'),
      lowercase: values.lowercase ?? false,
      onProgress: (p) => {
        if (p.phase === 'merge') bar.update(p.done, p.total, `${p.done}/${p.total} merges`);
      },
    });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new CliError(`training failed: ${e.message}`);
  }
  bar.done();
  try {
    saveTokenizerJson(tok, values.output);
  } catch (e) {
    throw new CliError(`cannot write tokenizer file '${values.output}': ${describeFsError(e)}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.out(
    `wrote ${values.output}: ${kind} BPE, vocabulary ${tok.vocabSize}, from ${files.length} file(s) in ${seconds} s`,
  );
  return 0;
}
