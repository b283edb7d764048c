import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import type { PretrainedProgress } from './load-pretrained';
import { openSink, type PretrainedSource } from './open-store';
import {
  DEFAULT_MAX_SHARD_SIZE,
  formatIndex,
  isWeightFile,
  PRETRAINED_FILES,
  parseByteSize,
  planShards,
  shardFileName,
} from './pretrained-layout';
import { planSafetensors, type SaveDtype, safetensorsChunks, storedAs } from './safetensors-writer';

/** What `savePretrained` writes, and how. */
export interface SavePretrainedOptions {
  /** Written as `config.json`: a JSON object. */
  config: Record<string, unknown>;
  /** Tensors by name (`model.stateDict()`): float32 (stored as `dtype` says), int32, bool. */
  state: Record<string, tf.Tensor>;
  /** Written as `tokenizer.json` when given: a string as is, anything else as JSON. */
  tokenizerJson?: unknown;
  /** Other text files written beside the weights, staged with them (e.g. `{ 'vocab.txt': vocab }`). */
  textFiles?: Record<string, string> | undefined;
  /** How float32 tensors are stored: `'float32'` (default), `'float16'` or `'bfloat16'` (rounded to nearest even). */
  dtype?: SaveDtype | undefined;
  /**
   * Largest weight file, in bytes or as `'2GB'`/`'500MiB'` (default 2 GB, see `DEFAULT_MAX_SHARD_SIZE`).
   * Bigger models are split into `model-0000i-of-0000n.safetensors` plus `model.safetensors.index.json`.
   */
  maxShardSize?: number | string | undefined;
  /** Extra `__metadata__` strings for every weight file (`format: 'pt'` is always there). */
  metadata?: Record<string, string> | undefined;
  /** Stops the save before anything is replaced; it rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Called after each tensor is written, with bytes of weight files written so far. */
  onProgress?: ((progress: PretrainedProgress) => void) | undefined;
}

/** What `savePretrained` wrote. */
export interface SavedPretrained {
  /** Every file written, in the order they were put in place. */
  files: string[];
  /** Bytes of the weight files. */
  weightBytes: number;
}

const WHAT = 'savePretrained';
const DTYPES: readonly SaveDtype[] = ['float32', 'float16', 'bfloat16'];

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return !!x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof tf.Tensor);
}

/**
 * Saves a model the Hugging Face way — `config.json`, `model.safetensors` (or shards and
 * `model.safetensors.index.json` past `maxShardSize`), and `tokenizer.json` when given — to a
 * folder (Node) or `indexeddb://<name>` (browsers). Weight files are streamed a tensor at a time
 * and carry `__metadata__.format = 'pt'`, so `transformers`' `from_pretrained` reads them.
 *
 * Atomic: every file is first written to a temporary file (IndexedDB: staged in memory); only
 * when all are written are they put in place — weights, `tokenizer.json`, `config.json`, the
 * index last — and weight files of an earlier save that this one does not rewrite are deleted.
 * An error or abort before that leaves the previous folder as it was. In IndexedDB the whole
 * replacement is one transaction.
 *
 * @example
 * ```ts
 * await savePretrained('out/tiny-gpt', { config, state: model.stateDict(), dtype: 'float16' });
 * await savePretrained('indexeddb://tiny-gpt', { config, state: model.stateDict(), tokenizerJson });
 * ```
 */
export async function savePretrained(
  target: PretrainedSource,
  options: SavePretrainedOptions,
): Promise<SavedPretrained> {
  if (!isPlainObject(options)) throw new ArgumentError(`${WHAT}(options)`, '{ config, state, … }', options);
  const {
    config,
    state,
    tokenizerJson,
    textFiles = {},
    dtype = 'float32',
    metadata = {},
    signal,
    onProgress,
  } = options;
  if (!isPlainObject(config)) throw new ArgumentError(`${WHAT}(config)`, 'a JSON object', config);
  const configText = `${JSON.stringify(config, null, 2)}\n`;
  if (!isPlainObject(state)) throw new ArgumentError(`${WHAT}(state)`, 'a record of name → tensor', state);
  if (!DTYPES.includes(dtype))
    throw new ArgumentError(`${WHAT}(dtype)`, "'float32', 'float16' or 'bfloat16'", dtype);
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new ArgumentError(`${WHAT}(metadata['${k}'])`, 'a string', v);
  }
  if (!isPlainObject(textFiles))
    throw new ArgumentError(`${WHAT}(textFiles)`, 'a record of file name → text', textFiles);
  for (const [file, content] of Object.entries(textFiles)) {
    const reserved = (Object.values(PRETRAINED_FILES) as string[]).includes(file) || /safetensors/.test(file);
    if (!/^[\w-][\w.-]*$/.test(file) || reserved) {
      throw new ArgumentError(
        `${WHAT}(textFiles)`,
        'plain file names other than config, weights and tokenizer.json',
        file,
      );
    }
    if (typeof content !== 'string')
      throw new ArgumentError(`${WHAT}(textFiles['${file}'])`, 'a string', content);
  }
  const maxShard = parseByteSize(options.maxShardSize ?? DEFAULT_MAX_SHARD_SIZE, `${WHAT}(maxShardSize)`);
  const entries = Object.entries(state);
  const sizes: Array<[string, number]> = [];
  for (const [name, t] of entries) {
    if (!(t instanceof tf.Tensor) || t.isDisposed) {
      throw new ArgumentError(`${WHAT}(state['${name}'])`, 'a tensor that is not disposed', t);
    }
    if (name === '__metadata__')
      throw new ArgumentError(`${WHAT}(state)`, "no tensor named '__metadata__'", name);
    sizes.push([name, storedAs(name, t, dtype, `${WHAT}(state)`).bytes]);
  }
  signal?.throwIfAborted();

  const shards = planShards(sizes, maxShard);
  const names =
    shards.length === 1
      ? [PRETRAINED_FILES.weights]
      : shards.map((_, i) => shardFileName(i + 1, shards.length));
  const meta = { format: 'pt', ...metadata };
  const plans = shards.map((group) =>
    planSafetensors(
      group.map((n) => [n, state[n]!]),
      dtype,
      meta,
      `${WHAT}(state)`,
    ),
  );
  const totalBytes = plans.reduce((a, p) => a + p.bytes, 0);

  const sink = openSink(target, `${WHAT}(target)`);
  const written: string[] = [];
  try {
    const before = await sink.list();
    let done = 0;
    for (let i = 0; i < plans.length; i++) {
      const plan = plans[i]!;
      const file = names[i]!;
      const report = (_: string, bytes: number) => {
        done += bytes;
        onProgress?.({ loadedBytes: done, totalBytes, file });
      };
      done += plan.header.byteLength;
      await sink.stage(file, safetensorsChunks(plan, report), signal);
      written.push(file);
    }
    const text = async function* (s: string) {
      yield new TextEncoder().encode(s);
    };
    if (tokenizerJson !== undefined) {
      const t = typeof tokenizerJson === 'string' ? tokenizerJson : JSON.stringify(tokenizerJson);
      await sink.stage(PRETRAINED_FILES.tokenizer, text(t), signal);
      written.push(PRETRAINED_FILES.tokenizer);
    }
    for (const [file, content] of Object.entries(textFiles)) {
      await sink.stage(file, text(content), signal);
      written.push(file);
    }
    await sink.stage(PRETRAINED_FILES.config, text(configText), signal);
    written.push(PRETRAINED_FILES.config);
    if (shards.length > 1) {
      const map: Record<string, string> = {};
      shards.forEach((group, i) => {
        for (const n of group) map[n] = names[i]!;
      });
      const weightBytes = plans.reduce((a, p) => a + p.tensors.reduce((b, t) => b + t.bytes, 0), 0);
      await sink.stage(PRETRAINED_FILES.index, text(formatIndex(map, weightBytes)), signal);
      written.push(PRETRAINED_FILES.index);
    }
    signal?.throwIfAborted();
    await sink.commit(before.filter((f) => isWeightFile(f) && !written.includes(f)));
    return { files: written, weightBytes: totalBytes };
  } catch (e) {
    await sink.discard();
    throw e;
  } finally {
    await sink.close?.();
  }
}
