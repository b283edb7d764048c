// `glossa generate DIR`: text from a saved GPT folder (what `glossa train gpt` writes, or a Hugging
// Face GPT-2 folder with its tokenizer.json), streamed to stdout piece by piece as it is sampled.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadTokenizerJson } from '@glossa/tokenizers/node';
import { GPT } from '@glossa/transformers';
import { integer, number, parse } from '../args.mjs';
import { selectBackend } from '../backend.mjs';
import { CliError, UsageError } from '../errors.mjs';

export const usage = `Usage: glossa generate DIR [--prompt TEXT] [options]

Samples text from the GPT in DIR (config.json, model.safetensors, tokenizer.json) and streams it to
stdout: the prompt, then the new text.
  -p, --prompt TEXT       where the text starts (default: a newline)
  -n, --max-new-tokens N  tokens to generate (default 200; prompt + N must fit the context)
  --temperature X         sampling temperature (default 0.8; 0 = greedy)
  --top-k N               sample among the N most likely tokens
  --top-p X               nucleus sampling: the smallest set with probability >= X, in (0, 1]
  --seed N                sampling seed (default 0): the same seed gives the same text
  --backend NAME          wasm (default) or cpu`;

const OPTIONS = {
  prompt: { type: 'string', short: 'p' },
  'max-new-tokens': { type: 'string', short: 'n' },
  temperature: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
};

export async function run(argv, io) {
  const { values, positionals } = parse(argv, OPTIONS);
  if (positionals.length !== 1) throw new UsageError('give one model folder');
  const dir = positionals[0];
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CliError(`model folder '${dir}' does not exist`);
  const tokenizerPath = join(dir, 'tokenizer.json');
  if (!existsSync(tokenizerPath)) throw new CliError(`model folder '${dir}' has no tokenizer.json`);
  const maxNewTokens =
    values['max-new-tokens'] === undefined ? 200 : integer(values['max-new-tokens'], 'max-new-tokens');
  const temperature =
    values.temperature === undefined ? 0.8 : number(values.temperature, 'temperature', { min: 0 });
  const topK = values['top-k'] === undefined ? undefined : integer(values['top-k'], 'top-k');
  const topP =
    values['top-p'] === undefined
      ? undefined
      : number(values['top-p'], 'top-p', { min: 0, max: 1, exclusive: true });
  const seed = values.seed === undefined ? 0 : integer(values.seed, 'seed', { min: 0 });
  const prompt = values.prompt ?? '\n';
  await selectBackend(values.backend);
  let tokenizer;
  let gpt;
  try {
    tokenizer = loadTokenizerJson(tokenizerPath);
    gpt = await GPT.fromPretrained(dir);
  } catch (e) {
    throw new CliError(`cannot load model folder '${dir}': ${e.message}`);
  }
  if (maxNewTokens >= gpt.config.blockSize) {
    throw new UsageError(
      `--max-new-tokens must be below the model's context of ${gpt.config.blockSize} tokens, got ${maxNewTokens}`,
    );
  }
  const sampling = temperature > 0 ? { doSample: true, temperature, topK, topP, seed } : {};
  io.write(prompt);
  for await (const piece of gpt.streamText(tokenizer, prompt, { maxNewTokens, ...sampling })) io.write(piece);
  io.write('\n');
  gpt.dispose();
  return 0;
}
