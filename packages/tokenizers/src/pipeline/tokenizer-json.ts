import { describeValue, FormatError } from '../errors';
import { addedTokensFromJson } from './added-tokens';
import { decoderFromJson } from './decoder-from-json';
import { field, type JsonObject } from './json';
import { scanTokenizerJsonBytes } from './json-bytes';
import { scanTokenizerJson } from './json-scan';
import { normalizerFromJson } from './normalizer-from-json';
import { PipelineTokenizer } from './pipeline-tokenizer';
import { postProcessorFromJson } from './post-processor-from-json';
import { preTokenizerFromJson } from './pre-tokenizer-from-json';
import { segmenterFromJson } from './segmenters/from-json';

/**
 * Options of {@link fromTokenizerJson}.
 *
 * @example
 * ```ts
 * const untrusted: TokenizerJsonOptions = { splitSpecialTokens: true };
 * ```
 */
export interface TokenizerJsonOptions {
  /**
   * Read special tokens written in the text as plain text unless `encode` says otherwise (Hugging Face's
   * `split_special_tokens`). Default `false`: `<|endoftext|>` in the text is the end-of-text id, as in
   * Hugging Face tokenizers and transformers.js.
   */
  splitSpecialTokens?: boolean;
  /** Use the one-pass encoders for byte-level and SentencePiece BPE. Default `true`. */
  fastPaths?: boolean;
}

/**
 * Loads a Hugging Face `tokenizer.json` (text, UTF-8 bytes or parsed object): BPE, Unigram, WordLevel and
 * WordPiece `model`s with their normalizers, pre-tokenizers (ByteLevel, Whitespace, Split, Metaspace, …),
 * post-processors, decoders and added tokens, encoding as Hugging Face tokenizers does — special tokens
 * written in the text included (see {@link TokenizerJsonOptions.splitSpecialTokens} for untrusted input).
 * Byte-level BPE (GPT-2, Llama 3, Qwen) and SentencePiece BPE (Llama 2, Gemma) pipelines get one-pass
 * encoders. Text is read fastest: the vocabulary and merges are scanned without building a JSON object.
 * Malformed input is a {@link FormatError} naming the field (`model.merges[12]`) or, for JSON syntax
 * errors, the line.
 *
 * @example
 * ```ts
 * const tok = fromTokenizerJson(await (await fetch('/bert-base-uncased/tokenizer.json')).text());
 * tok.encode('Hello world!').tokens; // ['[CLS]', 'hello', 'world', '!', '[SEP]']
 * ```
 */
export function fromTokenizerJson(
  json: string | object,
  options: TokenizerJsonOptions = {},
): PipelineTokenizer {
  let obj: unknown = json;
  if (typeof json === 'string') obj = parseTokenizerJsonText(json);
  else if (json instanceof Uint8Array) obj = parseTokenizerJsonBytes(json);
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
    splitSpecialTokens: options.splitSpecialTokens,
    fastPaths: options.fastPaths,
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

/**
 * Parses `tokenizer.json` text, reading the model's vocabulary and merges with {@link scanTokenizerJson}
 * (no 100,000-key object, no merge strings) and the rest with `JSON.parse`.
 */
function parseTokenizerJsonText(text: string): unknown {
  const scanned = scanTokenizerJson(text);
  if (scanned === null) return parseJson(text, 'tokenizer.json');
  let obj: unknown;
  try {
    obj = JSON.parse(scanned.rest);
  } catch {
    return parseJson(text, 'tokenizer.json'); // the error with its place in the original text
  }
  const model = (obj as { model?: unknown }).model as JsonObject;
  if (scanned.vocab) model.vocab = scanned.vocab;
  if (scanned.merges) model.merges = scanned.merges;
  return obj;
}

/**
 * Parses `tokenizer.json` bytes, reading the vocabulary and merges from the bytes with
 * {@link scanTokenizerJsonBytes} (merge rules built as they are read, only the rest decoded); anything it
 * does not expect goes the text way.
 */
function parseTokenizerJsonBytes(bytes: Uint8Array): unknown {
  const scanned = scanTokenizerJsonBytes(bytes);
  if (scanned !== null) {
    let obj: unknown;
    try {
      obj = JSON.parse(scanned.rest);
    } catch {
      obj = undefined; // the text path names the line and column
    }
    const model = (obj as { model?: unknown } | undefined)?.model as JsonObject | undefined;
    if (model !== undefined) {
      if (scanned.vocab) model.vocab = scanned.vocab;
      if (scanned.merges) model.merges = scanned.merges;
      return obj;
    }
  }
  return parseTokenizerJsonText(new TextDecoder().decode(bytes));
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
