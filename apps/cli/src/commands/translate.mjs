// `glossa translate`: English → French with a Seq2SeqTransformer folder (by default the repo's shipped
// en-fr asset), one translation per line, greedy or beam search.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Seq2SeqTransformer } from '@glossa/transformers';
import { integer, parse } from '../args.mjs';
import { selectBackend } from '../backend.mjs';
import { CliError, UsageError } from '../errors.mjs';
import { readText, splitLines } from '../io.mjs';

/** The en-fr asset of @glossa/transformers in this repository, relative to this file. */
export const DEFAULT_MODEL = fileURLToPath(
  new URL('../../../../packages/transformers/assets/en-fr', import.meta.url),
);

export const usage = `Usage: glossa translate [SENTENCE...] [-i FILE] [--model DIR] [--beams N] [--json]

Translates English sentences into French with a Seq2SeqTransformer folder (config.json,
model.safetensors, tokenizer.json). The sentences are the arguments (one each), or the lines of
-i FILE, or the lines of standard input; one translation per line is printed.
  -i, --input FILE   read one sentence per line from FILE (empty lines are kept as empty)
  -m, --model DIR    the model folder (default: the shipped packages/transformers/assets/en-fr)
  -b, --beams N      beam search with N beams (default 1 = greedy)
  --json             print [{"source": ..., "translation": ...}, ...] instead
  --backend NAME     wasm (default) or cpu`;

const OPTIONS = {
  input: { type: 'string', short: 'i' },
  model: { type: 'string', short: 'm' },
  beams: { type: 'string', short: 'b' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
};

export async function run(argv, io) {
  const { values, positionals } = parse(argv, OPTIONS);
  if (positionals.length > 0 && values.input !== undefined) {
    throw new UsageError('give the sentences as arguments or with --input, not both');
  }
  const numBeams = values.beams === undefined ? 1 : integer(values.beams, 'beams');
  const dir = values.model ?? DEFAULT_MODEL;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CliError(
      values.model === undefined
        ? `the shipped en-fr model is missing at '${dir}' (give a model folder with --model)`
        : `model folder '${dir}' does not exist`,
    );
  }
  const sentences =
    positionals.length > 0
      ? positionals
      : splitLines(values.input !== undefined ? readText(values.input, 'input file') : await io.stdin());
  if (sentences.length === 0)
    throw new UsageError('no sentences: give them as arguments, -i FILE or on stdin');
  await selectBackend(values.backend);
  let model;
  try {
    model = await Seq2SeqTransformer.fromPretrained(dir);
  } catch (e) {
    throw new CliError(`cannot load model folder '${dir}': ${String(e?.message ?? e).split('\n')[0]}`);
  }
  try {
    if (!model.tokenizer) throw new CliError(`model folder '${dir}' has no tokenizer.json`);
    // Empty lines stay empty rather than being fed to the model.
    const todo = sentences.filter((s) => s.trim() !== '');
    const done = todo.length > 0 ? await model.translate(todo, { numBeams }) : [];
    let k = 0;
    const out = sentences.map((s) => (s.trim() === '' ? '' : done[k++]));
    if (values.json) {
      io.out(
        JSON.stringify(
          sentences.map((source, i) => ({ source, translation: out[i] })),
          null,
          2,
        ),
      );
    } else {
      for (const line of out) io.out(line);
    }
    return 0;
  } finally {
    model.dispose();
  }
}
