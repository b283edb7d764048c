/**
 * Node-only helpers (file paths): `import { getEncoding } from '@glossa/tokenizers/node'`.
 * The main entry has no `fs` import so it runs in browsers; these read and write files.
 *
 * @packageDocumentation
 */
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError } from './errors';
import type { PipelineTokenizer } from './pipeline/pipeline-tokenizer';
import { fromTokenizerJson } from './pipeline/tokenizer-json';
import { ENCODINGS, type EncodingName, encodingSpec } from './tiktoken/encodings';
import { fromTiktoken } from './tiktoken/from-tiktoken';
import type { TiktokenOptions } from './tiktoken/options';
import type { TiktokenTokenizer } from './tiktoken/tiktoken';
import { type TrainBPEOptions, trainBPE } from './train/train-bpe';
import { WordCounter } from './train/word-counter';

/**
 * A known encoding (`cl100k_base`, `o200k_base`, `r50k_base`/`gpt2`, …) from its rank file.
 * `location` is the `.tiktoken` file or a folder holding `<name>.tiktoken`; without it the folder in
 * `GLOSSA_TIKTOKEN_DIR` is used.
 *
 * @example
 * ```ts
 * const enc = getEncoding('cl100k_base', '../shared/data/tiktoken');
 * enc.encode('hello world').ids; // [15339, 1917]
 * ```
 */
export function getEncoding(name: EncodingName | string, location?: string): TiktokenTokenizer {
  const spec = encodingSpec(name);
  const canonical = name === 'gpt2' ? 'r50k_base' : name;
  const where = location ?? process.env.GLOSSA_TIKTOKEN_DIR;
  if (!where) {
    throw new ArgumentError(
      'getEncoding(location)',
      `the rank file of ${JSON.stringify(name)} or its folder (or GLOSSA_TIKTOKEN_DIR set)`,
      location,
    );
  }
  const file =
    existsSync(where) && statSync(where).isDirectory() ? join(where, `${canonical}.tiktoken`) : where;
  if (!existsSync(file))
    throw new ArgumentError(
      location === undefined ? 'GLOSSA_TIKTOKEN_DIR' : 'getEncoding(location)',
      `the rank file of ${JSON.stringify(name)} or its folder (no rank file at ${file})`,
      where,
    );
  return fromTiktoken(readFileSync(file), {
    pattern: spec.pattern,
    specialTokens: spec.specialTokens,
    name: canonical,
  });
}

/** A tiktoken rank file with an explicit pattern and special tokens. */
export function loadTiktoken(path: string, options: TiktokenOptions): TiktokenTokenizer {
  return fromTiktoken(readFileSync(path), options);
}

/** Reads a Hugging Face `tokenizer.json`. */
export function loadTokenizerJson(path: string): PipelineTokenizer {
  return fromTokenizerJson(readFileSync(path, 'utf8'));
}

/** Writes a tokenizer as `tokenizer.json` (readable by `loadTokenizerJson` / `fromTokenizerJson`). */
export function saveTokenizerJson(tok: PipelineTokenizer | TiktokenTokenizer, path: string): void {
  writeFileSync(path, tok.toTokenizerJson());
}

/**
 * Trains BPE on text files, streamed in chunks cut at line breaks (the files are never held whole
 * in memory).
 *
 * @example
 * ```ts
 * const tok = await trainBPEFromFile('../shared/data/gutenberg-en.train.txt', { vocabSize: 8000 });
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
  return trainBPE(counter, options);
}
