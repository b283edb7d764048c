import * as tf from '@tensorflow/tfjs-core';
import { FormatError, MissingFileError } from '../errors';
import type { HttpOptions } from './http-store';
import { openStore, type PretrainedSource } from './open-store';
import { PRETRAINED_FILES, parseIndex } from './pretrained-layout';
import type { ByteReader, PretrainedStore } from './pretrained-store';
import { setOwn } from './safetensors-header';
import { readSafetensorsStream } from './safetensors-stream';

/** Progress of a load or save: bytes of weight files read (or written) so far, of how many. */
export interface PretrainedProgress {
  /** Bytes of weight files read (saves: written) so far. */
  loadedBytes: number;
  /** Bytes of all weight files; `undefined` when a server does not say (no `Content-Length`). */
  totalBytes: number | undefined;
  /** The file being read or written. */
  file: string;
}

/** Options of `loadPretrained`. */
export interface LoadPretrainedOptions extends HttpOptions {
  /** Stops the load (fetches are cancelled, tensors made so far disposed); it rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Called as weight bytes arrive: after each read from a file, each chunk of a download. */
  onProgress?: ((progress: PretrainedProgress) => void) | undefined;
  /** Read `tokenizer.json` when there is one (default `true`). */
  tokenizer?: boolean | undefined;
}

/** A loaded model folder. */
export interface Pretrained {
  /** `config.json`, parsed. */
  config: Record<string, unknown>;
  /** Every tensor of the weight files by name: floats as float32, integers int32, BOOL bool. */
  state: Record<string, tf.Tensor>;
  /** The weight files' `__metadata__` (merged across shards). */
  metadata: Record<string, string>;
  /** `tokenizer.json`, parsed, when the folder has one (core does not interpret it). */
  tokenizerJson?: unknown;
  /** The weight files read, in order. */
  files: string[];
  /** Disposes every tensor of `state`. */
  dispose(): void;
}

const WHAT = 'loadPretrained(source)';

/** A missing file that a store reports as absent (not a server error or a refused request). */
const absent = (e: unknown) => e instanceof MissingFileError && (e.status === undefined || e.status === 404);

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FormatError(`${WHAT}: ${where} is not valid JSON (${(e as Error).message})`, undefined, {
      cause: e,
    });
  }
}

/**
 * Loads a model saved the Hugging Face way — `config.json`, weights as `model.safetensors` or as
 * shards listed by `model.safetensors.index.json`, and `tokenizer.json` when present — from a
 * folder (Node), a URL prefix, or `indexeddb://<name>`. Weights are read a tensor at a time (from
 * a file handle, a download as it streams, or a stored `Blob`) and each buffer becomes its tensor,
 * so the load peaks near the size of the tensors themselves. F16/BF16/F64 become float32, I64
 * int32 (range-checked). Missing files are `MissingFileError`s (path or URL, HTTP status), a bad
 * index or header a `FormatError`; on any error or abort the tensors made so far are disposed.
 *
 * @example
 * ```ts
 * const { config, state, tokenizerJson, dispose } = await loadPretrained('https://huggingface.co/gpt2/resolve/main/', {
 *   onProgress: ({ loadedBytes, totalBytes }) => console.log(loadedBytes, '/', totalBytes),
 * });
 * model.loadStateDict(state, { prefix: 'transformer.', strict: false });
 * dispose();
 * ```
 */
export async function loadPretrained(
  source: PretrainedSource,
  options: LoadPretrainedOptions = {},
): Promise<Pretrained> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const store = openStore(source, WHAT, options);
  const state: Record<string, tf.Tensor> = {};
  const readers: ByteReader[] = [];
  try {
    const config = parseJson(
      await store.readText(PRETRAINED_FILES.config, signal),
      store.locate(PRETRAINED_FILES.config),
    );
    if (!config || typeof config !== 'object' || Array.isArray(config)) {
      throw new FormatError(`${WHAT}: ${store.locate(PRETRAINED_FILES.config)} must hold a JSON object`);
    }
    let tokenizerJson: unknown;
    if (options.tokenizer !== false) {
      const text = await store.readText(PRETRAINED_FILES.tokenizer, signal).catch((e) => {
        if (absent(e)) return undefined;
        throw e;
      });
      if (text !== undefined) tokenizerJson = parseJson(text, store.locate(PRETRAINED_FILES.tokenizer));
    }

    let loaded = 0;
    let totalBytes: number | undefined;
    let file: string = PRETRAINED_FILES.weights;
    const onBytes = (n: number) => {
      loaded += n;
      onProgress?.({ loadedBytes: loaded, totalBytes, file });
    };
    const readOptions = { signal, onBytes };

    // The single file first (as Hugging Face does), then the index.
    const files: string[] = [];
    let expected: Map<string, Set<string>> | undefined; // shard → the tensors the index puts there
    let first: ByteReader | undefined;
    try {
      first = await store.open(PRETRAINED_FILES.weights, readOptions);
      readers.push(first);
      files.push(PRETRAINED_FILES.weights);
      totalBytes = first.size;
    } catch (e) {
      if (!absent(e)) throw e;
      const indexText = await store.readText(PRETRAINED_FILES.index, signal).catch((e2) => {
        if (!absent(e2)) throw e2;
        throw new MissingFileError(
          `${WHAT}: no weights: neither ${store.locate(PRETRAINED_FILES.weights)} nor ${store.locate(PRETRAINED_FILES.index)} exists`,
          store.locate(PRETRAINED_FILES.weights),
          (e as MissingFileError).status,
        );
      });
      const index = parseIndex(indexText, store.locate(PRETRAINED_FILES.index));
      expected = new Map();
      for (const [name, shard] of Object.entries(index.weight_map)) {
        if (!expected.has(shard)) expected.set(shard, new Set());
        expected.get(shard)!.add(name);
      }
      files.push(...[...expected.keys()].sort());
      totalBytes = await totalSize(store, files, signal);
    }

    const metadata: Record<string, string> = {};
    for (const shard of files) {
      file = shard;
      const reader = first ?? (await store.open(shard, readOptions));
      first = undefined;
      if (!readers.includes(reader)) readers.push(reader);
      const where = store.locate(shard);
      const names = new Set<string>();
      const read = await readSafetensorsStream(
        reader,
        where,
        (entry, d) => {
          if (Object.hasOwn(state, entry.name)) {
            throw new FormatError(
              `${WHAT}: tensor '${entry.name}' is in more than one weight file (again in ${where})`,
            );
          }
          setOwn(state, entry.name, tf.tensor(d.data, d.shape, d.dtype));
          names.add(entry.name);
        },
        signal,
      );
      await reader.close();
      for (const [k, v] of Object.entries(read.metadata)) setOwn(metadata, k, v);
      if (expected) checkShard(expected.get(shard)!, names, where, store.locate(PRETRAINED_FILES.index));
    }
    return {
      config: config as Record<string, unknown>,
      state,
      metadata,
      ...(tokenizerJson === undefined ? {} : { tokenizerJson }),
      files,
      dispose: () => tf.dispose(Object.values(state)),
    };
  } catch (e) {
    tf.dispose(Object.values(state));
    throw e;
  } finally {
    await Promise.all(readers.map((r) => r.close().catch(() => {})));
    await store.close?.();
  }
}

/** The sum of the shards' sizes, or `undefined` if any is unknown. */
async function totalSize(
  store: PretrainedStore,
  files: string[],
  signal?: AbortSignal,
): Promise<number | undefined> {
  const sizes = await Promise.all(files.map((f) => store.size(f, signal)));
  return sizes.some((s) => s === undefined) ? undefined : sizes.reduce<number>((a, b) => a + b!, 0);
}

/** The tensors a shard holds must be exactly those the index puts there. */
function checkShard(expected: Set<string>, found: Set<string>, where: string, index: string): void {
  const missing = [...expected].filter((n) => !found.has(n));
  const extra = [...found].filter((n) => !expected.has(n));
  if (missing.length || extra.length) {
    const parts: string[] = [];
    if (missing.length)
      parts.push(`${index} puts ${missing.map((n) => `'${n}'`).join(', ')} in it but it lacks them`);
    if (extra.length)
      parts.push(`it holds ${extra.map((n) => `'${n}'`).join(', ')} that the index does not put there`);
    throw new FormatError(`${WHAT}: ${where}: ${parts.join('; ')}`, { field: 'weight_map' });
  }
}
