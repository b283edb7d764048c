/**
 * Node-only helpers (file paths): `import { getEncoding } from '@glossa/tokenizers/node'`.
 * The main entry has no `fs` import so it runs in browsers; these read and write files.
 *
 * @packageDocumentation
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { ArgumentError } from './errors';
import type { PipelineTokenizer } from './pipeline/pipeline-tokenizer';
import { fromTokenizerJson } from './pipeline/tokenizer-json';
import { readShippedRanks } from './shipped-ranks';
import type { EncodingName, EncodingOptions } from './tiktoken/encoding-spec';
import {
  canonicalName,
  ENCODINGS,
  encodingSpec,
  getEncoding as getEncodingFrom,
  shippedModule,
} from './tiktoken/encodings';
import { fromTiktoken } from './tiktoken/from-tiktoken';
import type { TiktokenOptions } from './tiktoken/options';
import type { TiktokenTokenizer } from './tiktoken/tiktoken';
import { type TrainBPEOptions, trainBPE } from './train/train-bpe';
import { wordPieceVocabText } from './train/train-wordpiece';
import { WordCounter } from './train/word-counter';

/**
 * A known encoding (`cl100k_base`, `o200k_base`, `r50k_base`/`gpt2`, `p50k_base`, `p50k_edit`),
 * synchronously. Without `location` its ranks come with the package (no files to fetch). With
 * `location` they are read from a rank file: a `.tiktoken` file, js-tiktoken's `bpe_ranks` text, or a
 * folder holding `<name>.tiktoken`; the file must hold exactly that encoding's ranks (an
 * {@link ArgumentError} says what it holds instead: another encoding's ranks, a file cut short…).
 *
 * @example
 * ```ts
 * import { getEncoding } from '@glossa/tokenizers/node';
 * const enc = getEncoding('cl100k_base');
 * enc.encode('hello world').ids; // [15339, 1917]
 * ```
 */
export function getEncoding(
  name: EncodingName | string,
  location?: string,
  options?: EncodingOptions,
): TiktokenTokenizer {
  encodingSpec(name);
  const canonical = canonicalName(name);
  if (location === undefined)
    return getEncodingFrom(name, readShippedRanks(shippedModule(canonical)), options);
  if (typeof location !== 'string' || location === '') {
    throw new ArgumentError(
      'getEncoding(location)',
      `a path to the rank file of ${canonical} or its folder (or nothing, for the shipped ranks)`,
      location,
    );
  }
  const file =
    existsSync(location) && statSync(location).isDirectory()
      ? join(location, `${canonical}.tiktoken`)
      : location;
  if (!existsSync(file)) {
    throw new ArgumentError(
      'getEncoding(location)',
      `the rank file of ${canonical} or its folder (no rank file at ${file})`,
      location,
    );
  }
  return getEncodingFrom(name, readFileSync(file), options);
}

/**
 * A tiktoken rank file (`.tiktoken` or js-tiktoken's `bpe_ranks` text) with an explicit pattern and
 * special tokens.
 *
 * @example
 * ```ts
 * const enc = loadTiktoken('my_encoding.tiktoken', { pattern: '\\S+|\\s+' });
 * ```
 */
export function loadTiktoken(path: string, options: TiktokenOptions): TiktokenTokenizer {
  return fromTiktoken(readFileSync(path), options);
}

/**
 * Reads a Hugging Face `tokenizer.json`.
 *
 * @example
 * ```ts
 * const tok = loadTokenizerJson('bert-base-uncased/tokenizer.json');
 * ```
 */
export function loadTokenizerJson(path: string): PipelineTokenizer {
  return fromTokenizerJson(readFileSync(path)); // bytes: the vocabulary and merges are read without decoding the file
}

/**
 * Writes a tokenizer as `tokenizer.json` (readable by `loadTokenizerJson` / `fromTokenizerJson`),
 * atomically: the JSON goes to a temporary file in the same folder, which then replaces `path`, so a
 * failure midway leaves any earlier file intact.
 *
 * @example
 * ```ts
 * saveTokenizerJson(trainBPE(lines, { vocabSize: 8000 }), 'tokenizer.json');
 * ```
 */
export function saveTokenizerJson(tok: PipelineTokenizer | TiktokenTokenizer, path: string): void {
  writeFileAtomic(path, tok.toTokenizerJson());
}

/**
 * Trains BPE on text files, streamed in chunks cut at line breaks (the files are never held whole
 * in memory).
 *
 * @example
 * ```ts
 * const tok = await trainBPEFromFile('corpus.txt', { vocabSize: 8000 });
 * ```
 */
export async function trainBPEFromFile(
  paths: string | string[],
  options: TrainBPEOptions,
): Promise<PipelineTokenizer> {
  const list = Array.isArray(paths) ? paths : [paths];
  const kind = options.kind ?? 'byte-level';
  const pattern =
    kind === 'byte-level'
      ? (options.pattern ?? ENCODINGS.cl100k_base!.pattern)
      : '[\\p{L}\\p{N}\\p{M}\\p{Pc}\\u200c\\u200d]+|[^\\p{L}\\p{N}\\p{M}\\p{Pc}\\u200c\\u200d\\s]+';
  const norm =
    options.normalization || options.lowercase
      ? (s: string) => {
          let t = options.normalization ? s.normalize(options.normalization) : s;
          if (options.lowercase) t = t.toLowerCase();
          return t;
        }
      : null;
  const counter = new WordCounter(pattern, norm);
  for (const p of list) {
    let rest = '';
    for await (const chunk of createReadStream(p, { encoding: 'utf8', highWaterMark: 1 << 22 })) {
      const text = rest + (chunk as string);
      const cut = text.lastIndexOf('\n') + 1;
      if (cut > 0) {
        counter.add(text.slice(0, cut));
        rest = text.slice(cut);
      } else rest = text;
      options.onProgress?.({ phase: 'count', done: counter.texts, total: 0 });
    }
    if (rest) counter.add(rest);
  }
  if (!counter.hasText()) {
    throw new ArgumentError(
      'trainBPEFromFile(paths)',
      'files with at least one non-whitespace character (empty or all-whitespace files have nothing to learn)',
      paths,
    );
  }
  return trainBPE(counter, options);
}

/**
 * Writes a WordPiece tokenizer (e.g. from `trainWordPiece`) into `dir` as BERT's `vocab.txt` and as
 * `tokenizer.json`, each atomically (temporary file, then rename).
 *
 * @example
 * ```ts
 * saveWordPiece(trainWordPiece(lines, { vocabSize: 8000 }), 'out/bert-tokenizer');
 * ```
 */
export function saveWordPiece(tok: PipelineTokenizer, dir: string): { vocab: string; tokenizerJson: string } {
  const vocab = join(dir, 'vocab.txt');
  const tokenizerJson = join(dir, 'tokenizer.json');
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(vocab, wordPieceVocabText(tok));
  writeFileAtomic(tokenizerJson, tok.toTokenizerJson());
  return { vocab, tokenizerJson };
}
