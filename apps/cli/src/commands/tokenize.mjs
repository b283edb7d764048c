// `glossa tokenize`: a text's ids, tokens and count, with a shipped OpenAI encoding (no download) or
// a Hugging Face tokenizer.json.
import { ENCODINGS } from '@glossa/tokenizers';
import { getEncoding, loadTokenizerJson } from '@glossa/tokenizers/node';
import { parse } from '../args.mjs';
import { CliError, UsageError } from '../errors.mjs';
import { checkReadable, readText } from '../io.mjs';

export const usage = `Usage: glossa tokenize [TEXT] [-i FILE] [-e ENCODING | -t tokenizer.json] [--json]

The text is TEXT, or the contents of -i FILE, or standard input.
  -e, --encoding NAME     ${Object.keys(ENCODINGS).join(', ')}, gpt2 (default cl100k_base)
  -t, --tokenizer FILE    a tokenizer.json (Hugging Face tokenizers format, e.g. from train-tokenizer)
  -i, --input FILE        read the text from FILE
      --json              print {"count", "ids", "tokens"} as JSON
      --ids               print only the ids, space-separated`;

const OPTIONS = {
  encoding: { type: 'string', short: 'e' },
  tokenizer: { type: 'string', short: 't' },
  input: { type: 'string', short: 'i' },
  json: { type: 'boolean' },
  ids: { type: 'boolean' },
};

function loadTokenizer(values) {
  if (values.encoding !== undefined && values.tokenizer !== undefined) {
    throw new UsageError('give either --encoding or --tokenizer, not both');
  }
  if (values.tokenizer !== undefined) {
    checkReadable(values.tokenizer, 'tokenizer file');
    try {
      return loadTokenizerJson(values.tokenizer);
    } catch (e) {
      throw new CliError(`cannot load tokenizer file '${values.tokenizer}': ${e.message}`);
    }
  }
  return getEncoding(values.encoding ?? 'cl100k_base');
}

export async function run(argv, io) {
  const { values, positionals } = parse(argv, OPTIONS);
  if (positionals.length > 0 && values.input !== undefined) {
    throw new UsageError('give the text as an argument or with --input, not both');
  }
  const tokenizer = loadTokenizer(values);
  const text =
    positionals.length > 0
      ? positionals.join(' ')
      : values.input !== undefined
        ? readText(values.input, 'input file')
        : await io.stdin();
  const enc = tokenizer.encode(text);
  if (values.json) {
    io.out(JSON.stringify({ count: enc.ids.length, ids: enc.ids, tokens: enc.tokens }));
  } else if (values.ids) {
    io.out(enc.ids.join(' '));
  } else {
    io.out(`count: ${enc.ids.length}`);
    io.out(`ids: ${enc.ids.join(' ')}`);
    io.out(`tokens: ${enc.tokens.map((t) => JSON.stringify(t)).join(' ')}`);
  }
  return 0;
}
