import { describeValue, FormatError } from '../errors';
import { addedTokensFromJson } from './added-tokens';
import { decoderFromJson } from './decoder-from-json';
import { field } from './json';
import { normalizerFromJson } from './normalizer-from-json';
import { PipelineTokenizer } from './pipeline-tokenizer';
import { postProcessorFromJson } from './post-processor-from-json';
import { preTokenizerFromJson } from './pre-tokenizer-from-json';
import { segmenterFromJson } from './segmenters/from-json';

/**
 * Loads a Hugging Face `tokenizer.json` (text or parsed object): BPE, WordLevel and WordPiece `model`s
 * with their normalizers, pre-tokenizers (ByteLevel, Whitespace, Split, Metaspace, …),
 * post-processors and decoders. Malformed input is a {@link FormatError} naming the field
 * (`model.merges[12]`) or, for JSON syntax errors, the line.
 *
 * @example
 * ```ts
 * const tok = fromTokenizerJson(await (await fetch('/bert-base-uncased/tokenizer.json')).text());
 * tok.encode('Hello world!').tokens; // ['[CLS]', 'hello', 'world', '!', '[SEP]']
 * ```
 */
export function fromTokenizerJson(json: string | object): PipelineTokenizer {
  let obj: unknown = json;
  if (typeof json === 'string') obj = parseJson(json, 'tokenizer.json');
  else if (json instanceof Uint8Array) obj = parseJson(new TextDecoder().decode(json), 'tokenizer.json');
  const o = field(obj, 'tokenizer.json');
  if (o.model === undefined)
    throw new FormatError('model: missing (every tokenizer.json has a model)', { field: 'model' });
  if (o.truncation !== undefined && o.truncation !== null && typeof o.truncation !== 'object') {
    throw new FormatError(`truncation: expected null or an object, received ${describeValue(o.truncation)}`, {
      field: 'truncation',
    });
  }
  const tok = new PipelineTokenizer({
    segmenter: segmenterFromJson(o.model, 'model'),
    normalizer: normalizerFromJson(o.normalizer, 'normalizer'),
    preTokenizer: preTokenizerFromJson(o.pre_tokenizer, 'pre_tokenizer'),
    postProcessor: postProcessorFromJson(o.post_processor, 'post_processor'),
    decoder: decoderFromJson(o.decoder, 'decoder'),
    addedTokens: addedTokensFromJson(o.added_tokens),
  });
  const pad = o.padding as { pad_token?: unknown } | null | undefined;
  if (
    pad &&
    typeof pad === 'object' &&
    typeof pad.pad_token === 'string' &&
    tok.tokenToId(pad.pad_token) !== undefined
  ) {
    tok.roles.pad = pad.pad_token;
  }
  return tok;
}

/** JSON.parse with a {@link FormatError} that names the line and column of a syntax error. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    let line: number | undefined;
    let where = '';
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      line = before.split('\n').length;
      const col = pos - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${col}`;
    } else {
      const lm = /line (\d+)/.exec(msg);
      if (lm) line = Number(lm[1]);
    }
    throw new FormatError(`${what}: invalid JSON${where} (${msg})`, { line }, { cause: e });
  }
}
